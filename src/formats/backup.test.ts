import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AnnotatedDocument } from '../annotation/document';
import { arbitraryDocument } from '../annotation/test-documents';
import { BACKUP_FORMAT, planRestore, readBackup, writeBackup } from './backup';

const doc = (id: string, extra: Partial<AnnotatedDocument> = {}): AnnotatedDocument => ({
  id,
  name: `문서 ${id}`,
  text: '김철수는 서울에 산다.',
  entities: [
    { start: 0, end: 3, label: 'PER', source: 'model', status: 'accepted', score: 0.97 },
    { start: 5, end: 7, label: 'ORG', source: 'model', status: 'rejected', score: 0.41 },
    { start: 5, end: 7, label: 'LOC', source: 'human' },
  ],
  createdAt: 1_700_000_000_000,
  updatedAt: 1_700_000_100_000,
  ...extra,
});

describe('workspace backup', () => {
  it('gives back every document exactly: names, texts, done, times, and every entity with its source, status and score', () => {
    fc.assert(
      fc.property(fc.uniqueArray(arbitraryDocument, { selector: (d) => d.id, maxLength: 5 }), (documents) => {
        expect(readBackup(writeBackup(documents).content)).toEqual(documents);
      }),
    );
    const kept = readBackup(writeBackup([doc('a', { done: true })]).content);
    expect(kept[0].entities.map((e) => e.status ?? 'human')).toEqual(['accepted', 'rejected', 'human']);
    expect(kept[0].done).toBe(true);
  });

  it('is named after the day and says what it is', () => {
    const file = writeBackup([doc('a')], new Date('2026-12-01T17:00:00Z'));
    expect(file.fileName).toBe('ner-workspace-2026-12-01.json');
    expect(JSON.parse(file.content)).toMatchObject({ format: BACKUP_FORMAT, version: 1, exportedAt: '2026-12-01T17:00:00.000Z' });
  });

  it('refuses another format, a newer version and a broken document, saying where', () => {
    expect(() => readBackup('[{"text": "안녕", "label": []}]')).toThrow(/expected an object/);
    expect(() => readBackup('{"text": "안녕"}')).toThrow(/expected a workspace backup .*a file without one: use Import/);
    expect(() => readBackup(JSON.stringify({ format: BACKUP_FORMAT, version: 2, documents: [] }))).toThrow(/newer version of the app \(backup version 2/);
    const broken = { format: BACKUP_FORMAT, version: 1, documents: [doc('a'), { ...doc('b'), entities: [{ start: 0, end: 99, label: 'PER', source: 'human' }] }] };
    expect(() => readBackup(JSON.stringify(broken))).toThrow(/field "documents\[1\]": entity 0: expected 0 <= start < end <= 12/);
    const twice = { format: BACKUP_FORMAT, version: 1, documents: [doc('a'), doc('a')] };
    expect(() => readBackup(JSON.stringify(twice))).toThrow(/each document id once, got "a" again/);
    expect(() => readBackup('{"format": ')).toThrow(/expected valid JSON/);
  });

  it('restores without overwriting: new documents as they were, the same ones skipped, changed ones as copies beside them', () => {
    let n = 0;
    const plan = planRestore([doc('a'), doc('b', { text: '바뀐 글' })], [doc('a'), doc('b'), doc('c')], () => `new-${++n}`);
    expect(plan.unchanged).toBe(1);
    expect(plan.copies).toBe(1);
    expect(plan.add.map((d) => [d.id, d.name])).toEqual([
      ['new-1', '문서 b (from backup)'],
      ['c', '문서 c'],
    ]);
  });
});
