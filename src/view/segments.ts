/**
 * Text + entity spans -> the segments the view renders (a cursor walk, as displaCy does):
 * plain text up to an entity, the entity, and so on. React renders the segments as text
 * nodes, never as HTML.
 */

export interface Span {
  /** UTF-16 offsets into the text, end exclusive. */
  readonly start: number;
  readonly end: number;
}

export type Segment<T extends Span> =
  | { readonly kind: 'text'; readonly start: number; readonly end: number; readonly text: string }
  | { readonly kind: 'entity'; readonly start: number; readonly end: number; readonly text: string; readonly entity: T; readonly index: number };

/**
 * Covers the whole text, in order. An entity that is empty, out of range, or overlaps one
 * already placed cannot be drawn inline and is left out (`index` is its place in `entities`,
 * so lists beside the text still reach every entity).
 */
export function toSegments<T extends Span>(text: string, entities: readonly T[]): Segment<T>[] {
  const order = entities
    .map((entity, index) => ({ entity, index }))
    .sort((a, b) => a.entity.start - b.entity.start || a.entity.end - b.entity.end);
  const segments: Segment<T>[] = [];
  let cursor = 0;
  for (const { entity, index } of order) {
    const { start, end } = entity;
    const drawable = Number.isInteger(start) && Number.isInteger(end) && start >= cursor && start < end && end <= text.length;
    if (!drawable) continue;
    if (start > cursor) segments.push({ kind: 'text', start: cursor, end: start, text: text.slice(cursor, start) });
    segments.push({ kind: 'entity', start, end, text: text.slice(start, end), entity, index });
    cursor = end;
  }
  if (cursor < text.length) segments.push({ kind: 'text', start: cursor, end: text.length, text: text.slice(cursor) });
  return segments;
}

/**
 * A paragraph longer than this many chunk sizes is drawn as several blocks, cut after a
 * sentence end: a browser lays out a paragraph as one piece, so typing into a 50,000-character
 * text without line breaks would lay out all of it on every key (seconds a key).
 */
export const LONG_PARAGRAPH_CHUNKS = 2;

/** A line break, or a sentence-end mark and the whitespace after it (which may be the line break). */
const BREAK = /\n|[.!?。！？…]\s/gu;

/**
 * Where a block may end: just after the first line break from `from` on, or just after the
 * whitespace that follows a sentence end from `softFrom` on (where the paragraph has become
 * long; Infinity: never), whichever comes first; -1 if neither occurs. The text is cut, never
 * changed: joined, the blocks are the text. Reads only up to the cut (a text is cut many times).
 */
export function blockBreakAfter(text: string, from: number, softFrom: number): number {
  if (softFrom >= text.length) {
    const lineBreak = text.indexOf('\n', from);
    return lineBreak < 0 ? -1 : lineBreak + 1;
  }
  // a sentence-end mark may stand just before softFrom (its whitespace at softFrom)
  BREAK.lastIndex = Math.min(from, Math.max(0, softFrom - 1));
  for (let match = BREAK.exec(text); match !== null; match = BREAK.exec(text)) {
    const end = match.index + match[0].length;
    if (match[0].endsWith('\n') ? end > from : match.index >= softFrom - 1) return end;
  }
  return -1;
}

/** Where the last line that starts in [start, end] starts (after a line break at start - 1 ... end - 1), or -1; reads only that range. */
export function lastLineStartIn(text: string, start: number, end: number): number {
  const lineBreak = text.slice(Math.max(0, start - 1), end).lastIndexOf('\n');
  return lineBreak < 0 ? -1 : Math.max(0, start - 1) + lineBreak + 1;
}

/** Where a soft (sentence-end) cut may fall in a paragraph starting at lineStart: past LONG_PARAGRAPH_CHUNKS x chunkChars. */
export function softCutFrom(from: number, lineStart: number, chunkChars: number): number {
  return Math.max(from, lineStart + chunkChars * LONG_PARAGRAPH_CHUNKS - 1);
}

/** A chunk's segments; `block`: it holds whole lines (starts at a line start, ends with its line break, a sentence end of a long paragraph, or the text). */
export interface SegmentChunk<T extends Span> {
  readonly segments: Segment<T>[];
  readonly block: boolean;
}

