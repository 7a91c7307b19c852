import { describe, expect, it } from 'vitest';
import { splitsSurrogatePair, trimEdges } from './utf16';

describe('trimEdges', () => {
  it('drops whitespace and zero-width characters at both edges, never inside', () => {
    const text = ' \u200b올해 3분기\u2060\n';
    const { start, end } = trimEdges(text, 0, text.length);
    expect(text.slice(start, end)).toBe('올해 3분기');
  });

  it('widens an edge that would split a surrogate pair, and leaves end <= start when nothing is left', () => {
    const text = 'a😀b';
    expect(trimEdges(text, 2, 4)).toEqual({ start: 1, end: 4 });
    expect(trimEdges(text, 0, 2)).toEqual({ start: 0, end: 3 });
    const blank = trimEdges('  \u200d ', 0, 4);
    expect(blank.end <= blank.start).toBe(true);
  });
});

describe('splitsSurrogatePair', () => {
  it('is true only between the halves of a pair', () => {
    const text = '가😀';
    expect([0, 1, 2, 3].map((offset) => splitsSurrogatePair(text, offset))).toEqual([false, false, true, false]);
  });
});
