import { describe, expect, it } from 'vitest';
import { isTypingEdit } from './useLiveAnalysis';

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
