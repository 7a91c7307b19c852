/**
 * Keyboard annotation: each entity type gets a digit key (1-9, then 0) in legend order.
 * Selecting text and pressing a type's key adds a person's entity (Alt+key inside the text
 * box, where a bare digit types a digit). On a focused entity mark: A accepts, R rejects,
 * Delete or Backspace deletes, a type's key relabels, Shift+←/→ moves the end and Alt+←/→
 * the start. Ctrl+Z undoes and Ctrl+Shift+Z or Ctrl+Y redoes (outside the text box, which
 * has its own undo).
 */
import type { AnnotationAction } from '../annotation/history';

const DIGITS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'];

/** Key of each type, in the given order; types past the tenth get none. */
export function labelKeys(types: readonly string[]): Map<string, string> {
  return new Map(types.slice(0, DIGITS.length).map((type, i) => [type, DIGITS[i]]));
}

/** The type a key stands for. `event.code` (Digit1) is used so Alt or a Korean layout does not change it. */
export function typeForKey(keys: ReadonlyMap<string, string>, code: string): string | null {
  const digit = /^(?:Digit|Numpad)(\d)$/.exec(code)?.[1];
  if (digit === undefined) return null;
  for (const [type, key] of keys) if (key === digit) return type;
  return null;
}

/** The UTF-16 offsets of the selection inside `container`, whose text content is the document text; null when none. */
export function selectionOffsets(container: Element): { start: number; end: number } | null {
  const selection = container.ownerDocument.getSelection();
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
  const range = selection.getRangeAt(0);
  if (!container.contains(range.startContainer) || !container.contains(range.endContainer)) return null;
  const before = container.ownerDocument.createRange();
  before.selectNodeContents(container);
  before.setEnd(range.startContainer, range.startOffset);
  const start = before.toString().length;
  return { start, end: start + range.toString().length };
}

/** The action a key on a focused mark stands for, or null. */
export function markKeyAction(
  event: Pick<KeyboardEvent, 'key' | 'code' | 'shiftKey' | 'altKey'>,
  index: number,
  span: { start: number; end: number },
  keys: ReadonlyMap<string, string>,
): AnnotationAction | null {
  const type = typeForKey(keys, event.code);
  if (type !== null) return { type: 'relabel', index, label: type };
  if (event.key === 'a' || event.key === 'A') return { type: 'accept', index };
  if (event.key === 'r' || event.key === 'R') return { type: 'reject', index };
  if (event.key === 'Delete' || event.key === 'Backspace') return { type: 'delete', index };
  const step = event.key === 'ArrowLeft' ? -1 : event.key === 'ArrowRight' ? 1 : 0;
  if (step !== 0 && event.shiftKey) return { type: 'move', index, start: span.start, end: span.end + step };
  if (step !== 0 && event.altKey) return { type: 'move', index, start: span.start + step, end: span.end };
  return null;
}
