import { describe, expect, it } from 'vitest';
import type { AnnotatedEntity } from './document';
import { reviewCounts } from './review';

const model = (start: number, status: 'pending' | 'accepted' | 'rejected'): AnnotatedEntity => ({ start, end: start + 1, label: 'PER', source: 'model', status });

describe('review counts', () => {
  it('counts pending, accepted and rejected proposals and a person’s own entities apart', () => {
    const entities = [model(0, 'pending'), model(2, 'pending'), model(4, 'accepted'), model(6, 'rejected'), { start: 8, end: 9, label: 'LOC', source: 'human' as const }];
    expect(reviewCounts(entities)).toEqual({ pending: 2, accepted: 1, rejected: 1, added: 1 });
  });

  it('counts nothing as zeros', () => {
    expect(reviewCounts([])).toEqual({ pending: 0, accepted: 0, rejected: 0, added: 0 });
  });
});
