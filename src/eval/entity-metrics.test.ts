import { describe, expect, it } from 'vitest';
import { EntityScorer, formatScoreTable } from './entity-metrics';

describe('EntityScorer', () => {
  it('counts an entity only when start, end and label all match', () => {
    const scorer = new EntityScorer();
    scorer.add(
      [
        { start: 0, end: 3, label: 'PER' }, // exact
        { start: 5, end: 8, label: 'ORG' }, // wrong label
        { start: 10, end: 12, label: 'LOC' }, // wrong end
      ],
      [
        { start: 0, end: 3, label: 'PER' },
        { start: 5, end: 8, label: 'LOC' },
        { start: 10, end: 13, label: 'LOC' },
      ],
    );
    const { micro, byLabel } = scorer.scores();
    expect(micro.correct).toBe(1);
    expect(micro.precision).toBeCloseTo(1 / 3);
    expect(micro.recall).toBeCloseTo(1 / 3);
    expect(byLabel.get('PER')?.f1).toBe(1);
    expect(byLabel.get('ORG')?.precision).toBe(0);
    expect(byLabel.get('LOC')?.support).toBe(2);
  });

  it('sums over documents and ignores duplicate predictions', () => {
    const scorer = new EntityScorer();
    const span = { start: 1, end: 2, label: 'DAT' };
    scorer.add([span, span], [span]);
    scorer.add([], [{ start: 0, end: 4, label: 'DAT' }]);
    const { micro } = scorer.scores();
    expect(micro.precision).toBe(1);
    expect(micro.recall).toBe(0.5);
    expect(micro.f1).toBeCloseTo(2 / 3);
  });

  it('gives zeros, not NaN, when nothing is predicted or gold', () => {
    const { micro } = new EntityScorer().scores();
    expect([micro.precision, micro.recall, micro.f1]).toEqual([0, 0, 0]);
    expect(formatScoreTable(new EntityScorer().scores())).toContain('micro');
  });
});
