import { describe, expect, it } from 'vitest';
import { type AnnotatedEntity, entitiesProblem, isLive } from './document';
import { applyToOccurrences, findOccurrences } from './occurrences';

const TEXT = '서울에서 서울로, 남서울은 아니다. 서울 시민';
//            서울 [0,2) · 서울 [5,7) · 남서울 [10,13): 서울 [11,13) inside a word · 서울 [20,22)
const model = (start: number, end: number, label: string): AnnotatedEntity => ({ start, end, label, source: 'model', status: 'pending', score: 0.7 });
const source = { start: 0, end: 2, label: 'LOC' };

describe('occurrences', () => {
  it('finds the surface where no word goes on before it', () => {
    expect(findOccurrences(TEXT, '서울')).toEqual([0, 5, 20]);
    expect(findOccurrences(TEXT, ' ')).toEqual([]);
    expect(findOccurrences('aaaa', 'aa')).toEqual([0]);
  });

  it('labels every other occurrence: accepts a matching proposal, adds a person’s entity where none is', () => {
    const entities = [model(0, 2, 'LOC'), model(5, 7, 'LOC')];
    const outcome = applyToOccurrences(TEXT, entities, source, { kind: 'label', label: 'LOC' });
    expect(outcome.changed).toBe(2);
    expect(outcome.entities.filter(isLive)).toEqual([model(0, 2, 'LOC'), { ...model(5, 7, 'LOC'), status: 'accepted' }, { start: 20, end: 22, label: 'LOC', source: 'human' }]);
    expect(entitiesProblem(TEXT, outcome.entities)).toBeNull();
  });

  it('never overrides a person’s decision: their entity and an accepted proposal stay, counted as kept', () => {
    const entities = [model(0, 2, 'LOC'), { start: 5, end: 7, label: 'ORG', source: 'human' as const }, { ...model(20, 24, 'LOC'), status: 'accepted' as const }];
    const outcome = applyToOccurrences(TEXT, entities, source, { kind: 'label', label: 'LOC' });
    expect(outcome).toEqual({ entities, changed: 0, kept: 2 });
  });

  it('rejects the other proposals of the same label only, and accept adds nothing where nothing was proposed', () => {
    const entities = [model(0, 2, 'LOC'), model(5, 7, 'LOC'), model(20, 22, 'ORG')];
    const rejected = applyToOccurrences(TEXT, entities, source, { kind: 'reject' });
    expect(rejected.changed).toBe(1);
    expect(rejected.entities.find((e) => e.start === 5)?.status).toBe('rejected');
    expect(rejected.entities.find((e) => e.start === 20)?.status).toBe('pending');
    const accepted = applyToOccurrences(TEXT, [model(0, 2, 'LOC'), model(5, 7, 'LOC')], source, { kind: 'accept' });
    expect(accepted.changed).toBe(1);
    expect(accepted.entities.some((e) => e.start === 20)).toBe(false);
  });

  it('relabels a proposal of another type: the person’s entity goes over it, the proposal is rejected', () => {
    const outcome = applyToOccurrences(TEXT, [model(0, 2, 'LOC'), model(5, 8, 'ORG')], source, { kind: 'label', label: 'LOC' });
    expect(outcome.entities.filter(isLive)).toContainEqual({ start: 5, end: 7, label: 'LOC', source: 'human' });
    expect(outcome.entities).toContainEqual({ ...model(5, 8, 'ORG'), status: 'rejected' });
    expect(entitiesProblem(TEXT, outcome.entities)).toBeNull();
  });
});
