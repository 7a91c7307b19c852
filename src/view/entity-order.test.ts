import { describe, expect, it } from 'vitest';
import { entityStatus, listOrder } from './entity-order';
import type { ShownEntity } from './shown-entities';

const at = (start: number, score: number, source: 'model' | 'human' = 'model', status: 'pending' | 'accepted' = 'pending'): ShownEntity => ({
  start,
  end: start + 1,
  text: 'x',
  label: 'PER',
  score,
  source,
  status: source === 'model' ? status : undefined,
  historyIndex: start,
});

describe('the entity list order', () => {
  it('by confidence: the model’s lowest first, a person’s entities (no confidence) last, ties in text order', () => {
    const entities = [at(0, 0.9), at(2, 1, 'human'), at(4, 0.4), at(6, 0.9), at(8, 0.55)];
    expect(listOrder(entities, 'confidence')).toEqual([2, 4, 0, 3, 1]);
    expect(listOrder(entities, 'text')).toEqual([0, 1, 2, 3, 4]);
  });

  it('names the review state of each entity', () => {
    expect(entityStatus(at(0, 0.5))).toBe('pending');
    expect(entityStatus(at(0, 0.5, 'model', 'accepted'))).toBe('accepted');
    expect(entityStatus(at(0, 1, 'human'))).toBe('person');
  });
});
