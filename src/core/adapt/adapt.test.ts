import { describe, expect, it } from 'vitest';
import { keptBaseTypes, KEEP_MIN_SUPPORT } from './adapt';
import type { SpanScore } from './fit';

const BASE = ['O', 'B-PER', 'I-PER', 'B-LOC', 'I-LOC', 'B-POH', 'I-POH'];
const agree = (f1: number, support: number): SpanScore => ({ precision: f1, recall: f1, f1, support });

describe('keptBaseTypes (the default protection of the base model)', () => {
  it('keeps the base types the documents share when they bring a new type', () => {
    const agreement = new Map([['PER', agree(0.9, 40)], ['LOC', agree(0.8, 30)]]);
    expect(keptBaseTypes(['PER', 'PRODUCT', 'LOC'], BASE, agreement)).toEqual(['PER', 'LOC']);
  });

  it('keeps nothing without a new type, or with new types only (KLUE labels on a KMOU model)', () => {
    const agreement = new Map([['PER', agree(0.9, 40)], ['LOC', agree(0.8, 30)]]);
    expect(keptBaseTypes(['PER', 'LOC'], BASE, agreement)).toEqual([]);
    expect(keptBaseTypes(['PS', 'LC', 'OG'], BASE, new Map())).toEqual([]);
  });

  it('fits a base type the base model plainly does not find in the documents, on enough entities', () => {
    const agreement = new Map([['PER', agree(0.1, KEEP_MIN_SUPPORT)], ['LOC', agree(0.1, KEEP_MIN_SUPPORT - 1)]]);
    expect(keptBaseTypes(['PER', 'SHIP', 'LOC'], BASE, agreement)).toEqual(['LOC']);
  });
});
