import { describe, expect, it } from 'vitest';
import { createDocuments } from './formats';
import { exportSpacy, importSpacy } from './spacy';

describe('spaCy JSON', () => {
  it('writes {text, ents, title} with code-point offsets', () => {
    const [doc] = createDocuments([{ name: '기사', text: '𠀀 서울', entities: [{ start: 3, end: 5, label: 'LOC', source: 'model', status: 'accepted', score: 0.5 }] }]);
    expect(JSON.parse(exportSpacy([doc]).content)).toEqual([{ text: '𠀀 서울', ents: [{ start: 2, end: 4, label: 'LOC' }], title: '기사' }]);
  });

  it('writes pending proposals only with includePending, after the decided entities by position, and rejected ones never', () => {
    const [doc] = createDocuments([
      {
        name: '기사',
        text: '𠀀 서울 부산 대구',
        entities: [
          { start: 9, end: 11, label: 'LOC', source: 'model', status: 'rejected' },
          { start: 6, end: 8, label: 'LOC', source: 'model', status: 'pending' },
          { start: 3, end: 5, label: 'LOC', source: 'human' },
        ],
      },
    ]);
    expect(JSON.parse(exportSpacy([doc]).content)[0].ents).toEqual([{ start: 2, end: 4, label: 'LOC' }]);
    expect(JSON.parse(exportSpacy([doc], { includePending: true }).content)[0].ents).toEqual([
      { start: 2, end: 4, label: 'LOC' },
      { start: 5, end: 7, label: 'LOC' },
    ]);
  });

  it('names the field of a broken entity', () => {
    expect(() => importSpacy('[{"text": "가"}, {"text": "가", "ents": [{"start": 0, "end": 1}]}]', 'x.json')).toThrow(
      /field "\[1\]\.ents\[0\]\.label": expected a string, got undefined/,
    );
  });
});
