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

/**
 * Whether `span` overlaps any of `flat` (sorted by start, no two overlapping, so also sorted
 * by end): a binary search for the first one that ends after `span` starts.
 */
function overlapsAny(flat: readonly Span[], span: Span): boolean {
  let low = 0;
  let high = flat.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (flat[middle].end <= span.start) low = middle + 1;
    else high = middle;
  }
  return low < flat.length && flat[low].start < span.end;
}

const byPosition = (a: Span, b: Span) => a.start - b.start || a.end - b.end;

/**
 * Both lists merged by position: the identifiers win over the entities they overlap, except
 * where `keepOver(entity)` says the entity wins. The identifiers and the `keepOver` entities
 * must each be flat (no overlaps within them); other entities may overlap each other (a
 * document keeps rejected proposals), and the ones no identifier touches are kept as they are.
 * The output holds the input objects.
 */
export function mergeIdentifiers<E extends Span, I extends Span>(
  entities: readonly E[],
  identifiers: readonly I[],
  keepOver: (entity: E) => boolean = () => false,
): (E | I)[] {
  const winners = entities.filter(keepOver).sort(byPosition);
  const keptIdentifiers = identifiers.filter((identifier) => !overlapsAny(winners, identifier)).sort(byPosition);
  const keptEntities = entities.filter((entity) => keepOver(entity) || !overlapsAny(keptIdentifiers, entity));
  return [...keptEntities, ...keptIdentifiers].sort(byPosition);
}
