/**
 * Property tests: each kind of identifier, made at random and put into random Korean text, is
 * found exactly there with its type; dates, times, prices, version numbers and counts, made at
 * random, are never taken for identifiers.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { passesLuhn } from './card-number';
import { findIdentifiers } from './identifiers';
import { isValidDate } from './registration-number';
import { ACCOUNT_LAYOUTS } from './bank-account';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

const digit = (from = 0) => fc.integer({ min: from, max: 9 }).map(String);
const digits = (length: number, firstFrom = 0) =>
  length === 0 ? fc.constant('') : fc.tuple(digit(firstFrom), fc.array(digit(), { minLength: length - 1, maxLength: length - 1 })).map(([first, rest]) => first + rest.join(''));

// Korean words with no digits, no Latin letters and no region names (which could join a plate).
const WORDS = ['고객', '홍길동', '씨의', '연락처는', '다음과', '같다', '그리고', '회의에서', '말했다', '오늘', '문의', '담당자', '번호', '확인', '부탁드립니다', '😀', '주소'];
const filler = fc.array(fc.constantFrom(...WORDS), { maxLength: 6 }).map((words) => words.join(' '));
const before = fc.constantFrom(' ', ' (', '\n', '\t', ': ');
const after = fc.constantFrom('', ' ', '로', '은', ',', '.', '이다.', ')', '\n');

const pad2 = (value: number) => String(value).padStart(2, '0');

const arbitraries: Record<string, fc.Arbitrary<string>> = {
  PHONE: fc.oneof(
    fc.tuple(fc.constantFrom('010', '011', '019', '070'), fc.constantFrom('-', ' ', '.', ''), digits(4, 2), digits(4)).map(([prefix, sep, middle, last]) => `${prefix}${sep}${middle}${sep}${last}`),
    fc.tuple(fc.constantFrom('02', '031', '051', '064'), fc.constantFrom('-', ' ', '.'), digits(3, 2), digits(4)).map(([prefix, sep, middle, last]) => `${prefix}${sep}${middle}${sep}${last}`),
    fc.tuple(fc.constantFrom('+82 10-', '+82-10-', '+82 (0)10-', '+8210'), digits(4, 2), digits(4)).map(([prefix, middle, last]) => `${prefix}${middle}-${last}`),
  )
    // Only numbers in ranges Korea assigns (010-597x-xxxx is not one): which ranges those are is
    // libphonenumber's data; this property is about our candidates finding them, edges and all.
    .filter((value) => parsePhoneNumberFromString(value, 'KR')?.isValid() === true),
  RRN: fc
    .record({ year: fc.integer({ min: 1900, max: 2029 }), month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 31 }), female: fc.boolean(), hyphen: fc.boolean(), rest: digits(6) })
    .filter(({ year, month, day }) => isValidDate(year, month, day))
    .map(({ year, month, day, female, hyphen, rest }) => `${pad2(year % 100)}${pad2(month)}${pad2(day)}${hyphen ? '-' : ''}${(year < 2000 ? 1 : 3) + (female ? 1 : 0)}${rest}`),
  FRN: fc
    .record({ year: fc.integer({ min: 1900, max: 2029 }), month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 28 }), female: fc.boolean(), rest: digits(6) })
    .map(({ year, month, day, female, rest }) => `${pad2(year % 100)}${pad2(month)}${pad2(day)}-${(year < 2000 ? 5 : 7) + (female ? 1 : 0)}${rest}`),
  EMAIL: fc
    .tuple(fc.stringMatching(/^[a-z0-9][a-z0-9._+]{0,10}[a-z0-9]$/), fc.stringMatching(/^[a-z0-9]{1,10}$/), fc.constantFrom('com', 'co.kr', 'net', 'kr', 'ac.kr'))
    .map(([local, host, tld]) => `${local.replace(/\.\.+/g, '.')}@${host}.${tld}`),
  URL: fc
    .tuple(fc.constantFrom('https://', 'http://', 'www.'), fc.stringMatching(/^[a-z0-9]{1,10}$/), fc.constantFrom('.com', '.co.kr', '.org'), fc.stringMatching(/^(\/[a-z0-9_]{1,8}){0,3}(\?[a-z]=[0-9]{1,3})?$/))
    .map(([scheme, host, tld, path]) => `${scheme}${host}${tld}${path}`),
  IP: fc.oneof(fc.ipV4(), fc.ipV6().filter((address) => !address.includes('.'))),
  CARD: fc.tuple(digits(15, 1), fc.constantFrom('-', ' ', '')).map(([body, sep]) => {
    const check = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].find((d) => passesLuhn([...body, String(d)].map(Number)))!;
    const number = `${body}${check}`;
    return sep === '' ? number : number.match(/\d{4}/g)!.join(sep);
  }),
  ACCOUNT: fc
    .constantFrom(...ACCOUNT_LAYOUTS)
    .chain((layout) => fc.tuple(...layout.split('-').map((length, index) => digits(Number(length), index === 0 ? 1 : 0))))
    .map((groups) => groups.join('-')),
  PLATE: fc
    .tuple(fc.oneof(digits(2, 1), digits(3, 1)), fc.constantFrom(...'가나다라마거너더러머버서어저고노도로모보소오조구누두루무부수우주아바사자배하허호'), fc.constantFrom(' ', ''), digits(4))
    .map(([head, syllable, space, serial]) => `${head}${syllable}${space}${serial}`),
  PASSPORT: fc.oneof(
    fc.tuple(fc.constantFrom('M', 'S', 'R', 'O', 'D', 'G'), digits(8)).map(([letter, number]) => letter + number),
    fc.tuple(digits(3), fc.constantFrom(...'ABCDEFGHJKLMNPQRSTUVWXYZ'), digits(4)).map(([a, letter, b]) => `M${a}${letter}${b}`),
  ),
};

describe('every identifier in random Korean text', () => {
  for (const [label, arbitrary] of Object.entries(arbitraries)) {
    it(`finds a random ${label} exactly where it is, and nothing else`, () => {
      fc.assert(
        fc.property(filler, before, arbitrary, after, filler, (head, open, value, close, tail) => {
          const text = `${head}${open}${value}${close} ${tail}`;
          const start = head.length + open.length;
          expect(findIdentifiers(text)).toEqual([{ start, end: start + value.length, label, text: value }]);
        }),
        { numRuns: 300 },
      );
    });
  }
});

describe('look-alikes', () => {
  const lookAlikes = fc.oneof(
    // dates
    fc.tuple(fc.integer({ min: 1950, max: 2099 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }), fc.constantFrom('-', '.', '/'))
      .map(([y, m, d, sep]) => `${y}${sep}${pad2(m)}${sep}${pad2(d)}`),
    fc.tuple(fc.integer({ min: 1950, max: 2099 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 })).map(([y, m, d]) => `${y}년 ${m}월 ${d}일`),
    // times and date-times
    fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 59 })).map(([h, m, s]) => `${pad2(h)}:${pad2(m)}:${pad2(s)}`),
    fc.tuple(fc.integer({ min: 2000, max: 2099 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 23 })).map(([y, m, h]) => `${y}-${pad2(m)}-01 ${pad2(h)}:30`),
    // prices, counts and percentages
    fc.bigInt({ min: 0n, max: 10n ** 15n }).map((value) => `${value.toLocaleString('en')}원`),
    fc.bigInt({ min: 0n, max: 10n ** 15n }).map((value) => `₩${value.toLocaleString('en')}`),
    fc.integer({ min: 0, max: 10 ** 9 }).map((value) => `${value.toLocaleString('en')}명`),
    fc.double({ min: 0, max: 100, noNaN: true }).map((value) => `${value.toFixed(2)}%`),
    // version numbers
    fc.array(fc.integer({ min: 0, max: 999 }), { minLength: 2, maxLength: 3 }).map((parts) => `v${parts.join('.')}`),
    fc.array(fc.integer({ min: 0, max: 99 }), { minLength: 5, maxLength: 6 }).map((parts) => parts.join('.')),
  );

  it('takes no random date, time, price, count, percentage or version number for an identifier', () => {
    fc.assert(
      fc.property(filler, lookAlikes, filler, (head, value, tail) => {
        expect(findIdentifiers(`${head} ${value} ${tail}`)).toEqual([]);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('any text at all', () => {
  it('gives flat, in-range matches that never split a surrogate pair, for any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        const found = findIdentifiers(text);
        let cursor = 0;
        for (const identifier of found) {
          expect(identifier.start).toBeGreaterThanOrEqual(cursor);
          expect(identifier.end).toBeGreaterThan(identifier.start);
          expect(identifier.end).toBeLessThanOrEqual(text.length);
          expect(text.slice(identifier.start, identifier.end)).toBe(identifier.text);
          cursor = identifier.end;
        }
      }),
      { numRuns: 500 },
    );
  });
});
