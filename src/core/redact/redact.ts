/**
 * De-identification of one text: the rules' identifiers merged with the given entities (an
 * identifier wins over an entity it overlaps, unless the entity is a person's), then masked.
 */
import { IDENTIFIER_LABELS, findIdentifiers } from '../identifiers/identifiers';
import { type MaskSpan, type MaskStyle, type MaskedText, maskText } from './mask';
import { mergeIdentifiers } from './merge';

/** What is masked unless the user chooses: people, places, organisations and every identifier. */
export const DEFAULT_MASKED_TYPES: readonly string[] = ['PER', 'LOC', 'ORG', ...IDENTIFIER_LABELS];

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
