/**
 * Corrections around the highlighted text, by mouse and by keyboard (the keys: label-keys.ts).
 * Clicking a mark (or Enter on a focused one) opens its label picker; selecting text opens the
 * picker for the selection (a selection inside an entity splits it). Marks are focusable; a key
 * on a focused mark edits that entity, and focus follows the entity to its new place. A type's
 * key over a text selection adds a person's entity, whatever mark holds the focus. An
 * identifier found by a rule is not in the document: a type on its mark makes it a person's
 * entity of that type (which then wins over the rule); other keys do nothing.
 */
import { type KeyboardEvent, type MouseEvent, type ReactNode, useEffect, useRef, useState } from 'react';
import type { AnnotationAction } from '../annotation/history';
import type { ShownEntity } from '../view/shown-entities';
import { trimEdges } from '../core/text/utf16';
import { findOccurrences } from '../annotation/occurrences';
import { type EntityDecision, decisionAction } from './entity-actions';
import { LabelPicker, type PickerTarget } from './LabelPicker';
import { type PageKey, markKeyAction, pageKey, selectionOffsets, textBoxLabelKey, typeForKey } from './label-keys';
import { textOffsetOfTextareaOffset } from './line-breaks';

type Dispatch = (action: AnnotationAction) => void;

interface Props {
  readonly text: string;
  readonly entities: readonly ShownEntity[];
  readonly types: readonly string[];
  readonly keys: ReadonlyMap<string, string>;
  readonly dispatch: Dispatch;
  readonly children: ReactNode;
}

/** The picker's width in CSS pixels at most (app.css `.label-picker`), to keep it inside the surface. */
const PICKER_WIDTH = 288;

