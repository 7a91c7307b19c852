/**
 * The decisions a person can take on one shown entity (from its label picker, its row in the
 * entity list, or a key), as annotation actions. An identifier found by a rule is not in the
 * document: labelling it adds a person's entity over it; it cannot be accepted or rejected.
 */
import type { AnnotationAction } from '../annotation/history';
import type { ShownEntity } from '../view/shown-entities';

export type EntityDecision = { readonly kind: 'accept' } | { readonly kind: 'reject' } | { readonly kind: 'delete' } | { readonly kind: 'label'; readonly label: string };

/** Which decisions apply to the entity: accept and reject for a model's proposal, delete for a person's. */
export function decisionsFor(entity: ShownEntity): { accept: boolean; reject: boolean; delete: boolean } {
  if (entity.historyIndex === null) return { accept: false, reject: false, delete: false };
  const model = entity.source === 'model';
  return { accept: model && entity.status !== 'accepted', reject: model, delete: !model };
}

/** The action for a decision on the entity, or null when it does not apply. */
export function decisionAction(entity: ShownEntity, decision: EntityDecision): AnnotationAction | null {
  if (entity.historyIndex === null) {
    return decision.kind === 'label' ? { type: 'add', start: entity.start, end: entity.end, label: decision.label } : null;
  }
  const index = entity.historyIndex;
  switch (decision.kind) {
    case 'accept':
      return decisionsFor(entity).accept ? { type: 'accept', index } : null;
    case 'reject':
    case 'delete':
      return { type: decision.kind, index };
    case 'label':
      // A proposal's own type chosen again: the person agrees with it.
      if (decision.label === entity.label) return entity.source === 'model' && entity.status !== 'accepted' ? { type: 'accept', index } : null;
      return { type: 'relabel', index, label: decision.label };
    default: {
      const unknown: never = decision;
      throw new Error(`unknown decision ${JSON.stringify(unknown)}`);
    }
  }
}
