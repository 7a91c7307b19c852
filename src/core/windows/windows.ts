/**
 * Long texts in model-sized windows, and back.
 *
 * Planning works in token space: each window holds at most `maxContentTokens` content
 * tokens (max_seq_length minus [CLS] and [SEP]); cuts fall at sentence ends, chosen for the least
 * model work; only a sentence longer than a window is cut inside, at spaces where the tokens allow.
 * Windows cut at a sentence end do not overlap; windows cut inside a sentence overlap, so that
 * every token has context on both sides in one of them.
 *
 * Merging takes each token's tags from one window: a seam is chosen in each overlap,
 * as close to its middle as possible (where tokens are furthest from both window edges)
 * but never inside an entity of either window, so an entity comes whole from one window:
 * never lost, never doubled.
 */
import { parseBioLabel, type BioTag } from '../labels/bio';
import { PAD_MULTIPLE } from './batches';

/** Content tokens [tokenStart, tokenEnd) of one window. */
export interface TokenWindow {
  readonly tokenStart: number;
  readonly tokenEnd: number;
}

/** How good a place is to cut before a token: higher is better. */
export const CUT_NONE = 0;
export const CUT_SPACE = 1;
export const CUT_SENTENCE = 2;

const SENTENCE_END = /[.!?。！？…]$/u;
const WHITESPACE = /\s/u;

/**
 * @returns shape: (numTokens + 1,): cutQualities[t] rates a cut before token t
 *   (t = 0 and t = numTokens are the text's own edges and rate CUT_SENTENCE).
 */
export function cutQualities(text: string, charStarts: Int32Array, charEnds: Int32Array): Uint8Array {
  const numTokens = charStarts.length;
  const qualities = new Uint8Array(numTokens + 1);
  qualities[0] = CUT_SENTENCE;
  qualities[numTokens] = CUT_SENTENCE;
  for (let tokenIndex = 1; tokenIndex < numTokens; tokenIndex++) {
    const previousText = text.slice(charStarts[tokenIndex - 1], charEnds[tokenIndex - 1]);
    const between = text.slice(charEnds[tokenIndex - 1], charStarts[tokenIndex]);
    const tokenText = text.slice(charStarts[tokenIndex], charEnds[tokenIndex]);
    if (between.includes('\n') || (SENTENCE_END.test(previousText) && (WHITESPACE.test(between) || WHITESPACE.test(tokenText[0] ?? '')))) {
      qualities[tokenIndex] = CUT_SENTENCE;
    } else if (WHITESPACE.test(between) || /^\s+$/u.test(previousText) || /^\s+$/u.test(tokenText)) {
      qualities[tokenIndex] = CUT_SPACE;
    }
  }
  return qualities;
}

/**
 * What a window costs the model, in positions: its tokens, [CLS] and [SEP], padded as calls pad it
 * (batches.ts PAD_MULTIPLE, where rows are independent), and a little more, so that of two plans of
 * equal positions the one with fewer windows (more context in each) wins.
 */
function windowCost(contentTokens: number): number {
  return Math.ceil((contentTokens + 2) / PAD_MULTIPLE) * PAD_MULTIPLE + 4;
}

/**
 * Windows cut at sentence ends wherever the sentences allow, chosen by a dynamic programme over the
 * sentence ends for the least model work (windowCost): a window cut there needs no overlap, and the
 * model was trained on texts that start at a sentence (kner --docs). Only a single sentence longer
 * than a window is cut inside, with overlap (spanWindows). Cutting at the sentence end nearest an
 * even split instead, as before, cut 54 of the 104 windows of the bench's 10,000 characters inside a
 * sentence: 7.5% of the positions were overlap, computed twice.
 * @param numTokens content tokens of the whole text
 * @param maxContentTokens tokens a window may hold (max_seq_length - 2)
 * @param qualities shape: (numTokens + 1,), from cutQualities
 */
