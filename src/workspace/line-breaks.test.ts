import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { textOffsetOfTextareaOffset } from './line-breaks';

/** What a textarea's value is for `text` (the HTML spec's newline normalisation). */
const textareaValue = (text: string) => text.replace(/\r\n?/g, '\n');

describe('textOffsetOfTextareaOffset', () => {
  it('maps offsets after Windows line breaks back onto the text', () => {
    const text = '첫 줄\r\n김철수는\r서울에 갔다.';
    const value = textareaValue(text);
    const start = value.indexOf('김철수');
    expect(text.slice(textOffsetOfTextareaOffset(text, start), textOffsetOfTextareaOffset(text, start + 3))).toBe('김철수');
    const seoul = value.indexOf('서울');
    expect(text.slice(textOffsetOfTextareaOffset(text, seoul), textOffsetOfTextareaOffset(text, seoul + 2))).toBe('서울');
  });

  it('is the identity without carriage returns', () => {
    expect(textOffsetOfTextareaOffset('가\n나', 2)).toBe(2);
  });

  it('any selection of the value selects the same characters of the text', () => {
    const piece = fc.constantFrom('가', 'a', '\r\n', '\r', '\n', ' ', '😀');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), fc.nat(), fc.nat(), (pieces, a, b) => {
        const text = pieces.join('');
        const value = textareaValue(text);
        const [start, end] = [a % (value.length + 1), b % (value.length + 1)].sort((x, y) => x - y);
        const selected = text.slice(textOffsetOfTextareaOffset(text, start), textOffsetOfTextareaOffset(text, end));
        expect(textareaValue(selected)).toBe(value.slice(start, end));
      }),
    );
  });
});
