import { describe, expect, it } from 'vitest';
import type { AnnotatedDocument } from '../annotation/document';
import { placeEarlyText } from './early-text';

const doc = (id: string, text: string, entities: AnnotatedDocument['entities'] = []): AnnotatedDocument => ({ id, name: `Name ${id}`, text, entities, createdAt: 1, updatedAt: 1 });
const base = { firstText: 'SAMPLE', now: 5, newId: () => 'new' };

describe('placeEarlyText', () => {
  it('keeps the stored documents as they are when nothing was typed', () => {
    const documents = [doc('a', '저장된 글')];
    expect(placeEarlyText({ ...base, documents, currentId: 'a', early: '' })).toEqual({ documents, currentId: 'a', changed: [], ownDocument: null });
  });

  it('puts the early text in the open document only when it is empty (no text, no entity)', () => {
    const placed = placeEarlyText({ ...base, documents: [doc('a', 'x'), doc('b', '')], currentId: 'b', early: '먼저 쓴 글' });
    expect(placed.currentId).toBe('b');
    expect(placed.documents.map((d) => d.text)).toEqual(['x', '먼저 쓴 글']);
    expect(placed.changed).toEqual([{ ...doc('b', '먼저 쓴 글'), updatedAt: 5 }]);
    expect(placed.ownDocument).toBeNull();
  });

  it('makes a document of its own, opened and named in the notice, beside an open document that holds text or an entity', () => {
    for (const open of [doc('a', '저장된 글'), doc('a', '', [{ start: 0, end: 0, label: 'PER', source: 'human' }])]) {
      const placed = placeEarlyText({ ...base, documents: [open], currentId: 'a', early: '먼저 쓴 글' });
      expect(placed.documents[0]).toBe(open);
      expect(placed.documents[1]).toMatchObject({ id: 'new', name: 'Document 2', text: '먼저 쓴 글' });
      expect(placed.currentId).toBe('new');
      expect(placed.changed).toEqual([placed.documents[1]]);
      expect(placed.ownDocument).toEqual({ name: 'Document 2', open: 'Name a' });
    }
  });

  it('starts an empty workspace with the early text, else with the sample', () => {
    expect(placeEarlyText({ ...base, documents: [], currentId: null, early: '먼저' }).documents.map((d) => d.text)).toEqual(['먼저']);
    expect(placeEarlyText({ ...base, documents: [], currentId: null, early: '' }).documents.map((d) => d.text)).toEqual(['SAMPLE']);
  });
});