export function planWindows(numTokens: number, maxContentTokens: number, qualities: Uint8Array): TokenWindow[] {
  if (!Number.isInteger(maxContentTokens) || maxContentTokens < 2) {
    throw new Error(`expected at least 2 content tokens per window, got ${maxContentTokens}`);
  }
  if (qualities.length !== numTokens + 1) throw new Error(`expected ${numTokens + 1} cut qualities, got ${qualities.length}`);
  if (numTokens === 0) return [];
  if (numTokens <= maxContentTokens) return [{ tokenStart: 0, tokenEnd: numTokens }];
  // the sentence ends, the text's own edges included
  const ends = [0];
  for (let position = 1; position < numTokens; position++) if (qualities[position] === CUT_SENTENCE) ends.push(position);
  ends.push(numTokens);
  // best[k]: the least cost of tokens [0, ends[k]) in windows that end at sentence ends; from[k]: where its last window starts
  const best = new Float64Array(ends.length).fill(Infinity);
  const from = new Int32Array(ends.length);
  best[0] = 0;
  const longSentence = new Map<number, TokenWindow[]>();
  for (let k = 0; k < ends.length - 1; k++) {
    if (best[k] === Infinity) continue;
    // one sentence longer than a window: cut inside it, with overlap
    if (ends[k + 1] - ends[k] > maxContentTokens) {
      const windows = spanWindows(ends[k], ends[k + 1], maxContentTokens, qualities);
      longSentence.set(k, windows);
      const cost = best[k] + windows.reduce((sum, window) => sum + windowCost(window.tokenEnd - window.tokenStart), 0);
      if (cost < best[k + 1]) {
        best[k + 1] = cost;
        from[k + 1] = k;
      }
      continue;
    }
    for (let m = k + 1; m < ends.length && ends[m] - ends[k] <= maxContentTokens; m++) {
      const cost = best[k] + windowCost(ends[m] - ends[k]);
      if (cost < best[m]) {
        best[m] = cost;
        from[m] = k;
      }
    }
  }
  const windows: TokenWindow[] = [];
  for (let m = ends.length - 1; m > 0; m = from[m]) {
    const k = from[m];
    const inside = m === k + 1 ? longSentence.get(k) : undefined;
    if (inside) windows.push(...[...inside].reverse());
    else windows.push({ tokenStart: ends[k], tokenEnd: ends[m] });
  }
  return windows.reverse();
}

/** Windows over tokens [start, end), which holds no sentence end: about equal, overlapping, cut at spaces where they can be. */
function spanWindows(start: number, end: number, maxContentTokens: number, qualities: Uint8Array): TokenWindow[] {
  // Overlap: an eighth of a window for real models, at most 64 tokens (far more than an entity
  // and its context; every overlapping token is computed twice); half of a small window.
  const overlap = maxContentTokens >= 64 ? Math.min(64, Math.floor(maxContentTokens / 8)) : Math.max(1, Math.floor(maxContentTokens / 2));
  const windows: TokenWindow[] = [];
  let tokenStart = start;
  for (;;) {
    const remaining = end - tokenStart;
    if (remaining <= maxContentTokens) {
      windows.push({ tokenStart, tokenEnd: end });
      return windows;
    }
    // Windows of about equal length: a batch is padded to its longest window, so a long window
    // followed by a short remainder would waste model work on padding.
    const count = Math.ceil((remaining - overlap) / (maxContentTokens - overlap));
    const target = Math.min(maxContentTokens, Math.ceil((remaining + (count - 1) * overlap) / count) + Math.ceil(overlap / 4));
    // end: a good cut in the last `overlap` tokens before the target length, the later the better
    const aim = tokenStart + target;
    const tokenEnd = bestCut(qualities, Math.max(tokenStart + 2, aim - overlap), aim, 'latest');
    windows.push({ tokenStart, tokenEnd });
    // next start: a good cut leaving an overlap of between overlap/2 and overlap tokens
    const earliest = Math.max(tokenStart + 1, tokenEnd - overlap);
    const latest = Math.max(earliest, tokenEnd - Math.ceil(overlap / 2));
    tokenStart = bestCut(qualities, earliest, latest, 'earliest');
  }
}

