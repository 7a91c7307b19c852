/**
 * Keyboard annotation. Every shortcut is matched on `KeyboardEvent.code` (the physical key), so
 * it works the same with the Korean input method on (`key` is then "ㅁ" for A, or "Process"), and
 * none of them is one the browser uses (no Alt+digit: tab switching; no Alt+←/→: back/forward).
 *
 * Each entity type gets a digit key (1-9, then 0) in legend order. Selecting text in the
 * highlighted view and pressing a type's key adds a person's entity; inside the text box, where
 * a bare digit types a digit, Ctrl+Shift+digit does. On a focused entity mark: Enter opens the
 * label picker, A accepts, R rejects, Delete or Backspace deletes, a type's key relabels,
 * Shift+←/→ moves the end and [ / ] the start, one character at a time and over spaces (a
 * boundary never stops on a space: `3분기` grows to `해 3분기`, then `올해 3분기`). N and P open
 * the next and previous document, ? lists every key. Ctrl+Z undoes, Ctrl+Shift+Z or Ctrl+Y
 * redoes (outside the text box, which has its own undo). `KEY_SHEET` is the list the ? sheet shows.
 */
import type { AnnotationAction } from '../annotation/history';
import type { Language } from '../view/i18n';

const DIGITS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'];

/** Key of each type, in the given order; types past the tenth get none. */
export function labelKeys(types: readonly string[]): Map<string, string> {
  return new Map(types.slice(0, DIGITS.length).map((type, i) => [type, DIGITS[i]]));
}

