import { describe, expect, it } from 'vitest';
import { MASK_STYLES, maskText, parseMaskStyle, sameValueKey } from './mask';

const TEXT = '김철수는 어제 이영희를 만났다. 김철수의 번호는 010-1234-5678이다.';
/** The span of the `occurrence`-th `surface` in TEXT. */
function at(surface: string, label: string, occurrence = 0) {
  let start = -1;
  for (let i = 0; i <= occurrence; i++) start = TEXT.indexOf(surface, start + 1);
  return { start, end: start + surface.length, label };
}
const SPANS = [at('김철수', 'PER'), at('이영희', 'PER'), at('김철수', 'PER', 1), at('010-1234-5678', 'PHONE')];

describe('maskText', () => {
  it('replaces each span with its type tag', () => {
    expect(maskText(TEXT, SPANS, { style: 'tag' }).text).toBe('[PER]는 어제 [PER]를 만났다. [PER]의 번호는 [PHONE]이다.');
  });

  it('numbers placeholders so that the same name is the same placeholder throughout', () => {
    expect(maskText(TEXT, SPANS, { style: 'numbered' }).text).toBe('[PER_1]는 어제 [PER_2]를 만났다. [PER_1]의 번호는 [PHONE_1]이다.');
  });

  it('keeps the shape in the partial style: the first syllable of a name, the prefix and last four digits of a phone', () => {
    expect(maskText(TEXT, SPANS, { style: 'partial' }).text).toBe('김**는 어제 이**를 만났다. 김**의 번호는 010-****-5678이다.');
  });

  it('stars every character in the star style, an emoji as one character, and keeps spaces', () => {
    const text = '고객 홍 길동😀 님';
    expect(maskText(text, [{ start: 3, end: 9, label: 'PER' }], { style: 'star' }).text).toBe('고객 * *** 님');
  });

  it('masks only the chosen types', () => {
    expect(maskText(TEXT, SPANS, { style: 'tag', types: new Set(['PHONE']) }).text).toBe('김철수는 어제 이영희를 만났다. 김철수의 번호는 [PHONE]이다.');
  });

  it('records where each placeholder went, so the original can be put back', () => {
    const { text, replacements } = maskText(TEXT, SPANS, { style: 'numbered' });
    for (const r of replacements) {
      expect(text.slice(r.maskedStart, r.maskedEnd)).toBe(r.placeholder);
      expect(TEXT.slice(r.start, r.end)).toBe(r.original);
    }
    expect(replacements.map((r) => [r.placeholder, r.original])).toEqual([
      ['[PER_1]', '김철수'],
      ['[PER_2]', '이영희'],
      ['[PER_1]', '김철수'],
      ['[PHONE_1]', '010-1234-5678'],
    ]);
  });

  it('masks partial identifiers the way Korean documents print them', () => {
    const cases: [string, string, string][] = [
      ['RRN', '900101-1234567', '900101-1******'],
      ['FRN', '9001015234567', '9001015******'],
      ['PHONE', '+82 10-1234-5678', '+82 10-****-5678'],
      ['PHONE', '01012345678', '010****5678'],
      ['PHONE', '0212345678', '02****5678'],
      ['PHONE', '(031) 123-4567', '(031) ***-4567'],
      ['CARD', '4111-1111-1111-1111', '4111-****-****-1111'],
      ['ACCOUNT', '110-123-456789', '110-***-**6789'],
      ['EMAIL', 'hong@example.com', 'h***@example.com'],
      ['IP', '192.168.0.1', '192.168.*.*'],
      ['IP', '2001:db8::1', '2001:***::*'],
      ['PLATE', '12가 3456', '12가 ****'],
      ['PLATE', '서울12가3456', '서울12가****'],
      ['PASSPORT', 'M12345678', 'M********'],
      ['LOC', '서울특별시', '서****'],
    ];
    for (const [label, original, expected] of cases) {
      expect(maskText(original, [{ start: 0, end: original.length, label }], { style: 'partial' }).text, `${label} ${original}`).toBe(expected);
    }
  });

  it('masks a one-character name whole in the partial style (keeping its first character would keep it all)', () => {
    expect(maskText('김 씨', [{ start: 0, end: 1, label: 'PER' }], { style: 'partial' }).text).toBe('* 씨');
  });

  it('skips spans that are empty, out of range, overlapping or inside a surrogate pair, and never throws', () => {
    const text = 'a😀b김철수';
    const spans = [
      { start: 2, end: 2, label: 'X' },
      { start: -1, end: 1, label: 'X' },
      { start: 4, end: 99, label: 'X' },
      { start: 2, end: 3, label: 'X' },
      { start: 4, end: 7, label: 'PER' },
      { start: 5, end: 6, label: 'PER' },
      { start: 0.5, end: 1, label: 'X' },
    ];
    expect(maskText(text, spans, { style: 'tag' }).text).toBe('a😀b[PER]');
    expect(maskText('', spans, { style: 'star' }).text).toBe('');
  });

  it('names the styles it knows when given another', () => {
    expect(() => parseMaskStyle('blur')).toThrow('unknown mask style "blur"; expected one of tag, numbered, partial, star');
    expect(MASK_STYLES.map(parseMaskStyle)).toEqual(['tag', 'numbered', 'partial', 'star']);
  });
});

describe('sameValueKey', () => {
  it('treats one phone number written three ways as one value', () => {
    expect(new Set(['010-1234-5678', '01012345678', '+82 10-1234-5678', '+82 (0)10 1234 5678'].map((v) => sameValueKey('PHONE', v))).size).toBe(1);
  });

  it('ignores case in e-mail addresses and keeps names as they are', () => {
    expect(sameValueKey('EMAIL', 'Hong@Example.com')).toBe(sameValueKey('EMAIL', 'hong@example.com'));
    expect(sameValueKey('PER', '김철수')).not.toBe(sameValueKey('PER', '김철'));
  });
});