/** The best-rated cut in [from, to]; ties go to the preferred end. */
function bestCut(qualities: Uint8Array, from: number, to: number, prefer: 'earliest' | 'latest'): number {
  let best = prefer === 'latest' ? to : from;
  const step = prefer === 'latest' ? -1 : 1;
  for (let position = best; position >= from && position <= to; position += step) {
    if (qualities[position] > qualities[best]) best = position;
  }
  return best;
}

/** Decoded tags of one window's content tokens. */
export interface WindowTags {
  readonly window: TokenWindow;
  /** shape: (window.tokenEnd - window.tokenStart,) */
  readonly tags: Int32Array;
  /** shape: (window.tokenEnd - window.tokenStart,) */
  readonly tagProbabilities: Float32Array;
}

/**
 * Joins per-window tags into tags for the whole text.
 * @returns tags and tagProbabilities, shape: (numTokens,)
 */
export function mergeWindowTags(
  numTokens: number,
  labels: readonly string[],
  windowTags: readonly WindowTags[],
): { tags: Int32Array; tagProbabilities: Float32Array } {
  const tags = new Int32Array(numTokens);
  const tagProbabilities = new Float32Array(numTokens);
  const bioTags = labels.map(parseBioLabel);

  let takeFrom = 0; // first token not yet taken
  for (let windowIndex = 0; windowIndex < windowTags.length; windowIndex++) {
    const current = windowTags[windowIndex];
    const next = windowTags[windowIndex + 1];
    const takeUntil = next ? chooseSeam(current, next, bioTags) : current.window.tokenEnd;
    for (let tokenIndex = takeFrom; tokenIndex < takeUntil; tokenIndex++) {
      const offset = tokenIndex - current.window.tokenStart;
      tags[tokenIndex] = current.tags[offset];
      tagProbabilities[tokenIndex] = current.tagProbabilities[offset];
    }
    takeFrom = takeUntil;
  }
  if (takeFrom !== numTokens) throw new Error(`expected windows to cover ${numTokens} tokens, got ${takeFrom}`);
  return { tags, tagProbabilities };
}

/** The seam between two overlapping windows: tokens before it come from `left`. */
function chooseSeam(left: WindowTags, right: WindowTags, bioTags: readonly BioTag[]): number {
  const overlapStart = right.window.tokenStart;
  const overlapEnd = left.window.tokenEnd;
  if (overlapStart > overlapEnd) throw new Error(`expected overlapping windows, got a gap from ${overlapEnd} to ${overlapStart}`);
  const middle = Math.floor((overlapStart + overlapEnd) / 2);
  for (let distance = 0; distance <= overlapEnd - overlapStart; distance++) {
    for (const seam of [middle - distance, middle + distance]) {
      if (seam < overlapStart || seam > overlapEnd) continue;
      if (!continuesEntity(left, seam, bioTags) && !continuesEntity(right, seam, bioTags)) return seam;
    }
  }
  return middle;
}

/** Does the token at `tokenIndex` continue an entity of the token before it, in this window? */
function continuesEntity(windowTags: WindowTags, tokenIndex: number, bioTags: readonly BioTag[]): boolean {
  const { tokenStart, tokenEnd } = windowTags.window;
  if (tokenIndex <= tokenStart || tokenIndex >= tokenEnd) return false;
  const here = bioTags[windowTags.tags[tokenIndex - tokenStart]];
  const before = bioTags[windowTags.tags[tokenIndex - tokenStart - 1]];
  return here.kind === 'I' && before.kind !== 'other' && before.type === here.type;
}
