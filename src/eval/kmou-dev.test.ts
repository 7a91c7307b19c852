import { describe, expect, it } from 'vitest';
import { joinIntoDocuments, type GoldSentence } from './kmou-dev';

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
