/**
 * Keeps entities on their characters when the text is edited: the edit is the span between
 * the longest common prefix and suffix of the old and new text. Entities before it stay,
 * entities after it shift by the change in length, entities touching it are dropped (their
 * characters changed, so neither the model's proposal nor a person's decision still holds).
 */
import { type AnnotatedEntity } from './document';
import { splitsSurrogatePair } from '../core/text/utf16';

/** The edit between two texts: the lengths of their longest common prefix and suffix, never splitting a surrogate pair. */
export function editBounds(oldText: string, newText: string): { prefix: number; suffix: number } {
  const limit = Math.min(oldText.length, newText.length);
  let prefix = 0;
  while (prefix < limit && oldText.charCodeAt(prefix) === newText.charCodeAt(prefix)) prefix++;
  // Never end the common part inside a surrogate pair of either text.
  while (prefix > 0 && (splitsSurrogatePair(oldText, prefix) || splitsSurrogatePair(newText, prefix))) prefix--;
  let suffix = 0;
  while (
    suffix < limit - prefix &&
    oldText.charCodeAt(oldText.length - 1 - suffix) === newText.charCodeAt(newText.length - 1 - suffix)
  ) {
    suffix++;
  }
  while (suffix > 0 && (splitsSurrogatePair(oldText, oldText.length - suffix) || splitsSurrogatePair(newText, newText.length - suffix))) suffix--;
  return { prefix, suffix };
}

export function rebaseEntities<T extends Pick<AnnotatedEntity, 'start' | 'end'>>(oldText: string, newText: string, entities: readonly T[]): T[] {
  if (oldText === newText) return [...entities];
  const { prefix, suffix } = editBounds(oldText, newText);
  const oldChangeEnd = oldText.length - suffix;
  const delta = newText.length - oldText.length;
  const out: T[] = [];
  for (const entity of entities) {
    if (entity.end <= prefix) out.push(entity);
    else if (entity.start >= oldChangeEnd) out.push({ ...entity, start: entity.start + delta, end: entity.end + delta });
  }
  return out;
}
