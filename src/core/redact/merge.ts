/**
 * Rule-found identifiers and the model's entities as one flat list.
 *
 * An identifier wins over a model entity it overlaps (a phone number the model half-tagged as
 * a number stays one phone number); an entity a person set (`keepOver`) wins over an
 * identifier, since that is a decision and the rule's is a guess.
 */

export interface Span {
  readonly start: number;
  /** Exclusive. */
  readonly end: number;
}

function overlaps(a: Span, b: Span): boolean {
  return a.start < b.end && b.start < a.end;
}

/**
 * Both lists merged by position, without overlaps: the identifiers first, except where
 * `keepOver(entity)` says an entity wins. Both inputs are taken as flat lists (no overlaps
 * within one); the output has the same objects.
 */
export function mergeIdentifiers<E extends Span, I extends Span>(
  entities: readonly E[],
  identifiers: readonly I[],
  keepOver: (entity: E) => boolean = () => false,
): (E | I)[] {
  const winners = entities.filter(keepOver);
  const keptIdentifiers = identifiers.filter((identifier) => !winners.some((entity) => overlaps(entity, identifier)));
  const keptEntities = entities.filter((entity) => keepOver(entity) || !keptIdentifiers.some((identifier) => overlaps(entity, identifier)));
  return [...keptEntities, ...keptIdentifiers].sort((a, b) => a.start - b.start || a.end - b.end);
}
