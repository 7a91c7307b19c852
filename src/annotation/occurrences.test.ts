import { describe, expect, it } from 'vitest';
import { type AnnotatedEntity, entitiesProblem, isLive } from './document';
import { applyAcrossDocuments, applyToOccurrences, findOccurrences, occurrenceStates, searchDocuments } from './occurrences';

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

describe('occurrences across documents', () => {
  const doc = (id: string, text: string, entities: AnnotatedEntity[]) => ({ id, name: id, text, entities, createdAt: 1, updatedAt: 1 });

  it('says what stands at each occurrence: a proposal, a decision over it, or nothing', () => {
    const entities = [model(0, 2, 'LOC'), { start: 5, end: 8, label: 'ORG', source: 'human' as const }, { ...model(20, 22, 'PER'), status: 'rejected' as const }];
    expect(occurrenceStates(TEXT, entities, '서울')).toEqual([
      { start: 0, end: 2, state: 'proposed', label: 'LOC' },
      { start: 5, end: 7, state: 'decided', label: 'ORG' },
      { start: 20, end: 22, state: 'open', label: null },
    ]);
    const hits = searchDocuments([doc('a', TEXT, entities), doc('b', '부산 시민', []), doc('c', '서울', [])], '서울');
    expect(hits.map((hit) => [hit.document.id, hit.occurrences.length])).toEqual([['a', 3], ['c', 1]]);
  });

  it('labels every occurrence in every document, keeps a person’s decisions, and changes only the documents it must', () => {
    const documents = [doc('a', TEXT, [model(0, 2, 'LOC'), { start: 5, end: 7, label: 'ORG', source: 'human' }]), doc('b', '부산 시민', []), doc('c', '서울 간다', [])];
    const { changes, changed, kept } = applyAcrossDocuments(documents, '서울', { kind: 'label', label: 'LOC' });
    expect([...changes.keys()]).toEqual(['a', 'c']);
    expect(changed).toBe(3);
    expect(kept).toBe(1);
    expect(changes.get('a')!.filter(isLive)).toEqual([
      { ...model(0, 2, 'LOC'), status: 'accepted' },
      { start: 5, end: 7, label: 'ORG', source: 'human' },
      { start: 20, end: 22, label: 'LOC', source: 'human' },
    ]);
    expect(changes.get('c')).toEqual([{ start: 0, end: 2, label: 'LOC', source: 'human' }]);
    for (const [id, entities] of changes) expect(entitiesProblem(documents.find((d) => d.id === id)!.text, entities)).toBeNull();
  });

  it('rejects the pending proposals of any label at the occurrences, nothing else', () => {
    const documents = [doc('a', TEXT, [model(0, 2, 'LOC'), model(20, 22, 'ORG'), { start: 5, end: 7, label: 'LOC', source: 'human' }])];
    const { changes, changed, kept } = applyAcrossDocuments(documents, '서울', { kind: 'reject' });
    expect([changed, kept]).toEqual([2, 1]);
    expect(changes.get('a')!.map((e) => e.status ?? 'human')).toEqual(['rejected', 'human', 'rejected']);
  });
});
