/** fast-check generators of documents for the converters' property tests. */
import fc from 'fast-check';
import type { AnnotatedDocument, AnnotatedEntity } from './document';

/**
 * Pieces texts are made of: Korean, NFD Hangul (한 as three jamo), emoji and a CJK
 * supplementary character (surrogate pairs), whitespace of every kind, and the characters
 * the markup escapes. Entities start and end between pieces, so never inside a pair.
 */
const PIECES = ['김', '철수', '는', '서울', '에', ' ', '  ', '\t', '\n', '\r\n', '😀', '𠀀', '\u1112\u1161\u11ab', '<', '>', ':', '\\', 'n', 'r', 'a', '.', '"', '(주)', '2016년'];
const LABELS = ['PER', 'LOC', 'ORG', 'DAT', '날짜', 'x_1-b'];

const entityChoice = fc.record({
  from: fc.nat(),
  length: fc.integer({ min: 1, max: 4 }),
  label: fc.constantFrom(...LABELS),
  kind: fc.constantFrom('human', 'pending', 'accepted', 'rejected'),
  score: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
});

export const arbitraryDocument: fc.Arbitrary<AnnotatedDocument> = fc
  .record({
    pieces: fc.array(fc.constantFrom(...PIECES), { maxLength: 24 }),
    choices: fc.array(entityChoice, { maxLength: 6 }),
    name: fc.string({ maxLength: 12 }),
    id: fc.uuid(),
  })
  .map(({ pieces, choices, name, id }) => {
    const bounds = [0];
    for (const piece of pieces) bounds.push(bounds[bounds.length - 1] + piece.length);
    const text = pieces.join('');
    const entities: AnnotatedEntity[] = [];
    const taken: [number, number][] = [];
    for (const choice of choices) {
      if (pieces.length === 0) break;
      const first = choice.from % pieces.length;
      const last = Math.min(pieces.length, first + choice.length);
      const start = bounds[first];
      const end = bounds[last];
      const live = choice.kind !== 'rejected';
      if (live && taken.some(([s, e]) => start < e && s < end)) continue;
      if (live) taken.push([start, end]);
      const source = choice.kind === 'human' ? 'human' : 'model';
      entities.push({
        start,
        end,
        label: choice.label,
        source,
        ...(source === 'model' ? { status: choice.kind as AnnotatedEntity['status'] } : {}),
        ...(source === 'model' && choice.score !== undefined ? { score: choice.score } : {}),
      });
    }
    return { id, name, text, entities, createdAt: 1, updatedAt: 1 };
  });
