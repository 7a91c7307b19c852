import { describe, expect, it } from 'vitest';
import { tagsToEntities } from './entities';

const LABELS = ['O', 'B-PER', 'I-PER', 'B-LOC', 'I-LOC', '[CLS]', '[SEP]'];

/** One token per UTF-16 unit of `text`, tagged with `labels` and probability `probabilities`. */
function perCharacter(_text: string, tagLabels: string[], probabilities?: number[]) {
  const numTokens = tagLabels.length;
  return {
    labels: LABELS,
    tags: Int32Array.from(tagLabels, (label) => LABELS.indexOf(label)),
    tagProbabilities: Float32Array.from(probabilities ?? tagLabels.map(() => 0.9)),
    charStarts: Int32Array.from({ length: numTokens }, (_, t) => t),
    charEnds: Int32Array.from({ length: numTokens }, (_, t) => t + 1),
  };
}

describe('tagsToEntities', () => {
  it('makes one entity of B-X followed by I-X, end exclusive, without the particle after it', () => {
    const text = '김철수는 서울에';
    const entities = tagsToEntities(text, perCharacter(text, ['B-PER', 'I-PER', 'I-PER', 'O', 'O', 'B-LOC', 'I-LOC', 'O']));
    expect(entities.map(({ start, end, label, text: surface }) => ({ start, end, label, surface }))).toEqual([
      { start: 0, end: 3, label: 'PER', surface: '김철수' },
      { start: 5, end: 7, label: 'LOC', surface: '서울' },
    ]);
  });

  it('starts a new entity at I-X without B-X, and at I-X after another type', () => {
    const text = 'abcd';
    const entities = tagsToEntities(text, perCharacter(text, ['O', 'I-PER', 'I-LOC', 'I-LOC']));
    expect(entities.map((entity) => [entity.start, entity.end, entity.label])).toEqual([[1, 2, 'PER'], [2, 4, 'LOC']]);
  });

  it('starts a new entity at each B-X', () => {
    const entities = tagsToEntities('ab', perCharacter('ab', ['B-PER', 'B-PER']));
    expect(entities.map((entity) => entity.text)).toEqual(['a', 'b']);
  });

  it('never makes an entity from O or special labels', () => {
    expect(tagsToEntities('abc', perCharacter('abc', ['[CLS]', 'O', '[SEP]']))).toEqual([]);
  });

  it('trims whitespace at the edges of an entity', () => {
    const text = ' 김 철 ';
    const entities = tagsToEntities(text, perCharacter(text, ['B-PER', 'I-PER', 'I-PER', 'I-PER', 'I-PER']));
    expect(entities.map((entity) => [entity.start, entity.end, entity.text])).toEqual([[1, 4, '김 철']]);
  });

  it('drops an entity made only of whitespace or empty tokens', () => {
    expect(tagsToEntities(' ', perCharacter(' ', ['B-PER']))).toEqual([]);
    const empty = { ...perCharacter('a', ['B-PER']), charEnds: Int32Array.of(0) };
    expect(tagsToEntities('a', empty)).toEqual([]);
  });

  it('scores an entity with the lowest probability of its tokens', () => {
    const entities = tagsToEntities('abc', perCharacter('abc', ['B-PER', 'I-PER', 'O'], [0.9, 0.4, 0.1]));
    expect(entities[0].score).toBeCloseTo(0.4, 6);
  });

  it('merges entities that would overlap because their tokens share one original character', () => {
    // "㈜" gives three tokens "(", "주", ")" that all span [0, 1)
    const tokenTags = {
      labels: LABELS,
      tags: Int32Array.of(1, 3, 0),
      tagProbabilities: Float32Array.of(0.8, 0.7, 0.9),
      charStarts: Int32Array.of(0, 0, 0),
      charEnds: Int32Array.of(1, 1, 1),
    };
    const entities = tagsToEntities('㈜', tokenTags);
    expect(entities).toHaveLength(1);
    expect(entities[0]).toMatchObject({ start: 0, end: 1, label: 'PER', text: '㈜' });
    expect(entities[0].score).toBeCloseTo(0.7, 6);
  });

  it('says what it expected when the arrays disagree in length', () => {
    const tokenTags = { ...perCharacter('ab', ['O', 'O']), charEnds: Int32Array.of(1) };
    expect(() => tagsToEntities('ab', tokenTags)).toThrow('expected tags, tagProbabilities, charStarts and charEnds of one length, got 2, 2, 2, 1');
  });
});