/** The type a key stands for. `event.code` (Digit1) is used so a modifier or a Korean layout does not change it. */
export function typeForKey(keys: ReadonlyMap<string, string>, code: string): string | null {
  // digits: the model's types; letters: types a person added (custom-types.ts)
  const digit = /^(?:Digit|Numpad)(\d)$/.exec(code)?.[1] ?? /^Key([A-Z])$/.exec(code)?.[1];
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

const SPACE = /\s/;

function isLowSurrogate(text: string, offset: number): boolean {
  const code = text.charCodeAt(offset);
  return code >= 0xdc00 && code <= 0xdfff;
}

/** One character from `offset` in direction `step` (a surrogate pair counts as one character). */
function stepFrom(text: string, offset: number, step: -1 | 1): number {
  const next = offset + step;
  return next > 0 && next < text.length && isLowSurrogate(text, next) ? next + step : next;
}

/**
 * The span with one edge moved by one character, passing over whitespace: a boundary never
 * stops next to a space inside the entity (it would be trimmed straight back). Null when the
 * move would leave the text or empty the span.
 */
export function movedSpan(text: string, span: { start: number; end: number }, edge: 'start' | 'end', step: -1 | 1): { start: number; end: number } | null {
  let { start, end } = span;
  if (edge === 'start') {
    start = stepFrom(text, start, step);
    // The first character of the entity must not be a space: keep going the same way.
    while (start > 0 && start < end && SPACE.test(text[start])) start = stepFrom(text, start, step);
  } else {
    end = stepFrom(text, end, step);
    while (end < text.length && end > start && SPACE.test(text[end - 1])) end = stepFrom(text, end, step);
  }
  if (start < 0 || end > text.length || start >= end) return null;
  if (SPACE.test(text[start]) || SPACE.test(text[end - 1])) return null;
  return { start, end };
}

/** The action a key on a focused mark stands for, or null. Keys by `code`: see the header. */
export function markKeyAction(
  event: Pick<KeyboardEvent, 'code' | 'shiftKey' | 'altKey'>,
  index: number,
  span: { start: number; end: number },
  keys: ReadonlyMap<string, string>,
  text: string,
): AnnotationAction | null {
  if (event.altKey) return null;
  const type = typeForKey(keys, event.code);
  if (type !== null) return { type: 'relabel', index, label: type };
  // Shift+A is the page's "accept all" (Annotate), not this entity's accept.
  if (event.code === 'KeyA' && !event.shiftKey) return { type: 'accept', index };
  if (event.code === 'KeyR' && !event.shiftKey) return { type: 'reject', index };
  if (event.code === 'Delete' || event.code === 'Backspace') return { type: 'delete', index };
  let moved: { start: number; end: number } | null = null;
  if (event.shiftKey && event.code === 'ArrowLeft') moved = movedSpan(text, span, 'end', -1);
  else if (event.shiftKey && event.code === 'ArrowRight') moved = movedSpan(text, span, 'end', 1);
  else if (!event.shiftKey && event.code === 'BracketLeft') moved = movedSpan(text, span, 'start', -1);
  else if (!event.shiftKey && event.code === 'BracketRight') moved = movedSpan(text, span, 'start', 1);
  else return null;
  // A move that cannot happen (the text's edge, an empty span) does nothing: the entity stays as it was.
  return moved && { type: 'move', index, start: moved.start, end: moved.end };
}

/** Ctrl+Shift+digit in the text box: the type that labels its selection, else null. */
export function textBoxLabelKey(event: Pick<KeyboardEvent, 'code' | 'shiftKey' | 'altKey' | 'ctrlKey' | 'metaKey'>, keys: ReadonlyMap<string, string>): string | null {
  return event.ctrlKey && event.shiftKey && !event.altKey && !event.metaKey ? typeForKey(keys, event.code) : null;
}

export type PageKey = 'next-document' | 'previous-document' | 'key-sheet' | 'undo' | 'redo' | 'next-proposal' | 'accept-all' | 'done-next';

/** Keys that work anywhere outside a text field; null for any other. */
export function pageKey(event: Pick<KeyboardEvent, 'code' | 'key' | 'shiftKey' | 'altKey' | 'ctrlKey' | 'metaKey'>): PageKey | null {
  const command = event.ctrlKey || event.metaKey;
  if (command && !event.altKey) {
    if (event.code === 'KeyZ') return event.shiftKey ? 'redo' : 'undo';
    if (event.code === 'KeyY' && !event.shiftKey) return 'redo';
    return null;
  }
  if (event.altKey) return null;
  if (event.code === 'Slash' && event.shiftKey) return 'key-sheet';
  if (event.key === '?') return 'key-sheet';
  if (event.shiftKey) return event.code === 'KeyA' ? 'accept-all' : null;
  if (event.code === 'KeyN') return 'next-document';
  if (event.code === 'KeyP') return 'previous-document';
  if (event.code === 'KeyJ') return 'next-proposal';
  if (event.code === 'KeyD') return 'done-next';
  return null;
}

/** A line of the sheet in each interface language. */
export type Words = Readonly<Record<Language, string>>;

export interface KeySheetRow {
  readonly keys: readonly string[];
  readonly what: Words;
}

/** Every key, as the ? sheet lists it (digits: the legend gives each type's). */
export const KEY_SHEET: readonly { readonly title: Words; readonly rows: readonly KeySheetRow[] }[] = [
  {
    title: { en: 'Selected text (in the highlighted view)', ko: '선택한 글 (표시된 본문에서)' },
    rows: [
      { keys: ['1', '…', '0'], what: { en: "add a person's entity of that type (a selection inside an entity splits it)", ko: '그 유형의 개체를 사람이 추가 (개체 안을 선택하면 나눔)' } },
      { keys: ['Ctrl', 'Shift', '1…0'], what: { en: 'the same, on a selection in the text box', ko: '입력 칸에서 선택한 글에 똑같이' } },
    ],
  },
  {
    title: { en: 'A focused entity (Tab to it, or click it)', ko: '포커스된 개체 (Tab으로 가거나 클릭)' },
    rows: [
      { keys: ['Enter'], what: { en: 'open the label picker (types, accept, reject, delete)', ko: '유형 선택 창 열기 (유형, 수락, 거부, 삭제)' } },
      { keys: ['A'], what: { en: "accept the model's proposal", ko: '모델의 제안 수락' } },
      { keys: ['R'], what: { en: 'reject it', ko: '거부' } },
      { keys: ['Delete'], what: { en: 'delete it (also Backspace)', ko: '삭제 (Backspace도 됨)' } },
      { keys: ['1', '…', '0'], what: { en: 'change its type', ko: '유형 바꾸기' } },
      { keys: ['Shift', '←'], what: { en: 'end one character earlier', ko: '끝을 한 글자 앞으로' } },
      { keys: ['Shift', '→'], what: { en: 'end one character later', ko: '끝을 한 글자 뒤로' } },
      { keys: ['['], what: { en: 'start one character earlier (over spaces)', ko: '시작을 한 글자 앞으로 (띄어쓰기는 건너뜀)' } },
      { keys: [']'], what: { en: 'start one character later', ko: '시작을 한 글자 뒤로' } },
      { keys: ['Esc'], what: { en: 'close the label picker', ko: '유형 선택 창 닫기' } },
    ],
  },
  {
    title: { en: 'Annotate (the review of one document)', ko: '주석 (문서 하나 검토)' },
    rows: [
      { keys: ['J'], what: { en: 'the next proposal to review, least confident first', ko: '검토할 다음 제안 (신뢰도 낮은 것부터)' } },
      { keys: ['Shift', 'A'], what: { en: "accept all of this document's proposals", ko: '이 문서의 제안 모두 수락' } },
      { keys: ['D'], what: { en: 'mark this document done and open the next one to review', ko: '이 문서를 완료로 표시하고 검토할 다음 문서 열기' } },
    ],
  },
  {
    title: { en: 'Views (G, then a digit)', ko: '화면 (G 다음 숫자)' },
    rows: [
      { keys: ['G', '1'], what: { en: 'Analyse', ko: '분석' } },
      { keys: ['G', '2'], what: { en: 'Annotate', ko: '주석' } },
      { keys: ['G', '3'], what: { en: 'Documents', ko: '문서' } },
      { keys: ['G', '4'], what: { en: 'Models', ko: '모델' } },
    ],
  },
  {
    title: { en: 'Anywhere outside a text field', ko: '입력 칸 밖 어디서나' },
    rows: [
      { keys: ['N'], what: { en: 'next document', ko: '다음 문서' } },
      { keys: ['P'], what: { en: 'previous document', ko: '이전 문서' } },
      { keys: ['Ctrl', 'Z'], what: { en: 'undo', ko: '실행 취소' } },
      { keys: ['Ctrl', 'Shift', 'Z'], what: { en: 'redo (also Ctrl+Y)', ko: '다시 실행 (Ctrl+Y도 됨)' } },
      { keys: ['?'], what: { en: 'this list of keys', ko: '이 단축키 목록' } },
    ],
  },
];
