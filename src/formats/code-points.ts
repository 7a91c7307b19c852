/**
 * UTF-16 code-unit offsets (ours, JavaScript's) <-> Unicode code-point offsets (Python's
 * `str` indices, used by doccano, spaCy and Label Studio files). They differ only after a
 * character outside the BMP (emoji, rare Hanja): each is 2 code units but 1 code point.
 */

export class CodePointIndex {
  /** shape: (text.length + 1,): code-point offset of each UTF-16 offset; -1 inside a surrogate pair */
  private readonly codePointAt: Int32Array;
  /** shape: (numCodePoints + 1,): UTF-16 offset of each code-point offset */
  private readonly unitAt: Int32Array;

  constructor(text: string) {
    this.codePointAt = new Int32Array(text.length + 1).fill(-1);
    const units: number[] = [];
    let codePoints = 0;
    for (let unit = 0; unit < text.length; codePoints++) {
      this.codePointAt[unit] = codePoints;
      units.push(unit);
      const code = text.charCodeAt(unit);
      const pair = code >= 0xd800 && code <= 0xdbff && unit + 1 < text.length && (text.charCodeAt(unit + 1) & 0xfc00) === 0xdc00;
      unit += pair ? 2 : 1;
    }
    this.codePointAt[text.length] = codePoints;
    units.push(text.length);
    this.unitAt = Int32Array.from(units);
  }

  get codePointLength(): number {
    return this.unitAt.length - 1;
  }

  /** Code-point offset of a UTF-16 offset (which must not split a surrogate pair). */
  toCodePoint(unitOffset: number): number {
    const codePoint = this.codePointAt[unitOffset];
    if (codePoint === undefined || codePoint < 0) throw new Error(`expected a UTF-16 offset between characters, got ${unitOffset}`);
    return codePoint;
  }

  /** UTF-16 offset of a code-point offset, or -1 when it is out of range. */
  toUnit(codePointOffset: number): number {
    return Number.isInteger(codePointOffset) ? (this.unitAt[codePointOffset] ?? -1) : -1;
  }
}
