import { describe, expect, it } from 'vitest';
import { entityTypesOf, isAllowedTransition, parseBioLabel } from './bio';

describe('BIO labels', () => {
  it('reads B-/I- labels and treats everything else as outside any entity', () => {
    expect(parseBioLabel('B-PER')).toEqual({ kind: 'B', type: 'PER' });
    expect(parseBioLabel('I-ORG')).toEqual({ kind: 'I', type: 'ORG' });
    for (const label of ['O', '[CLS]', '[PAD]', 'B', 'X-PER']) expect(parseBioLabel(label)).toEqual({ kind: 'other' });
  });

  it('lets I-X follow only B-X or I-X', () => {
    const [b, i, o, iOther] = ['B-PER', 'I-PER', 'O', 'I-LOC'].map(parseBioLabel);
    expect([isAllowedTransition(b, i), isAllowedTransition(i, i), isAllowedTransition(o, i), isAllowedTransition(iOther, i)]).toEqual([true, true, false, false]);
    expect(isAllowedTransition(i, o)).toBe(true);
  });

  it('lists the entity types of a label set in first-seen order, specials left out', () => {
    expect(entityTypesOf(['[PAD]', 'O', 'B-PER', 'I-PER', 'B-LOC', 'I-LOC', 'I-DAT'])).toEqual(['PER', 'LOC', 'DAT']);
  });
});