export function AnnotationSurface({ text, entities, types, keys, dispatch, children }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  /** Where the entity just edited now starts, to give its mark (or the next one) the focus back. */
  const refocus = useRef<number | null>(null);
  const [picker, setPicker] = useState<PickerTarget | null>(null);
  const latest = useRef(entities);
  latest.current = entities;

  useEffect(() => {
    if (refocus.current === null || !ref.current) return;
    const start = refocus.current;
    refocus.current = null;
    const marks = [...ref.current.querySelectorAll<HTMLElement>('[data-testid="ner-output"] mark[data-start]')];
    const mark = marks.find((m) => Number(m.dataset.start) === start) ?? marks.find((m) => Number(m.dataset.start) > start) ?? marks[marks.length - 1];
    (mark ?? ref.current).focus();
  });

  // The picker belongs to the text it was opened on: a new text or entity list closes it.
  useEffect(() => setPicker(null), [text]);
  useEffect(() => {
    if (!picker) return;
    const onDown = (event: globalThis.MouseEvent) => {
      if (!ref.current?.contains(event.target as Node)) setPicker(null);
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [picker]);

  const apply = (action: AnnotationAction | null, focusStart: number) => {
    if (!action) return;
    refocus.current = action.type === 'move' || action.type === 'add' ? action.start : focusStart;
    if (action.type === 'apply-occurrences' && !action.first) refocus.current = focusStart;
    dispatch(action);
  };

  const output = () => ref.current?.querySelector('[data-testid="ner-output"]') ?? null;

  const placeUnder = (rect: DOMRect): { top: number; left: number } => {
    const box = ref.current!.getBoundingClientRect();
    const left = Math.max(0, Math.min(rect.left - box.left, box.width - PICKER_WIDTH));
    return { top: rect.bottom - box.top + 4, left };
  };

  const openForSelection = (): boolean => {
    const container = output();
    const span = container ? selectionOffsets(container) : null;
    if (!span || !text.slice(span.start, span.end).trim()) return false;
    const rect = container!.ownerDocument.getSelection()!.getRangeAt(0).getBoundingClientRect();
    setPicker({ kind: 'selection', ...span, text: text.slice(span.start, span.end), ...placeUnder(rect) });
    return true;
  };

  const openForMark = (mark: Element) => {
    const entity = entities[Number(mark.getAttribute('data-index'))];
    if (entity) setPicker({ kind: 'entity', entity, ...placeUnder(mark.getBoundingClientRect()) });
  };

  const decide = (decision: EntityDecision, everywhere: boolean) => {
    const target = picker;
    setPicker(null);
    if (!target) return;
    /** The action, or with `everywhere` the same decision at every other occurrence too (one undo step). */
    const withOccurrences = (first: Parameters<typeof apply>[0], source: { start: number; end: number; label: string }): Parameters<typeof apply>[0] => {
      if (!everywhere || decision.kind === 'delete') return first;
      if (first && first.type !== 'accept' && first.type !== 'reject' && first.type !== 'relabel' && first.type !== 'add') return first;
      const occurrence = decision.kind === 'label' ? { kind: 'label' as const, label: decision.label } : { kind: decision.kind };
      return { type: 'apply-occurrences', first, source, decision: occurrence };
    };
    if (target.kind === 'selection') {
      if (decision.kind === 'label') {
        const span = trimEdges(text, target.start, target.end);
        apply(withOccurrences({ type: 'add', ...span, label: decision.label }, { ...span, label: decision.label }), target.start);
      }
      output()?.ownerDocument.getSelection()?.removeAllRanges();
      return;
    }
    // The list may have changed while the picker was open (an analysis merged): the same entity, as it is now.
    const { start, end, label, source } = target.entity;
    const entity = latest.current.find((e) => e.start === start && e.end === end && e.label === label && e.source === source);
    const action = entity ? withOccurrences(decisionAction(entity, decision), { start, end, label }) : null;
    if (action) apply(action, target.entity.start);
    else refocus.current = target.entity.start;
  };

  const closePicker = () => {
    if (picker?.kind === 'entity') refocus.current = picker.entity.start;
    setPicker(null);
  };

  /**
   * Chromium starts no text selection on a mouse press inside a focusable element, so a drag
   * inside a mark would select nothing: for the press, the mark stops being focusable (its
   * tabindex comes back at once; the picker then takes the focus, and gives it back to the mark).
   */
  const onMouseDownCapture = (event: MouseEvent<HTMLDivElement>) => {
    const mark = event.button === 0 && event.target instanceof Element ? event.target.closest('mark[tabindex]') : null;
    if (!mark || !ref.current?.contains(mark) || mark.closest('.label-picker')) return;
    const tabIndex = mark.getAttribute('tabindex')!;
    mark.removeAttribute('tabindex');
    setTimeout(() => mark.setAttribute('tabindex', tabIndex), 0);
  };

  /** Set when a mouseup opened the selection's picker: the click that follows must not replace it with the mark's. */
  const openedOnMouseUp = useRef(false);
  const onMouseUp = () => {
    openedOnMouseUp.current = openForSelection();
  };

  const onClick = (event: MouseEvent<HTMLDivElement>) => {
    const mark = event.target instanceof Element ? event.target.closest('mark[data-index]') : null;
    const selectionPicker = openedOnMouseUp.current;
    openedOnMouseUp.current = false;
    if (!mark || selectionPicker) return;
    openForMark(mark);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    // A selection first: a type's key labels it even while a mark inside it has the focus.
    const type = typeForKey(keys, event.code);
    const container = output();
    const span = type && container ? selectionOffsets(container) : null;
    if (type && span) {
      event.preventDefault();
      apply({ type: 'add', start: span.start, end: span.end, label: type }, span.start);
      return;
    }
    const mark = event.target instanceof HTMLElement ? event.target.closest('mark[data-index]') : null;
    if (!mark) return;
    if (event.code === 'Enter' || event.code === 'NumpadEnter' || event.code === 'Space') {
      event.preventDefault();
      openForMark(mark);
      return;
    }
    const entity = entities[Number(mark.getAttribute('data-index'))];
    if (!entity) return;
    const action =
      entity.historyIndex === null
        ? type && decisionAction(entity, { kind: 'label', label: type })
        : markKeyAction(event, entity.historyIndex, entity, keys, text);
    if (!action) return;
    event.preventDefault();
    apply(action, entity.start);
  };

  return (
    <div ref={ref} id="text-view" className="annotation-surface" tabIndex={-1} onKeyDown={onKeyDown} onMouseDownCapture={onMouseDownCapture} onMouseUp={onMouseUp} onClick={onClick}>
      {children}
      {picker && (
        <LabelPicker
          target={picker}
          types={types}
          keys={keys}
          otherOccurrences={Math.max(0, findOccurrences(text, picker.kind === 'entity' ? picker.entity.text : picker.text).length - 1)}
          onDecide={decide}
          onClose={closePicker}
        />
      )}
    </div>
  );
}

/** The text box's key handler: Ctrl+Shift + a type's key labels the text box's selection. */
export function onTextBoxKey(event: KeyboardEvent<HTMLTextAreaElement>, keys: ReadonlyMap<string, string>, dispatch: Dispatch, text: string): void {
  const type = textBoxLabelKey(event, keys);
  const { selectionStart, selectionEnd } = event.currentTarget;
  if (type === null || selectionStart === selectionEnd) return;
  event.preventDefault();
  // the textarea counts an imported "\r\n" as one character; the document counts two
  const start = textOffsetOfTextareaOffset(text, selectionStart);
  const end = textOffsetOfTextareaOffset(text, selectionEnd);
  dispatch({ type: 'add', start, end, label: type });
}

/**
 * Keys for the whole page (label-keys.ts `pageKey`): undo and redo (not in text fields, which
 * have their own undo), and, outside text fields and dialogs, next / previous document and the
 * key sheet.
 */
export function usePageKeys(dispatch: Dispatch, on: Readonly<Partial<Record<Exclude<PageKey, 'undo' | 'redo'>, () => void>>>): void {
  const handlers = useRef(on);
  handlers.current = on;
  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      const key = pageKey(event);
      if (key === null || event.defaultPrevented) return;
      const target = event.target as HTMLElement | null;
      if (target?.closest('textarea, input, select, [contenteditable="true"]')) return;
      if (key === 'undo' || key === 'redo') dispatch({ type: key });
      else {
        if (target?.closest('[role="dialog"], dialog')) return;
        const handler = handlers.current[key];
        if (!handler) return;
        handler();
      }
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [dispatch]);
}
