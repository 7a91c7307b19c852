/**
 * Character spans for tokens: no tokenizer library returns offsets, so we align the
 * token strings against the normalized text (which knows its original spans).
 *
 * A token string is turned back into surface text by removing the model's markers:
 * WordPiece's continuing-subword prefix ("##") and Metaspace's space marker ("▁", which
 * stands for a space, or for nothing when the pre-tokenizer prepended it). Tokens that
 * cannot be found ([UNK] of WordPiece, byte pieces, ...) share the text between their
 * aligned neighbours.
 */
import { originalSpan, splitCodePoints, type NormalizedText } from '../text/normalized-text';

export interface TokenMarkers {
  /** WordPiece continuing-subword prefix, e.g. "##"; null when the model has none. */
  readonly continuingSubwordPrefix: string | null;
  /** Metaspace replacement character, e.g. "▁"; null when there is no Metaspace step. */
  readonly metaspace: string | null;
}

export interface TokenSpans {
  /** shape: (numTokens,): original UTF-16 span [charStarts[t], charEnds[t]) of token t; may be empty. */
  readonly charStarts: Int32Array;
  readonly charEnds: Int32Array;
}

/** How far past the cursor (in normalized UTF-16 units) a token may be found. */
const SEARCH_WINDOW = 256;

const WHITESPACE = /\s/u;

export function alignTokens(text: NormalizedText, tokens: readonly string[], markers: TokenMarkers): TokenSpans {
  const { normalized } = text;
  const numTokens = tokens.length;
  // shape: (numTokens,): normalized span of each token; -1 while unaligned.
  const normalizedStarts = new Int32Array(numTokens).fill(-1);
  const normalizedEnds = new Int32Array(numTokens).fill(-1);

  let cursor = 0;
  for (let tokenIndex = 0; tokenIndex < numTokens; tokenIndex++) {
    const match = findToken(normalized, cursor, surfaceCandidates(tokens[tokenIndex], markers));
    if (match === null) continue;
    normalizedStarts[tokenIndex] = match.start;
    normalizedEnds[tokenIndex] = match.end;
    cursor = match.end;
  }
  fillUnaligned(normalized, normalizedStarts, normalizedEnds);

  const charStarts = new Int32Array(numTokens);
  const charEnds = new Int32Array(numTokens);
  for (let tokenIndex = 0; tokenIndex < numTokens; tokenIndex++) {
    const span = originalSpan(text, normalizedStarts[tokenIndex], normalizedEnds[tokenIndex]);
    charStarts[tokenIndex] = span.charStart;
    charEnds[tokenIndex] = span.charEnd;
  }
  return { charStarts, charEnds };
}

/** Surface strings a token may stand for, most specific first. */
function surfaceCandidates(token: string, markers: TokenMarkers): string[] {
  const candidates: string[] = [];
  let surface = token;
  const prefix = markers.continuingSubwordPrefix;
  if (prefix && surface.startsWith(prefix) && surface.length > prefix.length) surface = surface.slice(prefix.length);
  if (markers.metaspace) {
    surface = surface.replaceAll(markers.metaspace, ' ');
    // A leading marker is either a real space or one the pre-tokenizer prepended.
    candidates.push(surface);
    const withoutLeadingSpace = surface.replace(/^ +/u, '');
    if (withoutLeadingSpace !== surface) candidates.push(withoutLeadingSpace);
  } else {
    candidates.push(surface);
  }
  if (surface !== token) candidates.push(token);
  return candidates;
}

/**
 * Finds the first candidate at the cursor, after whitespace the pre-tokenizer dropped,
 * or (failing that) a little further on. The span excludes leading whitespace unless
 * the token is whitespace only (a space token, a lone "▁").
 */
function findToken(normalized: string, cursor: number, candidates: string[]): { start: number; end: number } | null {
  let afterWhitespace = cursor;
  while (afterWhitespace < normalized.length && WHITESPACE.test(normalized[afterWhitespace])) afterWhitespace++;
  for (const from of [cursor, afterWhitespace]) {
    for (const candidate of candidates) {
      if (candidate.length > 0 && normalized.startsWith(candidate, from)) return trimLeading(normalized, from, from + candidate.length);
    }
  }
  for (const candidate of candidates) {
    if (candidate.trim().length === 0) continue; // whitespace-only tokens are never searched far
    const start = normalized.indexOf(candidate, cursor);
    if (start >= 0 && start - cursor <= SEARCH_WINDOW) return trimLeading(normalized, start, start + candidate.length);
  }
  return null;
}

function trimLeading(normalized: string, start: number, end: number) {
  let trimmedStart = start;
  while (trimmedStart < end && WHITESPACE.test(normalized[trimmedStart])) trimmedStart++;
  return { start: trimmedStart < end ? trimmedStart : start, end };
}

/**
 * Each run of unaligned tokens shares the normalized text between its aligned neighbours
 * (whitespace trimmed): split by code points when there are enough, else all get the gap.
 */
function fillUnaligned(normalized: string, starts: Int32Array, ends: Int32Array) {
  const numTokens = starts.length;
  let tokenIndex = 0;
  while (tokenIndex < numTokens) {
    if (starts[tokenIndex] >= 0) {
      tokenIndex++;
      continue;
    }
    const runStart = tokenIndex;
    while (tokenIndex < numTokens && starts[tokenIndex] < 0) tokenIndex++;
    const runEnd = tokenIndex; // exclusive
    let gapStart = runStart > 0 ? ends[runStart - 1] : 0;
    let gapEnd = runEnd < numTokens ? starts[runEnd] : normalized.length;
    while (gapStart < gapEnd && WHITESPACE.test(normalized[gapStart])) gapStart++;
    while (gapEnd > gapStart && WHITESPACE.test(normalized[gapEnd - 1])) gapEnd--;

    const gapCodePoints = splitCodePoints(normalized.slice(gapStart, gapEnd));
    const runLength = runEnd - runStart;
    // unit offsets of each gap code point boundary, shape: (gapCodePoints.length + 1,)
    const boundaries = new Int32Array(gapCodePoints.length + 1);
    boundaries[0] = gapStart;
    for (let i = 0; i < gapCodePoints.length; i++) boundaries[i + 1] = boundaries[i] + gapCodePoints[i].length;
    for (let k = 0; k < runLength; k++) {
      if (gapCodePoints.length >= runLength) {
        starts[runStart + k] = boundaries[Math.floor((k * gapCodePoints.length) / runLength)];
        ends[runStart + k] = boundaries[Math.floor(((k + 1) * gapCodePoints.length) / runLength)];
      } else {
        starts[runStart + k] = gapStart;
        ends[runStart + k] = gapEnd;
      }
    }
  }
}