/**
 * Segments in chunks of about `chunkChars` characters, cut between segments or after a line
 * break inside a text segment (up to 4 x chunkChars without one), or after a sentence end once a
 * paragraph has LONG_PARAGRAPH_CHUNKS x chunkChars characters. A chunk of whole lines can be
 * drawn as a block of its own (HighlightedText lays it out only near the viewport).
 */
export function chunkSegments<T extends Span>(segments: readonly Segment<T>[], textLength: number, chunkChars: number): SegmentChunk<T>[] {
  const chunks: SegmentChunk<T>[] = [];
  let chunk: Segment<T>[] = [];
  let chunkStart = 0;
  let atLineStart = true;
  /** Where the paragraph being chunked starts. */
  let lineStart = 0;
  const close = (end: number, endsLine: boolean) => {
    chunks.push({ segments: chunk, block: atLineStart && (endsLine || end === textLength) });
    atLineStart = endsLine;
    chunk = [];
    chunkStart = end;
  };
  for (const segment of segments) {
    if (segment.kind !== 'text') {
      chunk.push(segment);
      if (segment.end - chunkStart >= chunkChars * 4) close(segment.end, false);
      continue;
    }
    // a text segment: cut after a line break wherever the chunk has chunkChars characters
    let start = segment.start;
    for (;;) {
      const from = Math.max(start, chunkStart + chunkChars - 1);
      const lastLine = lastLineStartIn(segment.text, start - segment.start, from - segment.start);
      if (lastLine >= 0) lineStart = Math.max(lineStart, segment.start + lastLine);
      const after = blockBreakAfter(segment.text, from - segment.start, softCutFrom(from, lineStart, chunkChars) - segment.start);
      if (after < 0) break;
      const cut = segment.start + after;
      chunk.push({ kind: 'text', start, end: cut, text: segment.text.slice(start - segment.start, after) });
      close(cut, true);
      start = cut;
    }
    const lastLineBreak = segment.text.lastIndexOf('\n');
    if (lastLineBreak >= 0) lineStart = Math.max(lineStart, segment.start + lastLineBreak + 1);
    if (start < segment.end) chunk.push(start === segment.start ? segment : { kind: 'text', start, end: segment.end, text: segment.text.slice(start - segment.start) });
    if (segment.end - chunkStart >= chunkChars * 4) close(segment.end, segment.text.endsWith('\n'));
  }
  if (chunk.length > 0) close(textLength, true);
  return chunks;
}

/**
 * Do two chunks show the same thing, wherever they start: the same texts and entities at the same
 * places relative to their first segment (an edit before a chunk moves it, and only moves it).
 */
export function sameShape<T extends Span & { readonly label?: string }>(a: readonly Segment<T>[], b: readonly Segment<T>[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  if (a.length === 0) return true;
  const shift = b[0].start - a[0].start;
  for (let index = 0; index < a.length; index++) {
    const x = a[index];
    const y = b[index];
    if (x.kind !== y.kind || x.start + shift !== y.start || x.end + shift !== y.end || x.text !== y.text) return false;
    if (x.kind === 'entity' && y.kind === 'entity' && x.entity.label !== y.entity.label) return false;
  }
  return true;
}

/**
 * A value per new chunk, carried over from the old chunks: the chunks the old and new ones share at
 * their start and at their end (matched from each end, shape for shape (sameShape), so a chunk added or
 * removed by an edit shifts nothing) keep their old value; the chunks between, the edited ones, get
 * `edited`. (HighlightedText: whether each chunk is drawn, and since when it waits to be.)
 */
export function keepDrawn<T extends Span & { readonly label?: string }, V>(
  before: readonly SegmentChunk<T>[],
  valuesBefore: readonly V[],
  after: readonly SegmentChunk<T>[],
  edited: V,
): V[] {
  const shortest = Math.min(before.length, after.length);
  let head = 0;
  while (head < shortest && sameShape(before[head].segments, after[head].segments)) head++;
  let tail = 0;
  while (tail < shortest - head && sameShape(before[before.length - 1 - tail].segments, after[after.length - 1 - tail].segments)) tail++;
  const shift = before.length - after.length;
  return after.map((_, index) => (index < head ? valuesBefore[index] : index >= after.length - tail ? valuesBefore[index + shift] : edited));
}
