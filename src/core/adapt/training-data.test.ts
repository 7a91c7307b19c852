import { describe, expect, it } from 'vitest';
import { adaptedLabels, parseTrainingJsonl, tokenTags, tooFewProblem } from './training-data';

const BASE = ['O', 'B-PER', 'I-PER', 'B-LOC', 'I-LOC'];

describe('parseTrainingJsonl', () => {
  it('reads ours and doccano\'s lines alike', () => {
    const documents = parseTrainingJsonl(
      ['{"text": "이순신 장군", "entities": [{"start": 0, "end": 3, "label": "PER"}]}', '', '{"text": "부산 앞바다", "label": [[0, 2, "LOC"]]}'].join('\n'),
      'f.jsonl',
    );
    expect(documents).toEqual([
      { text: '이순신 장군', entities: [{ start: 0, end: 3, label: 'PER' }], line: 1 },
      { text: '부산 앞바다', entities: [{ start: 0, end: 2, label: 'LOC' }], line: 3 },
    ]);
  });

  it('lists every bad line with its number and why', () => {
    const content = ['not json', '{"text": "ab", "entities": [{"start": 1, "end": 1, "label": "X"}]}', '{"text": "ab", "label": [[0, 1, "B-X"]]}'].join('\n');
    expect(() => parseTrainingJsonl(content, 'f.jsonl')).toThrow(
      /3 problems, nothing was used:\n {2}f\.jsonl:1: not valid JSON.*\n {2}f\.jsonl:2: entity 1 \[1, 1, "X"\]: start must be before end\n {2}f\.jsonl:3: entity 1 \[0, 1, "B-X"\]: label "B-X" is reserved/,
    );
  });
});

describe('tooFewProblem', () => {
  const documents = (count: number, label: string) => Array.from({ length: count }, (_, index) => ({ text: '이순신', entities: index < 4 ? [{ start: 0, end: 3, label }] : [], line: index + 1 }));

  it('names the new type that has too few examples and how many more it needs', () => {
    expect(tooFewProblem(documents(12, 'SHIP'), BASE)).toBe('too few examples to adapt: type SHIP (new: the base model does not have it): 4 entities, at least 10 are needed (6 more)');
    // a known type keeps what the base model learnt: no minimum; a new type that starts from a base type: neither
    expect(tooFewProblem(documents(12, 'PER'), BASE)).toBeNull();
    expect(tooFewProblem(documents(12, 'SHIP'), BASE, new Set(['SHIP']))).toBeNull();
    expect(tooFewProblem(documents(3, 'PER'), BASE)).toBe('too few examples to adapt: 3 documents: at least 10 are needed (7 more)');
  });
});

describe('adaptedLabels and tokenTags', () => {
  it('puts the base model\'s types first in its order, new ones after, and tags tokens by their first character', () => {
    const labels = adaptedLabels(['SHIP', 'LOC', 'PER'], BASE);
    expect(labels).toEqual(['O', 'B-PER', 'I-PER', 'B-LOC', 'I-LOC', 'B-SHIP', 'I-SHIP']);
    const index = new Map(labels.map((label, i) => [label, i]));
    expect(Array.from(tokenTags('독도함 출항', Int32Array.from([0, 1, 2, 3, 4, 5]), [{ start: 0, end: 3, label: 'SHIP' }], index))).toEqual([5, 6, 6, 0, 0, 0]);
  });
});
