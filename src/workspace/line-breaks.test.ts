import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lineBreakOf, textAfterTextareaEdit, textareaValueOf, textOffsetOfTextareaOffset } from './line-breaks';

/** What a textarea's value is for `text` (the HTML spec's newline normalisation), written out apart from the code under test. */
const textareaValue = (text: string) => text.replace(/\r\n?/g, '\n');

/** Pieces of text: Hangul, ASCII, a surrogate pair, and line breaks of every kind. */
const piece = fc.constantFrom('가', 'a', '\r\n', '\r', '\n', ' ', '😀');
/** Pieces of a Windows text: its only line break is "\r\n". */
const crlfPiece = fc.constantFrom('가', 'a', '\r\n', ' ', '😀');
/** What a person types or pastes into the text box: the box never holds a "\r". */
const typed = fc.array(fc.constantFrom('나', 'b', '\n', ' ', '😀'), { maxLength: 6 }).map((pieces) => pieces.join(''));

/** An edit of a text box holding `value`: the characters [start, end) replaced by `insert`. */
function edit(value: string, a: number, b: number, insert: string): { start: number; end: number; next: string } {
  const [start, end] = [a % (value.length + 1), b % (value.length + 1)].sort((x, y) => x - y);
  return { start, end, next: value.slice(0, start) + insert + value.slice(end) };
}

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

describe('textareaValueOf', () => {
  it('is what a textarea holds: each "\\r\\n" and lone "\\r" as one "\\n"', () => {
    expect(textareaValueOf('가\r\n나\r다\n라')).toBe('가\n나\n다\n라');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (pieces) => {
        expect(textareaValueOf(pieces.join(''))).toBe(textareaValue(pieces.join('')));
      }),
    );
  });
});

describe('lineBreakOf', () => {
  it('names the line break a text uses most, "\\r\\n" on a tie, "\\n" when there is none', () => {
    expect(lineBreakOf('가\r\n나\r\n다\n')).toBe('\r\n');
    expect(lineBreakOf('가\n나\n다\r\n')).toBe('\n');
    expect(lineBreakOf('가\r나\r다\n')).toBe('\r');
    expect(lineBreakOf('가\r\n나\n')).toBe('\r\n');
    expect(lineBreakOf('가나')).toBe('\n');
  });
});

describe('textAfterTextareaEdit', () => {
  it('keeps a Windows text\'s "\\r\\n" when one character is typed', () => {
    const text = '첫째 줄.\r\n김철수는 서울에 갔다.\r\n';
    const value = textareaValue(text);
    const at = value.indexOf('서울');
    expect(textAfterTextareaEdit(text, `${value.slice(0, at)}부산 ${value.slice(at)}`)).toBe('첫째 줄.\r\n김철수는 부산 서울에 갔다.\r\n');
  });

  it('writes a line break typed into a Windows text as "\\r\\n", and one typed into a Unix text as "\\n"', () => {
    expect(textAfterTextareaEdit('가\r\n나', '가\n\n나')).toBe('가\r\n\r\n나');
    expect(textAfterTextareaEdit('가\r\n나', '가\n나\n다')).toBe('가\r\n나\r\n다');
    expect(textAfterTextareaEdit('가\n나', '가\n나\n다')).toBe('가\n나\n다');
  });

  it('deletes a "\\r\\n" whole when the text box deletes its "\\n"', () => {
    expect(textAfterTextareaEdit('가\r\n나\r\n다', '가나\n다')).toBe('가나\r\n다');
  });

  it('returns the text itself when the value did not change', () => {
    const text = '가\r\n나\r다';
    expect(textAfterTextareaEdit(text, textareaValue(text))).toBe(text);
  });

  it('never merges a lone "\\r" and a following "\\n" into one "\\r\\n"', () => {
    // Deleting "b" would put the lone "\r" right before the "\n": two line breaks must stay two.
    const text = 'a\rb\n\nc';
    const result = textAfterTextareaEdit(text, 'a\n\n\nc');
    expect(textareaValue(result)).toBe('a\n\n\nc');
    expect(result).toBe('a\r\n\n\nc');
  });

  it('any edit of a Windows text: the stored text is the text box\'s value with "\\n" as "\\r\\n"', () => {
    fc.assert(
      fc.property(fc.array(crlfPiece, { maxLength: 30 }), fc.nat(), fc.nat(), typed, (pieces, a, b, insert) => {
        const text = `${pieces.join('')}\r\n`; // at least one line break says what kind the text uses
        const { next } = edit(textareaValue(text), a, b, insert);
        expect(textAfterTextareaEdit(text, next)).toBe(next.replace(/\n/g, '\r\n'));
      }),
    );
  });

  it('any edit of any text, mixed line breaks included: the text box shows exactly the new value', () => {
    // Which of two neighbouring line breaks of different kinds an edit took is not told by the
    // value (both show as "\n"); what the person sees must come out right.
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), fc.nat(), fc.nat(), typed, (pieces, a, b, insert) => {
        const text = pieces.join('');
        const { next } = edit(textareaValue(text), a, b, insert);
        expect(textareaValue(textAfterTextareaEdit(text, next))).toBe(next);
      }),
    );
  });

  it('an edit that touches no line break keeps every line break of any text where it was', () => {
    const word = fc.constantFrom('가', 'a', ' ', '😀');
    fc.assert(
      fc.property(fc.array(word, { maxLength: 8 }), fc.array(piece, { maxLength: 20 }), fc.array(word, { maxLength: 8 }), fc.nat(), fc.nat(), (left, middle, right, a, b) => {
        // The edit is inside `right`'s words, after the last line break.
        const text = left.join('') + middle.join('') + '\n' + right.join('');
        const value = textareaValue(text);
        const from = value.lastIndexOf('\n') + 1;
        const { next } = edit(value.slice(from), a, b, '다');
        const result = textAfterTextareaEdit(text, value.slice(0, from) + next);
        expect(result.slice(0, text.lastIndexOf('\n') + 1)).toBe(text.slice(0, text.lastIndexOf('\n') + 1));
      }),
    );
  });

  it('is the value itself for a text without carriage returns', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('가', 'a', '\n', ' '), { maxLength: 30 }), fc.nat(), fc.nat(), typed, (pieces, a, b, insert) => {
        const { next } = edit(pieces.join(''), a, b, insert);
        expect(textAfterTextareaEdit(pieces.join(''), next)).toBe(next);
      }),
    );
  });
});
