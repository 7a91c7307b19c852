/**
 * UTF-16 facts every part that handles offsets needs: surrogate pairs, and the edges an entity
 * never starts or ends on (whitespace and zero-width characters), one rule for the model's
 * entities and a person's.
 */

export function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

export function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** True when `offset` falls between the two halves of a surrogate pair. */
export function splitsSurrogatePair(text: string, offset: number): boolean {
  return offset > 0 && offset < text.length && isHighSurrogate(text.charCodeAt(offset - 1)) && isLowSurrogate(text.charCodeAt(offset));
}

/** Whitespace and the zero-width characters (ZWSP, ZWNJ, ZWJ, word joiner). */
const EDGE = /[\s\u200b-\u200d\u2060]/u;

/**
 * [start, end) without edge whitespace or zero-width characters, widened where an edge would
 * split a surrogate pair; end <= start when nothing is left.
 */
export function trimEdges(text: string, start: number, end: number): { start: number; end: number } {
  while (start < end && EDGE.test(text[start])) start++;
  while (end > start && EDGE.test(text[end - 1])) end--;
  if (splitsSurrogatePair(text, start)) start--;
  if (splitsSurrogatePair(text, end)) end++;
  return { start, end };
}
