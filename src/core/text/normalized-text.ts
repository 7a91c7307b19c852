/**
 * Normalized text aligned to the ORIGINAL text.
 *
 * Tokenizers see the text after their normalizer (NFKC, whitespace collapsing, ...),
 * but entities must point into the text the user wrote. We normalize the text in
 * small segments, each a starter plus the code points that combine with it under the
 * normalizer, so every normalized UTF-16 unit knows the original span it came from.
 *
 * A code point c joins the current segment when normalize(segment + c) differs from
 * normalize(segment) + normalize(c): decomposed Hangul jamo (L+V+T), combining marks
 * and whitespace runs (under a "\s+" -> " " rule) join; everything else starts anew.
 * Segments hold whole code points, so a surrogate pair is never split.
 */

/** A string -> string normalizer, e.g. the tokenizer's own. */
export type Normalize = (text: string) => string;

export interface NormalizedText {
  /** The normalized string (what the tokenizer model sees). */
  readonly normalized: string;
  /**
   * For each normalized UTF-16 index i: the original span [charStarts[i], charEnds[i])
   * of the segment that produced it, in UTF-16 units of the original text.
   * shape: (normalized.length + 1,); the last entry is the end of the text, so
   * charStarts[normalized.length] = charEnds[normalized.length] = original.length.
   */
  readonly charStarts: Int32Array;
  readonly charEnds: Int32Array;
  /**
   * False when segment-wise normalization did not reproduce the whole-text normalization
   * (a normalizer with non-local rules); offsets then fall back to the whole text.
   */
  readonly exact: boolean;
}

/** How many trailing code points of a segment give context to the join test. */
const JOIN_CONTEXT_CODE_POINTS = 4;

export const identityNormalize: Normalize = (text) => text;

/** NFKC, then runs of whitespace collapsed to one space: the default model's normalizer. */
export const nfkcCollapseWhitespace: Normalize = (text) => text.normalize('NFKC').replace(/\s+/gu, ' ');

/**
 * Join tests already made, per normalizer: "context\u0000codePoint" -> joins. The test is a pure
 * function of its two strings, and the context is usually one code point (a segment rarely grows),
 * so a text's join tests are mostly pairs seen before. Cleared when it grows past JOIN_CACHE_LIMIT.
 */
const joinCaches = new WeakMap<Normalize, Map<string, boolean>>();
const JOIN_CACHE_LIMIT = 50_000;

export function normalizeWithOffsets(original: string, normalize: Normalize): NormalizedText {
  const whole = normalize(original);
  // A text the normalizer leaves as it is (most text, for NFKC): each unit is its own span.
  if (whole === original) return identityAlignment(original);
  let joinCache = joinCaches.get(normalize);
  if (joinCache === undefined) joinCaches.set(normalize, (joinCache = new Map()));
  if (joinCache.size > JOIN_CACHE_LIMIT) joinCache.clear();
  return normalizeBySegments(original, normalize, whole, joinCache);
}

/**
 * The segment-wise alignment itself, with no shortcut (normalizeWithOffsets's reference in tests).
 * @param whole normalize(original)
 * @param joinCache join tests made before with this normalizer (see joinCaches)
 */
