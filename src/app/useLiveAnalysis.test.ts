import { describe, expect, it } from 'vitest';
import { isTypingEdit, outsideRanges } from './useLiveAnalysis';

describe('isTypingEdit', () => {
  it('takes a few characters typed, composed or deleted in one place for typing', () => {
    expect(isTypingEdit('김철수는 서울에', '김철수는 서울에 갔')).toBe(true);
    expect(isTypingEdit('김철수는 서울에 가', '김철수는 서울에 갔')).toBe(true);
    expect(isTypingEdit('김철수는 서울에 갔다', '김철수는 울에 갔다')).toBe(true);
  });

  it('takes a paste, a replaced text or an unchanged one for something else', () => {
    expect(isTypingEdit('가', '가 김철수는 서울에 갔다.')).toBe(false);
    expect(isTypingEdit('김철수는 서울에 갔다.', '삼성전자')).toBe(false);
    expect(isTypingEdit('같다', '같다')).toBe(false);
  });
});

describe('outsideRanges', () => {
  const at = (start: number, end: number) => ({ start, end });
  it('keeps the entities that overlap no range, and drops those that touch one inside', () => {
    const entities = [at(0, 2), at(3, 5), at(6, 8), at(9, 12), at(14, 15), at(20, 22)];
    const ranges = [
      { charStart: 2, charEnd: 4 },
      { charStart: 10, charEnd: 15 },
    ];
    expect(outsideRanges(entities, ranges)).toEqual([at(0, 2), at(6, 8), at(20, 22)]);
  });
  it('keeps every entity when no range is given', () => {
    expect(outsideRanges([at(0, 1), at(1, 2)], [])).toEqual([at(0, 1), at(1, 2)]);
  });
});
