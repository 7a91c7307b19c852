import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AnnotatedEntity, isDecided, liveEntities, openProposals } from '../annotation/document';
import { decidedEntities } from './common';
import { arbitraryDocument } from '../annotation/test-documents';

const human = (start: number, end: number, label: string): AnnotatedEntity => ({ start, end, label, source: 'human' });
const model = (start: number, end: number, label: string, status: AnnotatedEntity['status']): AnnotatedEntity => ({ start, end, label, source: 'model', status });

describe('decidedEntities', () => {
  const entities = [model(8, 10, 'LOC', 'pending'), human(0, 3, 'PER'), model(4, 6, 'ORG', 'accepted'), model(11, 13, 'DAT', 'rejected')];

  it("writes a person's decisions only, by position, unless asked for the pending proposals", () => {
    expect(decidedEntities(entities)).toEqual([human(0, 3, 'PER'), model(4, 6, 'ORG', 'accepted')]);
    expect(decidedEntities(entities, { includePending: false })).toEqual(decidedEntities(entities));
    expect(decidedEntities(entities, { includePending: true })).toEqual([human(0, 3, 'PER'), model(4, 6, 'ORG', 'accepted'), model(8, 10, 'LOC', 'pending')]);
  });

  it('lets a human or accepted entity win over a pending proposal overlapping it, and the first of two overlapping proposals stay', () => {
    // A damaged record: live entities overlap (a valid document never has this).
    const overlapping = [
      model(0, 4, 'ORG', 'pending'), // overlaps the person's PER
      human(2, 5, 'PER'),
      model(6, 9, 'LOC', 'pending'),
      model(8, 12, 'ORG', 'pending'), // overlaps the LOC proposal before it
      model(13, 15, 'DAT', 'accepted'),
      model(14, 20, 'DAT', 'pending'), // overlaps the accepted DAT
      model(21, 22, 'NOH', 'rejected'),
    ];
    expect(decidedEntities(overlapping, { includePending: true })).toEqual([
      human(2, 5, 'PER'),
      model(6, 9, 'LOC', 'pending'),
      model(13, 15, 'DAT', 'accepted'),
    ]);
    expect(openProposals(overlapping)).toEqual([model(6, 9, 'LOC', 'pending')]);
  });

  it('with includePending writes every entity in force of a valid document', () => {
    fc.assert(
      fc.property(arbitraryDocument, (document) => {
        expect(decidedEntities(document.entities, { includePending: true })).toEqual(liveEntities(document.entities));
      }),
    );
  });

  it('with includePending keeps every decided entity and gives a flat list, whatever the entities', () => {
    const entity = fc
      .record({ start: fc.nat({ max: 20 }), length: fc.integer({ min: 1, max: 6 }), kind: fc.constantFrom('human', 'pending', 'accepted', 'rejected') })
      .map(({ start, length, kind }) => (kind === 'human' ? human(start, start + length, 'PER') : model(start, start + length, 'LOC', kind as AnnotatedEntity['status'])));
    fc.assert(
      fc.property(fc.array(entity, { maxLength: 10 }), (entities) => {
        // Decided entities kept flat, as the annotation history keeps them; proposals anywhere.
        const decided: AnnotatedEntity[] = [];
        for (const e of entities.filter(isDecided)) if (!decided.some((d) => e.start < d.end && d.start < e.end)) decided.push(e);
        const all = [...decided, ...entities.filter((e) => !isDecided(e))];
        const written = decidedEntities(all, { includePending: true });
        expect(written.filter(isDecided)).toEqual(decidedEntities(all));
        expect(written.some((e) => e.status === 'rejected')).toBe(false);
        for (let k = 1; k < written.length; k++) expect(written[k].start).toBeGreaterThanOrEqual(written[k - 1].end);
        // A pending proposal left out gave way to one written.
        for (const left of all.filter((e) => e.status === 'pending' && !written.includes(e))) {
          expect(written.some((w) => left.start < w.end && w.start < left.end)).toBe(true);
        }
      }),
    );
  });
});
