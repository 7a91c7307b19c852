/**
 * BIO labels: what a model's tag names mean ("B-PER", "I-PER", "O", and specials such as
 * "[CLS]" that never belong to an entity), and the entity types a label set holds. Used by
 * the CRF's constraints, the windows' seams, the spans and every reader of a bundle.
 */

export type BioTag = { kind: 'B' | 'I'; type: string } | { kind: 'other' };

/** "B-PER" -> B of PER; "O", "[CLS]", "[PAD]", ... -> other (never part of an entity). */
export function parseBioLabel(label: string): BioTag {
  const match = /^([BI])-(.+)$/u.exec(label);
  return match ? { kind: match[1] as 'B' | 'I', type: match[2] } : { kind: 'other' };
}

/** May the tag `to` follow the tag `from` in a well-formed BIO sequence? */
export function isAllowedTransition(from: BioTag, to: BioTag): boolean {
  if (to.kind !== 'I') return true;
  return from.kind !== 'other' && from.type === to.type;
}

/** Entity types from BIO labels, in first-seen order ("B-PER", "I-PER" -> "PER"). */
export function entityTypesOf(labels: readonly string[]): string[] {
  const types: string[] = [];
  for (const label of labels) {
    const tag = parseBioLabel(label);
    if (tag.kind !== 'other' && !types.includes(tag.type)) types.push(tag.type);
  }
  return types;
}
