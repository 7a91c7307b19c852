import { describe, expect, it } from 'vitest';
import { mergeIdentifiers } from './merge';

type Span = { start: number; end: number; label: string; source?: string };

describe('mergeIdentifiers', () => {
  const isHuman = (entity: Span) => entity.source === 'human';

  it('lets an identifier win over a model entity it overlaps', () => {
    const model: Span[] = [
      { start: 0, end: 3, label: 'PER', source: 'model' },
      { start: 10, end: 14, label: 'NOH', source: 'model' },
    ];
    const identifiers: Span[] = [{ start: 8, end: 21, label: 'PHONE' }];
    expect(mergeIdentifiers(model, identifiers, isHuman).map((s) => s.label)).toEqual(['PER', 'PHONE']);
  });

  it("lets a person's entity win over an identifier", () => {
    const entities: Span[] = [{ start: 8, end: 12, label: 'POH', source: 'human' }];
    const identifiers: Span[] = [{ start: 8, end: 21, label: 'PHONE' }];
    expect(mergeIdentifiers(entities, identifiers, isHuman)).toEqual(entities);
  });

  it('keeps everything, by position, when nothing overlaps', () => {
    const entities: Span[] = [{ start: 20, end: 23, label: 'PER' }];
    const identifiers: Span[] = [{ start: 0, end: 5, label: 'EMAIL' }];
    expect(mergeIdentifiers(entities, identifiers).map((s) => s.start)).toEqual([0, 20]);
  });
});
