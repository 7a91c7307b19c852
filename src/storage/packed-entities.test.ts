import { describe, expect, it } from 'vitest';
import type { AnnotatedEntity } from '../annotation/document';
import { packEntities, unpackEntities } from './packed-entities';

const entities: AnnotatedEntity[] = [
  { start: 0, end: 3, label: 'PER', source: 'model', status: 'pending', score: 0.9731 },
  { start: 5, end: 7, label: 'LOC', source: 'model', status: 'accepted', score: 1 },
  { start: 9, end: 12, label: 'ORG', source: 'model', status: 'rejected', score: 0.5000000000000001 },
  { start: 14, end: 20, label: 'PER', source: 'human' },
  { start: 21, end: 30, label: 'PRODUCT', source: 'human' },
  { start: 31, end: 33, label: 'PS', source: 'model', status: 'pending', score: 0 },
];

/** packEntities of entities that pack (never null here). */
function pack(list: readonly AnnotatedEntity[]) {
  const packed = packEntities(list);
  if (packed === null) throw new Error('expected entities that pack');
  return packed;
}

describe('packed entities (the write-ahead stash)', () => {
  it('come back exactly: every field, absent status and score stay absent', () => {
    const back = unpackEntities(pack(entities));
    expect(back).toEqual({ ok: true, entities });
    if (back.ok) for (const entity of back.entities.filter((e) => e.source === 'human')) expect('status' in entity || 'score' in entity).toBe(false);
  });

  it('survive a structured clone (what IndexedDB stores) and keep one table entry per distinct string', () => {
    const packed = structuredClone(pack(entities));
    expect(packed.labels).toEqual(['PER', 'LOC', 'ORG', 'PRODUCT', 'PS']);
    expect(packed.starts).toBeInstanceOf(Int32Array);
    expect(unpackEntities(packed)).toEqual({ ok: true, entities });
  });

  it('an empty list packs and comes back empty', () => {
    expect(unpackEntities(pack([]))).toEqual({ ok: true, entities: [] });
  });

  it('offsets a 32-bit integer cannot hold, or fractional ones, are not packed', () => {
    expect(packEntities(entities)).not.toBeNull();
    expect(packEntities([{ ...entities[0], end: 2 ** 31 }])).toBeNull();
    expect(packEntities([{ ...entities[0], start: 0.5 }])).toBeNull();
  });

  it('a broken entry says why instead of giving entities', () => {
    const packed = pack(entities);
    expect(unpackEntities(null)).toMatchObject({ ok: false });
    expect(unpackEntities({ ...packed, starts: [0, 5] })).toEqual({ ok: false, reason: 'packed entities: starts is not of type Int32Array' });
    expect(unpackEntities({ ...packed, ends: new Int32Array(2) })).toEqual({ ok: false, reason: 'packed entities: columns of different lengths' });
    expect(unpackEntities({ ...packed, labels: ['PER'] })).toEqual({ ok: false, reason: 'packed entities: entity 1 points outside its tables' });
    expect(unpackEntities({ ...packed, statuses: [1] })).toEqual({ ok: false, reason: 'packed entities: statuses is not a list of strings' });
  });
});