export function normalizeBySegments(original: string, normalize: Normalize, whole = normalize(original), joinCache = new Map<string, boolean>()): NormalizedText {
  const codePoints = splitCodePoints(original);
  const normalizedParts: string[] = [];
  const segmentStarts: number[] = []; // original UTF-16 start of each segment
  const segmentEnds: number[] = [];

  let segment = ''; // original text of the open segment
  let segmentStart = 0;
  let position = 0;
  const closeSegment = () => {
    if (segment.length === 0) return;
    normalizedParts.push(normalize(segment));
    segmentStarts.push(segmentStart);
    segmentEnds.push(segmentStart + segment.length);
  };
  const normalizedCache = new Map<string, string>();
  const normalizeCodePoint = (codePoint: string) => {
    let normalized = normalizedCache.get(codePoint);
    if (normalized === undefined) {
      normalized = normalize(codePoint);
      normalizedCache.set(codePoint, normalized);
    }
    return normalized;
  };

  let contextCodePoints: string[] = [];
  for (const codePoint of codePoints) {
    if (segment.length > 0) {
      const context = contextCodePoints.join('');
      const key = `${context}\u0000${codePoint}`;
      let joins = joinCache.get(key);
      if (joins === undefined) {
        joins = normalize(context + codePoint) !== normalize(context) + normalizeCodePoint(codePoint);
        joinCache.set(key, joins);
      }
      if (joins) {
        segment += codePoint;
        contextCodePoints.push(codePoint);
        if (contextCodePoints.length > JOIN_CONTEXT_CODE_POINTS) contextCodePoints.shift();
        position += codePoint.length;
        continue;
      }
      closeSegment();
    }
    segment = codePoint;
    segmentStart = position;
    contextCodePoints = [codePoint];
    position += codePoint.length;
  }
  closeSegment();

  const normalized = normalizedParts.join('');
  if (normalized !== whole) return wholeTextFallback(original, whole);

  // shape: (normalized.length + 1,)
  const charStarts = new Int32Array(normalized.length + 1);
  const charEnds = new Int32Array(normalized.length + 1);
  let normalizedIndex = 0;
  for (let segmentIndex = 0; segmentIndex < normalizedParts.length; segmentIndex++) {
    const partLength = normalizedParts[segmentIndex].length;
    charStarts.fill(segmentStarts[segmentIndex], normalizedIndex, normalizedIndex + partLength);
    charEnds.fill(segmentEnds[segmentIndex], normalizedIndex, normalizedIndex + partLength);
    normalizedIndex += partLength;
  }
  charStarts[normalized.length] = original.length;
  charEnds[normalized.length] = original.length;
  return { normalized, charStarts, charEnds, exact: true };
}

/** Normalized = original: each UTF-16 unit maps to its code point's span (both halves of a surrogate pair to the pair). */
function identityAlignment(original: string): NormalizedText {
  const length = original.length;
  const charStarts = new Int32Array(length + 1);
  const charEnds = new Int32Array(length + 1);
  for (let index = 0; index < length; index++) {
    const unit = original.charCodeAt(index);
    const next = index + 1 < length ? original.charCodeAt(index + 1) : 0;
    if (unit >= 0xd800 && unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      charStarts[index] = charStarts[index + 1] = index;
      charEnds[index] = charEnds[index + 1] = index + 2;
      index++;
    } else {
      charStarts[index] = index;
      charEnds[index] = index + 1;
    }
  }
  charStarts[length] = length;
  charEnds[length] = length;
  return { normalized: original, charStarts, charEnds, exact: true };
}

/** Every normalized unit maps to the whole original text: coarse but always valid. */
function wholeTextFallback(original: string, normalized: string): NormalizedText {
  const charStarts = new Int32Array(normalized.length + 1);
  const charEnds = new Int32Array(normalized.length + 1).fill(original.length);
  charStarts[normalized.length] = original.length;
  return { normalized, charStarts, charEnds, exact: false };
}

/** Code points as strings; a lone surrogate is its own code point. */
export function splitCodePoints(text: string): string[] {
  return Array.from(text);
}

/**
 * The original span covered by normalized units [normalizedStart, normalizedEnd).
 * An empty normalized range maps to an empty original span at its position.
 */
export function originalSpan(
  text: NormalizedText,
  normalizedStart: number,
  normalizedEnd: number,
): { charStart: number; charEnd: number } {
  if (normalizedEnd <= normalizedStart) {
    const charStart = text.charStarts[normalizedStart];
    return { charStart, charEnd: charStart };
  }
  return { charStart: text.charStarts[normalizedStart], charEnd: text.charEnds[normalizedEnd - 1] };
}
