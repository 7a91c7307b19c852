/**
 * What the page shows and masks: the document's entities in force with the identifiers the
 * rules found in its text. An identifier replaces a model entity it overlaps; a person's
 * entity stays over an identifier (src/core/redact/merge.ts).
 */
import type { Identifier } from '../core/identifiers/identifiers';
import { mergeIdentifiers } from '../core/redact/merge';
import type { Entity } from '../core/pipeline';

/** An entity of the document as the view draws it: the pipeline's shape plus who set it and its index in the history. */
export interface ViewEntity extends Entity {
  readonly source: 'model' | 'human';
  /** Model entities: what a person decided (pending until then); absent on a person's own. */
  readonly status?: 'pending' | 'accepted' | 'rejected';
  readonly historyIndex: number;
}

/** An identifier as the view draws it: not in the document's history, so it has no history index. */
export interface RuleEntity extends Identifier {
  readonly source: 'rule';
  readonly status: undefined;
  readonly score: number;
  readonly historyIndex: null;
}

export type ShownEntity = ViewEntity | RuleEntity;

export function withIdentifiers(entities: readonly ViewEntity[], identifiers: readonly Identifier[]): ShownEntity[] {
  const rules: RuleEntity[] = identifiers.map((identifier) => ({ ...identifier, source: 'rule', status: undefined, score: 1, historyIndex: null }));
  return mergeIdentifiers<ShownEntity, RuleEntity>(entities, rules, (entity) => entity.source === 'human');
}
