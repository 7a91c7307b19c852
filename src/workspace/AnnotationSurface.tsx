/**
 * Keyboard and selection annotation around the highlighted text (the keys: label-keys.ts).
 * Marks are focusable; a key on a focused mark edits that entity, and focus follows the
 * entity to its new place. A type's key over a text selection adds a person's entity.
 * An identifier found by a rule is not in the document: a type's key on its mark makes it a
 * person's entity of that type (which then wins over the rule); other keys do nothing.
 */
import { type KeyboardEvent, type ReactNode, useEffect, useRef } from 'react';
import type { AnnotationAction } from '../annotation/history';
import { markKeyAction, selectionOffsets, typeForKey } from './label-keys';
import type { ShownEntity } from '../app/shown-entities';
import { textOffsetOfTextareaOffset } from './line-breaks';

type Dispatch = (action: AnnotationAction) => void;

interface Props {
  readonly entities: readonly ShownEntity[];
  readonly keys: ReadonlyMap<string, string>;
  readonly dispatch: Dispatch;
  readonly children: ReactNode;
}

export function AnnotationSurface({ entities, keys, dispatch, children }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  /** Where the entity just edited now starts, to give its mark the focus back. */
  const refocus = useRef<number | null>(null);

  useEffect(() => {
    if (refocus.current === null || !ref.current) return;
    const mark = ref.current.querySelector<HTMLElement>(`mark[data-start="${refocus.current}"]`);
    (mark ?? ref.current).focus();
    refocus.current = null;
  });

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.ctrlKey || event.metaKey) return;
    const mark = event.target instanceof HTMLElement ? event.target.closest('mark[data-index]') : null;
    if (mark) {
      const entity = entities[Number(mark.getAttribute('data-index'))];
      const ruleType = entity?.historyIndex === null ? typeForKey(keys, event.code) : null;
      const action =
        entity?.historyIndex === null
          ? ruleType && { type: 'add' as const, start: entity.start, end: entity.end, label: ruleType }
          : entity && markKeyAction(event, entity.historyIndex, entity, keys);
      if (!action) return;
      event.preventDefault();
      refocus.current = action.type === 'move' ? action.start : entity.start;
      dispatch(action);
      return;
    }
    const type = event.altKey ? null : typeForKey(keys, event.code);
    const output = ref.current?.querySelector('[data-testid="ner-output"]');
    const span = type && output ? selectionOffsets(output) : null;
    if (type && span) {
      event.preventDefault();
      dispatch({ type: 'add', start: span.start, end: span.end, label: type });
    }
  };

  return (
    <div ref={ref} className="annotation-surface" tabIndex={-1} onKeyDown={onKeyDown}>
      {children}
    </div>
  );
}

/** Alt + a type's key in the text box labels the text box's selection. */
AnnotationSurface.onTextBoxKey = (event: KeyboardEvent<HTMLTextAreaElement>, keys: ReadonlyMap<string, string>, dispatch: Dispatch, text: string) => {
  const type = event.altKey && !event.ctrlKey && !event.metaKey ? typeForKey(keys, event.code) : null;
  const { selectionStart, selectionEnd } = event.currentTarget;
  if (type === null || selectionStart === selectionEnd) return;
  event.preventDefault();
  // the textarea counts an imported "\r\n" as one character; the document counts two
  const start = textOffsetOfTextareaOffset(text, selectionStart);
  const end = textOffsetOfTextareaOffset(text, selectionEnd);
  dispatch({ type: 'add', start, end, label: type });
};

/** Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y undo and redo annotation edits, except in text fields (they have their own undo). */
export function useUndoKeys(dispatch: Dispatch): void {
  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey)) return;
      const target = event.target as HTMLElement | null;
      if (target?.closest('textarea, input, select, [contenteditable="true"]')) return;
      const key = event.key.toLowerCase();
      if (key === 'z' && !event.shiftKey) dispatch({ type: 'undo' });
      else if ((key === 'z' && event.shiftKey) || key === 'y') dispatch({ type: 'redo' });
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [dispatch]);
}
