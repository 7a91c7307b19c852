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
