/**
 * Masking: the text with chosen spans replaced, and the mapping from each placeholder back to
 * the original (the file a user keeps to undo the masking).
 *
 * Styles:
 * - `tag`: the type in brackets, `[PER]`.
 * - `numbered`: `[PER_1]`, the same number wherever the same text of the same type appears
 *   in the document, counted per type in order of first appearance.
 * - `partial`: keeps the shape and a little of the value (`김**`, `010-****-5678`,
 *   `900101-1******`, `h***@example.com`); at least one character is always masked.
 * - `star`: `*` for every character (a surrogate pair is one character); whitespace stays.
 *
 * Everything outside the masked spans is left exactly as it was, code unit for code unit.
 * Spans that are empty, out of range, split a surrogate pair, or overlap an earlier span are
 * skipped (never a crash: the input may come from anywhere).
 */
import { splitsSurrogatePair } from '../text/utf16';

export const MASK_STYLES = ['tag', 'numbered', 'partial', 'star'] as const;
export type MaskStyle = (typeof MASK_STYLES)[number];

export function parseMaskStyle(value: string): MaskStyle {
  if ((MASK_STYLES as readonly string[]).includes(value)) return value as MaskStyle;
  throw new Error(`unknown mask style ${JSON.stringify(value)}; expected one of ${MASK_STYLES.join(', ')}`);
}

export interface MaskSpan {
  readonly start: number;
  /** Exclusive. */
  readonly end: number;
  readonly label: string;
}

export interface Replacement {
  /** The span in the original text. */
  readonly start: number;
  readonly end: number;
  readonly label: string;
  readonly original: string;
  readonly placeholder: string;
  /** Where the placeholder sits in the masked text. */
  readonly maskedStart: number;
  readonly maskedEnd: number;
}

export interface MaskedText {
  readonly text: string;
  readonly replacements: readonly Replacement[];
}

export interface MaskOptions {
  readonly style: MaskStyle;
  /** The labels to mask; every span's when absent. */
  readonly types?: ReadonlySet<string>;
}

const MASK_CHAR = '*';
const WHITESPACE = /\s/u;


/** Each character (code point) masked unless `keep(index among the characters)`; whitespace stays. */
function maskCharacters(value: string, keep: (characterIndex: number, character: string) => boolean): string {
  let out = '';
  let index = 0;
  for (const character of value) {
    out += WHITESPACE.test(character) || keep(index, character) ? character : MASK_CHAR;
    index++;
  }
  return out;
}

/** Masks digits only, keeping the first `keepFirst` and the last `keepLast` of them. */
function maskDigits(value: string, keepFirst: number, keepLast: number): string {
  const total = (value.match(/\d/g) ?? []).length;
  let seen = 0;
  return value.replace(/\d/g, (digit) => {
    seen++;
    return seen <= keepFirst || seen > total - keepLast ? digit : MASK_CHAR;
  });
}

const COUNTRY_CODE = /^\+82[ .-]?(?:\(0\)[ .-]?)?/;

/**
 * How many leading digits of a phone number stay: the country code and the first group (the
 * area or mobile prefix). Without separators the prefix is 02 for Seoul, else three digits.
 */
