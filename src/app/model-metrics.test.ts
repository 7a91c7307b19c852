import { describe, expect, it } from 'vitest';
import { metricTitle, shownMetrics } from './model-metrics';

describe('model metrics', () => {
  it('names known metrics in words and keeps unknown ones readable', () => {
    expect(metricTitle('dev_token_tag_f1_macro')).toBe('Tag F1 per token, macro (dev set)');
    expect(metricTitle('my_score')).toBe('my score');
    expect(metricTitle('dev_entity_f1', 'ko')).toBe('개체 F1 (개발 세트)');
    expect(metricTitle('toString')).toBe('toString');
  });

  it('shows numbers to 4 places and strings as they are, nothing else', () => {
    expect(shownMetrics({ f1: 0.817444, split: 'dev', nested: { a: 1 }, none: null })).toEqual([
      ['f1', '0.8174'],
      ['split', 'dev'],
    ]);
  });
});
