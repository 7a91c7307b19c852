import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { nfkcCollapseWhitespace, normalizeBySegments, normalizeWithOffsets, originalSpan, identityNormalize } from './normalized-text';

/** The original text behind each normalized unit, as [normalized unit, original slice] pairs. */
function unitSources(original: string, normalize = nfkcCollapseWhitespace) {
  const aligned = normalizeWithOffsets(original, normalize);
  return Array.from(aligned.normalized, (_, i) => [
    aligned.normalized[i],
    original.slice(aligned.charStarts[i], aligned.charEnds[i]),
  ]);
}

describe('normalizeWithOffsets', () => {
  it('gives the same normalized string as normalizing the whole text', () => {
    const original = '㈜ 삼성  전자\t\nﬁ ＡＢＣ 😀';
    const aligned = normalizeWithOffsets(original, nfkcCollapseWhitespace);
    expect(aligned.normalized).toBe(nfkcCollapseWhitespace(original));
    expect(aligned.exact).toBe(true);
  });

  it('maps every unit of an NFKC expansion to the one original character', () => {
    expect(unitSources('㈜a')).toEqual([['(', '㈜'], ['주', '㈜'], [')', '㈜'], ['a', 'a']]);
    expect(unitSources('ﬁ')).toEqual([['f', 'ﬁ'], ['i', 'ﬁ']]);
  });

  it('maps full-width letters one to one', () => {
    expect(unitSources('ＡＢ')).toEqual([['A', 'Ａ'], ['B', 'Ｂ']]);
  });

  it('composes decomposed Hangul jamo into one syllable mapped to all its jamo', () => {
    const decomposed = '한국'.normalize('NFD'); // 6 jamo
    expect(decomposed.length).toBe(6);
    expect(unitSources(decomposed)).toEqual([['한', '한'.normalize('NFD')], ['국', '국'.normalize('NFD')]]);
  });

  it('collapses a run of spaces, tabs and newlines into one space mapped to the whole run', () => {
    expect(unitSources('a \t\r\n b')).toEqual([['a', 'a'], [' ', ' \t\r\n '], ['b', 'b']]);
  });

  it('never splits a surrogate pair', () => {
    const aligned = normalizeWithOffsets('a😀b', nfkcCollapseWhitespace);
    expect(aligned.normalized).toBe('a😀b');
    expect([aligned.charStarts[1], aligned.charEnds[1]]).toEqual([1, 3]);
    expect([aligned.charStarts[2], aligned.charEnds[2]]).toEqual([1, 3]);
  });

  it('keeps control and zero-width characters as their own units', () => {
    expect(unitSources('a\u200bb\u0001c')).toEqual([
      ['a', 'a'], ['\u200b', '\u200b'], ['b', 'b'], ['\u0001', '\u0001'], ['c', 'c'],
    ]);
  });

  it('attaches a combining mark to its base letter', () => {
    expect(unitSources('e\u0301x')).toEqual([['é', 'e\u0301'], ['x', 'x']]);
  });

  it('ends its offset tables with the end of the text', () => {
    const aligned = normalizeWithOffsets('가 나', identityNormalize);
    expect(aligned.charStarts.length).toBe(4);
    expect(aligned.charStarts[3]).toBe(3);
    expect(originalSpan(aligned, 3, 3)).toEqual({ charStart: 3, charEnd: 3 });
    expect(originalSpan(aligned, 0, 3)).toEqual({ charStart: 0, charEnd: 3 });
  });

  it('falls back to whole-text offsets when the normalizer is not local', () => {
    const trim = (text: string) => text.trim();
    const aligned = normalizeWithOffsets(' a b ', trim);
    expect(aligned.normalized).toBe('a b');
    expect(aligned.exact).toBe(false);
    expect(originalSpan(aligned, 0, 1)).toEqual({ charStart: 0, charEnd: 5 });
  });

  it('reproduces the whole-text normalization and valid monotone offsets for any text', () => {
    const pieces = fc.constantFrom('가', '한'.normalize('NFD'), 'ᄀ', 'ᅡ', 'ᆨ', '㈜', 'ﬁ', '😀', '\ud800', '\udc00',
      ' ', '\t', '\n', '\r\n', '\u200b', '\u0000', 'e', '\u0301', 'Ａ', '.', '\u3000', '\ufeff');
    const texts = fc.oneof(fc.string({ unit: 'binary' }), fc.array(pieces).map((parts) => parts.join('')));
    fc.assert(fc.property(texts, (original) => {
      const aligned = normalizeWithOffsets(original, nfkcCollapseWhitespace);
      expect(aligned.normalized).toBe(nfkcCollapseWhitespace(original));
      for (let i = 0; i < aligned.normalized.length; i++) {
        const charStart = aligned.charStarts[i];
        const charEnd = aligned.charEnds[i];
        expect(0 <= charStart && charStart < charEnd && charEnd <= original.length).toBe(true);
        if (i > 0) expect(charStart).toBeGreaterThanOrEqual(aligned.charStarts[i - 1]);
        expect(isLowSurrogate(original.charCodeAt(charStart)) && isHighSurrogate(original.charCodeAt(charStart - 1))).toBe(false);
      }
    }), { numRuns: 500 });
  });

  it('gives what the segment-wise pass alone gives, uncached, whatever texts came before (the shortcuts change no offset)', () => {
    const pieces = fc.constantFrom('가', '한'.normalize('NFD'), 'ᄀ', 'ᅡ', 'ᆨ', '㈜', '😀', '\ud800', '\udc00', ' ', '  ', '\n',
      '\u200b', '\u0000', 'e', '\u0301', '\u0316', 'Ａ', '.', '．', 'ㆍ', 'ⓝ', '⅓', 'abc', '서울');
    const texts = fc.array(fc.array(pieces, { maxLength: 30 }).map((parts) => parts.join('')), { minLength: 1, maxLength: 6 });
    const plain = (aligned: ReturnType<typeof normalizeWithOffsets>) => [aligned.normalized, [...aligned.charStarts], [...aligned.charEnds], aligned.exact];
    fc.assert(fc.property(texts, (list) => {
      // one normalizer for the whole list, so later texts meet join tests cached by earlier ones
      const normalize = (text: string) => nfkcCollapseWhitespace(text);
      for (const original of list) expect(plain(normalizeWithOffsets(original, normalize)), JSON.stringify(original)).toEqual(plain(normalizeBySegments(original, nfkcCollapseWhitespace)));
    }), { numRuns: 1000 });
  });
});

function isHighSurrogate(code: number) {
  return code >= 0xd800 && code <= 0xdbff;
}
function isLowSurrogate(code: number) {
  return code >= 0xdc00 && code <= 0xdfff;
}
