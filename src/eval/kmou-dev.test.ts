import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isValidationFile, joinIntoDocuments, readKmouSplit, type GoldSentence } from './kmou-dev';

const sentences: GoldSentence[] = [
  { id: 'a#1', text: '김병현은 4회말에', entities: [{ start: 0, end: 3, label: 'PER' }, { start: 5, end: 7, label: 'NOH' }] },
  { id: 'a#2', text: '서울에 갔다.', entities: [{ start: 0, end: 2, label: 'LOC' }] },
  { id: 'a#3', text: '😀 문재인 대통령', entities: [{ start: 3, end: 6, label: 'PER' }] },
];

describe('joinIntoDocuments', () => {
  it('joins consecutive sentences with one space and shifts every entity onto the same surface', () => {
    const documents = joinIntoDocuments(sentences, 2);
    expect(documents.map((d) => d.text)).toEqual(['김병현은 4회말에 서울에 갔다.', '😀 문재인 대통령']);
    const surfaces = (list: readonly GoldSentence[]) =>
      list.flatMap((s) => s.entities.map((e) => `${s.text.slice(e.start, e.end)}:${e.label}`));
    expect(surfaces(documents)).toEqual(surfaces(sentences));
    expect(documents[0].entities[2]).toEqual({ start: 10, end: 12, label: 'LOC' });
  });

  it('size 1 keeps the sentences as they are', () => {
    expect(joinIntoDocuments(sentences, 1).map((d) => [d.text, d.entities])).toEqual(sentences.map((s) => [s.text, s.entities]));
  });
});

describe('the validation split', () => {
  it('holds the train files kner.corpus holds out (int(md5(name), 16) % 20 == 0, computed by Python)', () => {
    // Python: 00002 -> 14, 00003 -> 5, 00004 -> 0, 00020 -> 0, EXOBRAIN_NE_CORPUS_001 -> 6
    expect(['00002_NER.txt', '00003_NER.txt', '00004_NER.txt', '00020_NER.txt', 'EXOBRAIN_NE_CORPUS_001.txt'].map(isValidationFile)).toEqual([
      false, false, true, true, false,
    ]);
  });

  it('agrees with the whole 128-bit number modulo 20 on many names, and never holds a dev file', () => {
    for (let index = 0; index < 500; index++) {
      const name = `${String(index).padStart(5, '0')}_NER.txt`;
      const whole = BigInt(`0x${createHash('md5').update(name).digest('hex')}`) % 20n === 0n;
      expect(isValidationFile(name), name).toBe(whole);
    }
    expect(isValidationFile('EXOBRAIN_NE_CORPUS_009.txt')).toBe(false);
    expect(isValidationFile('EXOBRAIN_NE_CORPUS_010.txt')).toBe(false);
  });

  it('readKmouSplit keeps the sentences of each split only, in file order', () => {
    const folder = mkdtempSync(join(tmpdir(), 'kmou-split-'));
    try {
      const jsonl = join(folder, 'kmou.jsonl');
      const line = (id: string) => JSON.stringify({ id, text: id, entities: [] });
      writeFileSync(jsonl, ['00004_NER.txt#1', '00002_NER.txt#1', 'EXOBRAIN_NE_CORPUS_009.txt#1', '00004_NER.txt#2', 'EXOBRAIN_NE_CORPUS_010.txt#7'].map(line).join('\n'));
      expect(readKmouSplit(jsonl, 'valid').map((s) => s.id)).toEqual(['00004_NER.txt#1', '00004_NER.txt#2']);
      expect(readKmouSplit(jsonl, 'dev').map((s) => s.id)).toEqual(['EXOBRAIN_NE_CORPUS_009.txt#1', 'EXOBRAIN_NE_CORPUS_010.txt#7']);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