function phonePrefixDigits(value: string): number {
  const country = COUNTRY_CODE.exec(value)?.[0] ?? '';
  const national = value.slice(country.length);
  const firstGroup = /^\(?(\d+)/.exec(national)?.[1] ?? '';
  const ungrouped = firstGroup.length === (national.match(/\d/g) ?? []).length;
  const prefix = ungrouped ? (national.startsWith('02') ? 2 : 3) : firstGroup.length;
  return (country ? 2 : 0) + prefix;
}

function partialMask(label: string, original: string): string {
  switch (label) {
    case 'PHONE':
      return maskDigits(original, phonePrefixDigits(original), 4);
    case 'CARD':
    case 'ACCOUNT':
      return maskDigits(original, (/^\d+/.exec(original)?.[0] ?? '').length, 4);
    case 'RRN':
    case 'FRN':
      // Birth date and the gender digit stay, as Korean documents commonly print them.
      return maskDigits(original, 7, 0);
    case 'PLATE':
      return maskDigits(original, (original.match(/\d/g) ?? []).length - 4, 0);
    case 'IP':
      return original.includes(':') ? original.replace(/(?<=:.*)[0-9A-Fa-f]/g, MASK_CHAR) : original.replace(/(?<=^\d+\.\d+\..*)\d/g, MASK_CHAR);
    case 'EMAIL': {
      const at = original.indexOf('@');
      return maskCharacters(original.slice(0, at), (index) => index === 0) + original.slice(at);
    }
    default: {
      const length = [...original].length;
      // A one-character span is masked whole: keeping its first character would keep all of it.
      return maskCharacters(original, (index) => index === 0 && length > 1);
    }
  }
}

/** A partial mask that still equals the original (nothing in it could be masked) is starred. */
function safePartialMask(label: string, original: string): string {
  const masked = partialMask(label, original);
  return masked === original ? maskCharacters(original, () => false) : masked;
}

export function maskText(text: string, spans: readonly MaskSpan[], options: MaskOptions): MaskedText {
  const { style, types } = options;
  parseMaskStyle(style);
  const order = spans
    .filter((span) => (types ? types.has(span.label) : true))
    .filter(({ start, end }) => Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start < end && end <= text.length && !splitsSurrogatePair(text, start) && !splitsSurrogatePair(text, end))
    .sort((a, b) => a.start - b.start || a.end - b.end);
  const numbers = new Map<string, number>();
  const countByLabel = new Map<string, number>();
  const replacements: Replacement[] = [];
  const parts: string[] = [];
  let cursor = 0;
  let maskedLength = 0;
  for (const span of order) {
    if (span.start < cursor) continue;
    const original = text.slice(span.start, span.end);
    const placeholder = placeholderFor(style, span.label, original, numbers, countByLabel);
    const before = text.slice(cursor, span.start);
    parts.push(before, placeholder);
    maskedLength += before.length;
    replacements.push({ start: span.start, end: span.end, label: span.label, original, placeholder, maskedStart: maskedLength, maskedEnd: maskedLength + placeholder.length });
    maskedLength += placeholder.length;
    cursor = span.end;
  }
  parts.push(text.slice(cursor));
  return { text: parts.join(''), replacements };
}

const NUMERIC_LABELS = new Set(['RRN', 'FRN', 'CARD', 'ACCOUNT', 'PASSPORT', 'PLATE']);

/**
 * What makes two spans the same value for numbering: the same text, except that identifiers
 * written differently are one (010-1234-5678, 01012345678 and +82 10-1234-5678 are one phone;
 * e-mail and URLs ignore case).
 */
export function sameValueKey(label: string, original: string): string {
  if (label === 'PHONE') {
    const digits = original.replace(/\D/g, '');
    return original.startsWith('+82') ? `0${digits.slice(2).replace(/^0/, '')}` : digits;
  }
  if (NUMERIC_LABELS.has(label)) return original.replace(/[\s-]/g, '');
  if (label === 'EMAIL' || label === 'URL') return original.toLowerCase();
  return original;
}

function placeholderFor(style: MaskStyle, label: string, original: string, numbers: Map<string, number>, countByLabel: Map<string, number>): string {
  switch (style) {
    case 'tag':
      return `[${label}]`;
    case 'numbered': {
      const key = `${label}\u0000${sameValueKey(label, original)}`;
      let number = numbers.get(key);
      if (number === undefined) {
        number = (countByLabel.get(label) ?? 0) + 1;
        countByLabel.set(label, number);
        numbers.set(key, number);
      }
      return `[${label}_${number}]`;
    }
    case 'partial':
      return safePartialMask(label, original);
    case 'star':
      return maskCharacters(original, () => false);
    default: {
      const unknown: never = style;
      throw new Error(`unknown mask style ${JSON.stringify(unknown)}`);
    }
  }
}
