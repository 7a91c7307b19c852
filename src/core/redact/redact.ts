/**
 * De-identification of one text: the rules' identifiers merged with the given entities (an
 * identifier wins over an entity it overlaps, unless the entity is a person's), then masked.
 */
import { IDENTIFIER_LABELS, findIdentifiers } from '../identifiers/identifiers';
import { type MaskSpan, type MaskStyle, type MaskedText, maskText } from './mask';
import { mergeIdentifiers } from './merge';

/**
 * What is masked unless the user chooses: people, places, organisations (KMOU's PER LOC ORG, KLUE-NER's
 * PS LC OG: the labels of both tag sets, which never collide) and every identifier.
 */
export const DEFAULT_MASKED_TYPES: readonly string[] = ['PER', 'LOC', 'ORG', 'PS', 'LC', 'OG', ...IDENTIFIER_LABELS];

/**
 * For masking only: the KMOU type whose choice a KLUE-NER type follows when a stored choice predates
 * KLUE-NER (a person masked in one tag set stays masked in the other). The labels stay what they are.
 */
export const KLUE_MASKING_FOLLOWS: Readonly<Record<string, string>> = { PS: 'PER', LC: 'LOC', OG: 'ORG', DT: 'DAT', TI: 'TIM', QT: 'NOH' };

/** A choice of masked types made before KLUE-NER types existed, with each KLUE type masked when its KMOU counterpart is. */
export function withKlueTypesFollowing(types: Iterable<string>): Set<string> {
  const result = new Set(types);
  for (const [klue, kmou] of Object.entries(KLUE_MASKING_FOLLOWS)) if (result.has(kmou)) result.add(klue);
  return result;
}

export interface RedactOptions {
  readonly style: MaskStyle;
  readonly types?: ReadonlySet<string>;
}

export interface RedactableEntity extends MaskSpan {
  /** `human`: a person's decision, which a rule does not override. */
  readonly source?: string;
}

export function redactText(text: string, entities: readonly RedactableEntity[], options: RedactOptions): MaskedText {
  const spans = mergeIdentifiers(entities, findIdentifiers(text), (entity) => entity.source === 'human');
  return maskText(text, spans, { style: options.style, types: options.types ?? new Set(DEFAULT_MASKED_TYPES) });
}
