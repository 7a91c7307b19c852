/**
 * What every identifier rule returns, and the boundaries they share.
 *
 * Offsets are UTF-16 code units into the text as given, end exclusive, like the model's
 * entities (README "Offsets").
 */

export interface IdentifierMatch {
  readonly start: number;
  /** Exclusive. */
  readonly end: number;
  readonly label: string;
}

export type IdentifierRule = (text: string) => IdentifierMatch[];

/**
 * A number glued to a digit or a Latin letter is part of something longer (a serial, a
 * hash, a longer number); one glued to Hangul is not, because Korean particles follow
 * directly: "010-1234-5678로", "12가3456을".
 */
export const NOT_AFTER_ALNUM = '(?<![0-9A-Za-z])';
export const NOT_BEFORE_ALNUM = '(?![0-9A-Za-z])';

/** Every match of a global regex, mapped; `keep` decides from the match (and may name the label). */
export function scan(text: string, pattern: RegExp, keep: (match: RegExpExecArray) => string | null): IdentifierMatch[] {
  if (!pattern.global) throw new Error(`expected a global pattern, got /${pattern.source}/${pattern.flags}`);
  const found: IdentifierMatch[] = [];
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    if (match[0].length === 0) {
      pattern.lastIndex++;
      continue;
    }
    const label = keep(match);
    if (label !== null) found.push({ start: match.index, end: match.index + match[0].length, label });
  }
  return found;
}

/** The ASCII digits of a string, as numbers. */
export function digitsOf(value: string): number[] {
  const digits: number[] = [];
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code >= 48 && code <= 57) digits.push(code - 48);
  }
  return digits;
}
