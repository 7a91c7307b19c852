import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AnnotatedEntity, entitiesProblem, isLive } from './document';
import { type AnnotationAction, acceptAllPending, annotationReducer, canUndo, createHistory, mergeModelRun, pendingCount } from './history';

const TEXT = '김철수는 서울 시청에서 일한다';
//            0123456789...: 김철수 [0,3), 서울 [5,7), 시청 [8,10), 서울 시청 [5,10)
const model = (start: number, end: number, label: string): AnnotatedEntity => ({ start, end, label, source: 'model', status: 'pending', score: 0.9 });

function run(entities: AnnotatedEntity[], ...actions: AnnotationAction[]) {
  return actions.reduce(annotationReducer, createHistory(TEXT, entities));
}

describe('annotationReducer', () => {
  it('accepts a proposal, keeping it a model entity', () => {
    expect(run([model(0, 3, 'PER')], { type: 'accept', index: 0 }).entities).toEqual([{ ...model(0, 3, 'PER'), status: 'accepted' }]);
  });

  it('rejects a proposal by marking it, and deletes a human entity outright', () => {
    expect(run([model(0, 3, 'PER')], { type: 'reject', index: 0 }).entities).toEqual([{ ...model(0, 3, 'PER'), status: 'rejected' }]);
    expect(run([{ start: 0, end: 3, label: 'PER', source: 'human' }], { type: 'delete', index: 0 }).entities).toEqual([]);
  });

  it("relabels a proposal as a person's entity and keeps the proposal as rejected", () => {
    expect(run([model(5, 7, 'PER')], { type: 'relabel', index: 0, label: 'LOC' }).entities).toEqual([
      { start: 5, end: 7, label: 'LOC', source: 'human' },
      { ...model(5, 7, 'PER'), status: 'rejected' },
    ]);
  });

  it('moves a boundary, trimming spaces, and refuses a span over another entity', () => {
    const moved = run([model(5, 7, 'LOC')], { type: 'move', index: 0, start: 4, end: 10 });
    expect(moved.entities.filter(isLive)).toEqual([{ start: 5, end: 10, label: 'LOC', source: 'human' }]);
    const blocked = run([{ start: 0, end: 3, label: 'PER', source: 'human' }, model(5, 7, 'LOC')], { type: 'move', index: 1, start: 2, end: 7 });
    expect(blocked.error).toMatch(/overlaps/);
    expect(blocked.entities).toEqual([{ start: 0, end: 3, label: 'PER', source: 'human' }, model(5, 7, 'LOC')]);
  });

  it("trims a person's span as the model's are trimmed: whitespace and zero-width characters at its edges", () => {
    const text = '\u200b김철수\u200d 씨가 왔다';
    const added = annotationReducer(createHistory(text, []), { type: 'add', start: 0, end: 6, label: 'PER' });
    expect(added.error).toBeNull();
    expect(added.entities).toEqual([{ start: 1, end: 4, label: 'PER', source: 'human' }]);
  });

  it('moves a boundary over a pending proposal by rejecting the proposal', () => {
    const moved = run([{ start: 0, end: 3, label: 'PER', source: 'human' }, model(3, 4, 'LOC')], { type: 'move', index: 0, start: 0, end: 4 });
    expect(moved.error).toBeNull();
    expect(moved.entities).toEqual([{ start: 0, end: 4, label: 'PER', source: 'human' }, { ...model(3, 4, 'LOC'), status: 'rejected' }]);
  });

  it('adds a selection as a human entity, replacing the proposals it overlaps', () => {
    const added = run([model(5, 7, 'LOC'), model(8, 10, 'LOC')], { type: 'add', start: 5, end: 10, label: 'ORG' });
    expect(added.entities.filter(isLive)).toEqual([{ start: 5, end: 10, label: 'ORG', source: 'human' }]);
    expect(run([], { type: 'add', start: 3, end: 5, label: 'ORG' }).entities).toEqual([{ start: 3, end: 4, label: 'ORG', source: 'human' }]);
    expect(run([], { type: 'add', start: 4, end: 5, label: 'ORG' }).error).toMatch(/start < end/);
  });

  it('splits an entity when a selection strictly inside it is labelled: the rest stays as it was', () => {
    // 서울 시청 [5,10) as one LOC proposal; 서울 [5,7) labelled ORG leaves 시청 [8,10) a pending LOC proposal.
    const split = run([model(5, 10, 'LOC')], { type: 'add', start: 5, end: 7, label: 'ORG' });
    expect(split.error).toBeNull();
    expect(split.entities.filter(isLive)).toEqual([
      { start: 5, end: 7, label: 'ORG', source: 'human' },
      model(8, 10, 'LOC'),
    ]);
    expect(split.entities).toContainEqual({ ...model(5, 10, 'LOC'), status: 'rejected' });
    // The middle of a person's entity: both sides stay; the same span as the entity is a relabel, no split.
    const middle = run([{ start: 0, end: 10, label: 'POH', source: 'human' }], { type: 'add', start: 4, end: 7, label: 'LOC' });
    expect(middle.entities).toEqual([
      { start: 0, end: 4, label: 'POH', source: 'human' },
      { start: 5, end: 7, label: 'LOC', source: 'human' },
      { start: 8, end: 10, label: 'POH', source: 'human' },
    ]);
    expect(run([model(5, 10, 'LOC')], { type: 'add', start: 5, end: 10, label: 'ORG' }).entities.filter(isLive)).toEqual([{ start: 5, end: 10, label: 'ORG', source: 'human' }]);
    // One undo step brings the whole entity back.
    expect(annotationReducer(split, { type: 'undo' }).entities).toEqual([model(5, 10, 'LOC')]);
  });

  it('applies a decision to every occurrence as one undo step, and says how many changed', () => {
    const text = '서울 시청과 서울 역, 서울 시민';
    const entities = [model(0, 2, 'LOC'), model(7, 9, 'LOC'), { start: 12, end: 14, label: 'ORG', source: 'human' as const }];
    const start = createHistory(text, entities);
    const applied = annotationReducer(start, {
      type: 'apply-occurrences',
      first: { type: 'accept', index: 0 },
      source: { start: 0, end: 2, label: 'LOC' },
      decision: { kind: 'accept' },
    });
    expect(applied.error).toBeNull();
    expect(applied.entities.map((e) => e.status ?? e.source)).toEqual(['accepted', 'accepted', 'human']);
    expect(applied.note).toEqual({ kind: 'other-occurrences', surface: '서울', changed: 1, kept: 1 });
    expect(annotationReducer(applied, { type: 'undo' }).entities).toEqual(entities);
  });

  it('undoes and redoes every step, and a new edit clears the redo list', () => {
    const initial = [model(0, 3, 'PER')];
    const history = run(initial, { type: 'accept', index: 0 }, { type: 'add', start: 5, end: 7, label: 'LOC' }, { type: 'undo' }, { type: 'undo' });
    expect(history.entities).toEqual(initial);
    const redone = annotationReducer(history, { type: 'redo' });
    expect(redone.entities).toEqual([{ ...model(0, 3, 'PER'), status: 'accepted' }]);
    const branched = annotationReducer(redone, { type: 'delete', index: 0 });
    expect(annotationReducer(branched, { type: 'redo' }).error).toBe('nothing to redo');
  });

  it('accepts every pending proposal in one step, leaving human and rejected entities as they are; one undo restores them', () => {
    const human: AnnotatedEntity = { start: 11, end: 13, label: 'LOC', source: 'human' };
    const rejected: AnnotatedEntity = { ...model(5, 10, 'ORG'), status: 'rejected' };
    const accepted: AnnotatedEntity = { ...model(14, 16, 'DAT'), status: 'accepted' };
    const initial = [model(0, 3, 'PER'), rejected, model(5, 7, 'LOC'), model(8, 10, 'LOC'), human, accepted];
    expect(pendingCount(initial)).toBe(3);
    const history = run(initial, { type: 'accept-all' });
    expect(history.error).toBeNull();
    expect(history.entities).toEqual([
      { ...model(0, 3, 'PER'), status: 'accepted' },
      rejected,
      { ...model(5, 7, 'LOC'), status: 'accepted' },
      { ...model(8, 10, 'LOC'), status: 'accepted' },
      human,
      accepted,
    ]);
    expect(pendingCount(history.entities)).toBe(0);
    expect(history.past).toHaveLength(1);
    const undone = annotationReducer(history, { type: 'undo' });
    expect(undone.entities).toEqual(initial);
    expect(canUndo(undone)).toBe(false);
    expect(annotationReducer(undone, { type: 'redo' }).entities).toEqual(history.entities);
  });

  it('says so when there is nothing to accept, and adds no undo step', () => {
    const history = run([{ start: 0, end: 3, label: 'PER', source: 'human' }, { ...model(5, 7, 'LOC'), status: 'rejected' }], { type: 'accept-all' });
    expect(history.error).toBe('no pending proposals to accept');
    expect(history.past).toHaveLength(0);
  });

  it('leaves pending a proposal that overlaps an entity in force (a damaged record), as a single accept would', () => {
    const human: AnnotatedEntity = { start: 5, end: 10, label: 'ORG', source: 'human' };
    const entities = [model(0, 3, 'PER'), model(5, 7, 'LOC'), human];
    expect(acceptAllPending(entities)).toEqual([{ ...model(0, 3, 'PER'), status: 'accepted' }, model(5, 7, 'LOC'), human]);
    expect(run(entities, { type: 'accept', index: 1 }).error).toMatch(/overlaps/);
  });

  it("never lets a model run override a person's decision", () => {
    const before = run(
      [model(0, 3, 'PER'), model(5, 7, 'LOC'), model(8, 10, 'LOC')],
      { type: 'accept', index: 0 },
      { type: 'reject', index: 1 },
      { type: 'relabel', index: 2, label: 'ORG' },
    );
    const after = annotationReducer(before, {
      type: 'merge-model',
      proposals: [
        { start: 0, end: 4, label: 'PER' }, // overlaps the accepted PER
        { start: 5, end: 7, label: 'LOC' }, // rejected before
        { start: 8, end: 10, label: 'LOC' }, // overlaps the person's ORG
        { start: 13, end: 16, label: 'DAT', score: 0.4 }, // new
      ],
    });
    expect(after.entities.filter((e) => !(e.source === 'model' && e.status === 'pending'))).toEqual(before.entities);
    expect(after.entities.filter((e) => e.status === 'pending')).toEqual([{ start: 13, end: 16, label: 'DAT', source: 'model', status: 'pending', score: 0.4 }]);
  });

  it('takes a model run that changes nothing as no step: the same history, nothing to store or undo', () => {
    const start = run([model(0, 3, 'PER'), { start: 5, end: 10, label: 'ORG', source: 'human' }]);
    const again = annotationReducer(start, { type: 'merge-model', proposals: [{ start: 0, end: 3, label: 'PER', score: 0.9 }] });
    expect(again).toBe(start);
    // the LOC gives way to the person's ORG: still nothing changes
    expect(mergeModelRun(TEXT, start.entities, [{ start: 0, end: 3, label: 'PER', score: 0.9 }, { start: 6, end: 8, label: 'LOC' }])).toBe(start.entities);
    // a changed score is a change: the proposal is the run's, with its confidence
    const rescored = annotationReducer(start, { type: 'merge-model', proposals: [{ start: 0, end: 3, label: 'PER', score: 0.5 }] });
    expect(rescored).not.toBe(start);
    expect(canUndo(rescored)).toBe(true);
    expect(rescored.entities[0]).toEqual({ ...model(0, 3, 'PER'), score: 0.5 });
  });

  it('replaces the entities as a whole (a change across documents) as one undoable step with its note, refusing an invalid list', () => {
    const start = run([model(0, 3, 'PER')]);
    const next = annotationReducer(start, { type: 'replace-entities', entities: [{ ...model(0, 3, 'PER'), status: 'accepted' }], note: { kind: 'changed-across', surface: '김철수', changed: 1, documents: 1, kept: 0 } });
    expect(next.entities[0].status).toBe('accepted');
    expect(next.note).toEqual({ kind: 'changed-across', surface: '김철수', changed: 1, documents: 1, kept: 0 });
    expect(annotationReducer(next, { type: 'undo' }).entities).toEqual(start.entities);
    const overlapping = annotationReducer(start, { type: 'replace-entities', entities: [model(0, 3, 'PER'), { start: 1, end: 4, label: 'LOC', source: 'human' }], note: null });
    expect(overlapping.error).toMatch(/overlapping/);
    expect(overlapping.entities).toBe(start.entities);
  });

  it('keeps entities valid and non-overlapping under any sequence of actions, and undo all returns to the start', () => {
    const index = fc.nat({ max: 6 });
    const offset = fc.nat({ max: TEXT.length });
    const label = fc.constantFrom('PER', 'LOC', 'ORG');
    const action: fc.Arbitrary<AnnotationAction> = fc.oneof(
      fc.record({ type: fc.constantFrom('accept' as const, 'reject' as const, 'delete' as const), index }),
      fc.record({ type: fc.constant('relabel' as const), index, label }),
      fc.record({ type: fc.constant('move' as const), index, start: offset, end: offset }),
      fc.record({ type: fc.constant('add' as const), start: offset, end: offset, label }),
      fc.record({ type: fc.constant('merge-model' as const), proposals: fc.array(fc.record({ start: offset, end: offset, label }), { maxLength: 4 }) }),
      fc.constant({ type: 'accept-all' as const }),
      fc.constant({ type: 'undo' as const }),
      fc.constant({ type: 'redo' as const }),
    );
    fc.assert(
      fc.property(fc.array(action, { maxLength: 30 }), (actions) => {
        const initial = [model(0, 3, 'PER')];
        let history = createHistory(TEXT, initial);
        for (const a of actions) {
          history = annotationReducer(history, a);
          expect(entitiesProblem(TEXT, history.entities)).toBeNull();
        }
        while (history.past.length > 0) history = annotationReducer(history, { type: 'undo' });
        expect(history.entities).toEqual(initial);
      }),
    );
  });

  it('merges a model run exactly as the one-by-one rule says, for any entities and proposals', () => {
    const span = fc.record({ start: fc.nat({ max: TEXT.length - 1 }), length: fc.integer({ min: 1, max: 4 }), label: fc.constantFrom('PER', 'LOC') });
    const kind = fc.constantFrom('human', 'pending', 'accepted', 'rejected');
    fc.assert(
      fc.property(fc.array(fc.tuple(span, kind), { maxLength: 8 }), fc.array(span, { maxLength: 8 }), (existing, proposed) => {
        // Existing entities that obey the model (live ones never overlap).
        const entities: AnnotatedEntity[] = [];
        for (const [{ start, length, label }, k] of existing) {
          const entity: AnnotatedEntity = k === 'human' ? { start, end: Math.min(TEXT.length, start + length), label, source: 'human' } : { ...model(start, Math.min(TEXT.length, start + length), label), status: k as 'pending' };
          if (entitiesProblem(TEXT, [...entities, entity]) === null) entities.push(entity);
        }
        const proposals = proposed.map(({ start, length, label }) => ({ start, end: Math.min(TEXT.length, start + length), label }));
        // The rule, one proposal at a time, in position order.
        const kept = entities.filter((e) => !(e.source === 'model' && e.status === 'pending'));
        const expected: AnnotatedEntity[] = [];
        for (const p of [...proposals].sort((a, b) => a.start - b.start || a.end - b.end)) {
          const clash = (e: AnnotatedEntity) => p.start < e.end && e.start < p.end;
          if (kept.some((e) => isLive(e) && clash(e)) || expected.some(clash)) continue;
          if (kept.some((e) => !isLive(e) && e.start === p.start && e.end === p.end && e.label === p.label)) continue;
          expected.push({ ...p, source: 'model', status: 'pending' });
        }
        const merged = mergeModelRun(TEXT, entities, proposals);
        expect(merged.filter((e) => e.status === 'pending')).toEqual(expected);
        expect(merged.filter((e) => e.status !== 'pending')).toEqual(kept.sort((a, b) => a.start - b.start || a.end - b.end || (a.label < b.label ? -1 : 1)));
      }),
    );
  });
});
