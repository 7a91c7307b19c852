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

/** A chunk's segments; `block`: it holds whole lines (starts at a line start, ends with its line break or the text). */
export interface SegmentChunk<T extends Span> {
  readonly segments: Segment<T>[];
  readonly block: boolean;
}

/**
 * Segments in chunks of about `chunkChars` characters, cut between segments or after a line
 * break inside a text segment (up to 4 x chunkChars without one). A chunk of whole lines can be
 * drawn as a block of its own (HighlightedText lays it out only near the viewport).
 */
export function chunkSegments<T extends Span>(segments: readonly Segment<T>[], textLength: number, chunkChars: number): SegmentChunk<T>[] {
  const chunks: SegmentChunk<T>[] = [];
  let chunk: Segment<T>[] = [];
  let chunkStart = 0;
  let atLineStart = true;
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
      const lineBreak = segment.text.indexOf('\n', Math.max(start, chunkStart + chunkChars - 1) - segment.start);
      if (lineBreak < 0) break;
      const cut = segment.start + lineBreak + 1;
      chunk.push({ kind: 'text', start, end: cut, text: segment.text.slice(start - segment.start, lineBreak + 1) });
      close(cut, true);
      start = cut;
    }
    if (start < segment.end) chunk.push(start === segment.start ? segment : { kind: 'text', start, end: segment.end, text: segment.text.slice(start - segment.start) });
    if (segment.end - chunkStart >= chunkChars * 4) close(segment.end, segment.text.endsWith('\n'));
  }
  if (chunk.length > 0) close(textLength, true);
  return chunks;
}
