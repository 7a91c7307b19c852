import { describe, expect, it } from 'vitest';
import { describeEntity, markName } from './HighlightedText';

const entity = { start: 3, end: 6, label: 'PER', text: '김민준', score: 0.973, source: 'model' as const, status: 'pending' };

describe('a mark in the page language', () => {
  it('keeps its English words', () => {
    expect(markName(entity)).toBe('김민준, PER 인물 person, proposed, not reviewed, confidence 97.3%');
    expect(describeEntity({ ...entity, source: 'human' })).toBe('PER 인물 (person) · set by a person · characters 3–6');
  });

  it('says type and origin in Korean, its text first', () => {
    expect(markName(entity, 'ko')).toBe('김민준, PER 인물, 제안, 검토 전, 신뢰도 97.3%');
    expect(describeEntity({ ...entity, status: 'accepted' }, 'ko')).toBe('PER 인물 · 수락됨, 신뢰도 97.3% · 3–6번째 글자');
    expect(markName({ ...entity, source: 'rule' }, 'ko')).not.toMatch(/[a-z]{3,}/);
  });
});
