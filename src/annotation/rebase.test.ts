import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AnnotatedEntity, entitiesProblem } from './document';
import { rebaseEntities } from './rebase';

const human = (start: number, end: number, label = 'PER'): AnnotatedEntity => ({ start, end, label, source: 'human' });

describe('rebaseEntities', () => {
  it('shifts entities after an insertion and keeps those before it', () => {
    // 김철수는 서울에 -> 김철수는 어제 서울에
    expect(rebaseEntities('김철수는 서울에', '김철수는 어제 서울에', [human(0, 3), human(5, 7, 'LOC')])).toEqual([human(0, 3), human(8, 10, 'LOC')]);
  });

  it('drops an entity whose characters were edited', () => {
    expect(rebaseEntities('김철수는 서울에', '김철민는 서울에', [human(0, 3), human(5, 7, 'LOC')])).toEqual([human(5, 7, 'LOC')]);
  });

  it('keeps every surviving entity on the same characters, for any edit', () => {
    const piece = fc.constantFrom('김', '철수', ' ', '😀', '\u1112\u1161\u11ab', 'a', '\n');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), fc.array(piece, { maxLength: 4 }), fc.nat(), fc.nat(), (pieces, inserted, at, removed) => {
        const bounds = [0];
        for (const p of pieces) bounds.push(bounds[bounds.length - 1] + p.length);
        const oldText = pieces.join('');
        const entities = pieces.map((_, i) => human(bounds[i], bounds[i + 1]));
        const cut = at % (pieces.length + 1);
        const newPieces = [...pieces.slice(0, cut), ...inserted, ...pieces.slice(Math.min(pieces.length, cut + (removed % 3)))];
        const newText = newPieces.join('');
        const rebased = rebaseEntities(oldText, newText, entities);
        expect(entitiesProblem(newText, rebased)).toBeNull();
        const delta = newText.length - oldText.length;
        for (const entity of rebased) {
          const sources = entities.filter((e) => (e.start === entity.start && e.end === entity.end) || (e.start + delta === entity.start && e.end + delta === entity.end));
          expect(sources.some((e) => oldText.slice(e.start, e.end) === newText.slice(entity.start, entity.end))).toBe(true);
        }
      }),
    );
  });
});
