/**
 * The tag sets this project knows by name: KMOU (10 types) and KLUE-NER (6 types). A model bundle
 * may carry several tag sets over one encoder (config.json ner.tag_sets, docs/bundle-format.md); the
 * labels of two tag sets are never renamed into each other (their conventions differ: KLUE's QT is
 * not KMOU's NOH, a country is far more often LC in KLUE than LOC in KMOU).
 */
export const KMOU_TYPES = ['PER', 'ORG', 'LOC', 'POH', 'DAT', 'TIM', 'DUR', 'MNY', 'PNT', 'NOH'] as const;
export const KLUE_TYPES = ['PS', 'LC', 'OG', 'DT', 'TI', 'QT'] as const;

const bio = (types: readonly string[]) => ['O', ...types.flatMap((type) => [`B-${type}`, `I-${type}`])];
/** The 21 KMOU labels in the order the KMOU bundles use. */
export const KMOU_LABELS: readonly string[] = bio(KMOU_TYPES);
/** The 13 KLUE-NER labels in the order the two-tag-set bundles use. */
export const KLUE_LABELS: readonly string[] = bio(KLUE_TYPES);

/** The tag set a document's entities use when nothing says otherwise (documents stored before tag sets existed). */
export const DEFAULT_TAG_SET_NAME = 'kmou';

/** The known tag sets' entity types, by tag set name. */
export const KNOWN_TAG_SET_TYPES: Readonly<Record<string, readonly string[]>> = { kmou: KMOU_TYPES, klue: KLUE_TYPES };

/** One tag set as a reader sees it: a name and its entity types. */
export interface TagSetTypes {
  readonly name: string;
  readonly types: readonly string[];
}

/**
 * Which of the given tag sets the entity labels belong to: the one tag set holding every label, when
 * only one does; null when the labels fit none, fit several (no labels at all fit every one), or mix
 * two.
 */
export function tagSetOfLabels(labels: Iterable<string>, tagSets: readonly TagSetTypes[]): string | null {
  const seen = new Set(labels);
  if (seen.size === 0) return null;
  const fitting = tagSets.filter(({ types }) => [...seen].every((label) => types.includes(label)));
  return fitting.length === 1 ? fitting[0].name : null;
}
