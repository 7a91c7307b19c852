/** How the entity list names each entity's review state, and the orders it can show them in. */
import type { ShownEntity } from './shown-entities';

export type EntityOrder = 'text' | 'confidence';

/** "pending", "accepted", "person", "rule": who set the entity, or what a person decided on the model's. */
export function entityStatus(entity: ShownEntity): 'pending' | 'accepted' | 'person' | 'rule' {
  if (entity.source === 'rule') return 'rule';
  if (entity.source === 'human') return 'person';
  return entity.status === 'accepted' ? 'accepted' : 'pending';
}

/**
 * Indexes into `entities` in the order the list shows them. By confidence: the model's entities
 * lowest first (the ones most worth a look), then a person's and the rules' (they have none), each
 * group in text order.
 */
export function listOrder(entities: readonly ShownEntity[], order: EntityOrder): number[] {
  const indexes = entities.map((_, i) => i);
  if (order === 'text') return indexes;
  const confidence = (e: ShownEntity) => (e.source === 'model' ? e.score : Number.POSITIVE_INFINITY);
  return indexes.sort((a, b) => confidence(entities[a]) - confidence(entities[b]) || entities[a].start - entities[b].start);
}
