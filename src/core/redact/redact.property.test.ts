/**
 * Properties of masking, for every style: the masked text never contains an original masked
 * span, the text outside the masked spans is unchanged character for character, and the
 * mapping gives the original back. Documents are random: names and identifiers among random
 * Korean filler (whose syllables are not those of the names, so a name can only appear where
 * it was put).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MASK_STYLES, maskText } from './mask';
import { redactText } from './redact';
import { unmask } from './mapping';
import { findIdentifiers } from '../identifiers/identifiers';

const NAME_SYLLABLES = [...'김이박최정강조윤장임철수영희민준서연지훈'];
const FILLER_WORDS = ['오늘', '회의에', '참석한', '사람은', '다음과', '같다', '그리고', '고객', '문의', '😀', '번호', '메일', '계좌로', '입금', '\n'];
const IDENTIFIERS: [string, string][] = [
  ['PHONE', '010-1234-5678'],
  ['PHONE', '02-312-3456'],
  ['RRN', '900101-1234567'],
  ['FRN', '851120-5123456'],
  ['EMAIL', 'hong@example.co.kr'],
  ['IP', '192.168.0.15'],
  ['CARD', '4111-1111-1111-1111'],
  ['ACCOUNT', '110-123-456789'],
  ['PLATE', '12가 3456'],
  ['PASSPORT', 'M12345678'],
];

const name = fc.array(fc.constantFrom(...NAME_SYLLABLES), { minLength: 2, maxLength: 4 }).map((s) => s.join(''));
const piece = fc.oneof(
  fc.record({ kind: fc.constant('filler' as const), value: fc.constantFrom(...FILLER_WORDS) }),
  fc.record({ kind: fc.constant('name' as const), value: name, label: fc.constantFrom('PER', 'LOC', 'ORG') }),
  fc.record({ kind: fc.constant('identifier' as const), pick: fc.constantFrom(...IDENTIFIERS) }),
);

/** Pieces joined by spaces; the spans of names and identifiers. */
const document = fc.array(piece, { maxLength: 30 }).map((pieces) => {
  let text = '';
  const spans: { start: number; end: number; label: string }[] = [];
  for (const p of pieces) {
    if (text.length > 0) text += ' ';
    const [label, value] = p.kind === 'identifier' ? p.pick : p.kind === 'name' ? [p.label, p.value] : [null, p.value];
    if (label !== null) spans.push({ start: text.length, end: text.length + value.length, label });
    text += value;
  }
  return { text, spans };
});

describe('masking, for every style', () => {
  for (const style of MASK_STYLES) {
    it(`${style}: the masked text contains no original masked span; the rest is unchanged, character for character`, () => {
      fc.assert(
        fc.property(document, ({ text, spans }) => {
          const model = spans.filter((s) => !findIdentifiers(text.slice(s.start, s.end)).length);
          const masked = redactText(text, model, { style });
          // every span put in is masked (the identifiers by the rules, the names from the "model")
          expect(masked.replacements.map(({ start, end }) => [start, end])).toEqual(spans.map(({ start, end }) => [start, end]));
          for (const { original } of masked.replacements) expect(masked.text).not.toContain(original);
          let cursor = 0;
          let maskedCursor = 0;
          for (const r of masked.replacements) {
            expect(masked.text.slice(maskedCursor, r.maskedStart)).toBe(text.slice(cursor, r.start));
            cursor = r.end;
            maskedCursor = r.maskedEnd;
          }
          expect(masked.text.slice(maskedCursor)).toBe(text.slice(cursor));
          expect(unmask(masked.text, masked.replacements)).toBe(text);
        }),
        { numRuns: 200 },
      );
    });
  }

  it('never throws on any text with any spans, and keeps the text outside them', () => {
    const span = fc.record({ start: fc.integer({ min: -3, max: 60 }), end: fc.integer({ min: -3, max: 60 }), label: fc.constantFrom('PER', 'PHONE', 'X') });
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 50 }), fc.array(span, { maxLength: 8 }), fc.constantFrom(...MASK_STYLES), (text, spans, style) => {
        const masked = maskText(text, spans, { style });
        expect(unmask(masked.text, masked.replacements)).toBe(text);
        redactText(text, spans, { style });
      }),
      { numRuns: 1000 },
    );
  });
});
