import { describe, expect, it } from 'vitest';
import { labelKeys, markKeyAction, movedSpan, pageKey, textBoxLabelKey, typeForKey } from './label-keys';

const keys = labelKeys(['PER', 'ORG', 'LOC']);
type Mods = { shiftKey?: boolean; altKey?: boolean; ctrlKey?: boolean; metaKey?: boolean };
const press = (code: string, mods: Mods = {}, key = '') => ({ key, code, shiftKey: false, altKey: false, ctrlKey: false, metaKey: false, ...mods });
const TEXT = '올해 3분기 실적은 좋았다';
//            0 1 2 3 4 5 6: 올해 [0,2), 3분기 [3,6)

describe('label keys', () => {
  it('gives types digits in order and reads them from the physical key', () => {
    expect([...keys]).toEqual([['PER', '1'], ['ORG', '2'], ['LOC', '3']]);
    expect(typeForKey(keys, 'Digit2')).toBe('ORG');
    expect(typeForKey(keys, 'Numpad3')).toBe('LOC');
    expect(typeForKey(keys, 'Digit9')).toBeNull();
  });

  it('turns keys on a focused mark into actions', () => {
    const span = { start: 3, end: 6 };
    expect(markKeyAction(press('Digit3'), 2, span, keys, TEXT)).toEqual({ type: 'relabel', index: 2, label: 'LOC' });
    expect(markKeyAction(press('KeyA'), 2, span, keys, TEXT)).toEqual({ type: 'accept', index: 2 });
    expect(markKeyAction(press('KeyR'), 2, span, keys, TEXT)).toEqual({ type: 'reject', index: 2 });
    expect(markKeyAction(press('Delete'), 2, span, keys, TEXT)).toEqual({ type: 'delete', index: 2 });
    expect(markKeyAction(press('Backspace'), 2, span, keys, TEXT)).toEqual({ type: 'delete', index: 2 });
    expect(markKeyAction(press('ArrowLeft', { shiftKey: true }), 2, span, keys, TEXT)).toEqual({ type: 'move', index: 2, start: 3, end: 5 });
    expect(markKeyAction(press('BracketRight'), 2, span, keys, TEXT)).toEqual({ type: 'move', index: 2, start: 4, end: 6 });
    expect(markKeyAction(press('KeyX'), 2, span, keys, TEXT)).toBeNull();
  });

  it('reads the physical key, so the Korean input method (key "ㅁ", "Process") changes nothing', () => {
    const span = { start: 3, end: 6 };
    expect(markKeyAction(press('KeyA', {}, 'ㅁ'), 0, span, keys, TEXT)).toEqual({ type: 'accept', index: 0 });
    expect(markKeyAction(press('KeyR', {}, 'Process'), 0, span, keys, TEXT)).toEqual({ type: 'reject', index: 0 });
    expect(pageKey(press('KeyN', {}, 'ㅜ'))).toBe('next-document');
    expect(pageKey(press('KeyZ', { ctrlKey: true }, 'ㅋ'))).toBe('undo');
  });

  it('uses no key the browser has: Alt+digit and Alt+arrows do nothing here', () => {
    const span = { start: 3, end: 6 };
    expect(markKeyAction(press('Digit1', { altKey: true }), 0, span, keys, TEXT)).toBeNull();
    expect(markKeyAction(press('ArrowLeft', { altKey: true }), 0, span, keys, TEXT)).toBeNull();
    expect(markKeyAction(press('ArrowRight', { altKey: true }), 0, span, keys, TEXT)).toBeNull();
    expect(textBoxLabelKey(press('Digit1', { altKey: true }), keys)).toBeNull();
    expect(textBoxLabelKey(press('Digit1', { ctrlKey: true }), keys)).toBeNull();
    expect(textBoxLabelKey(press('Digit2', { ctrlKey: true, shiftKey: true }), keys)).toBe('ORG');
    expect(pageKey(press('ArrowLeft', { altKey: true }))).toBeNull();
  });

  it('moves a boundary over spaces: 3분기 grows to 해 3분기, then 올해 3분기, and back', () => {
    const grown = movedSpan(TEXT, { start: 3, end: 6 }, 'start', -1);
    expect(grown).toEqual({ start: 1, end: 6 });
    expect(TEXT.slice(grown!.start, grown!.end)).toBe('해 3분기');
    const whole = movedSpan(TEXT, grown!, 'start', -1);
    expect(TEXT.slice(whole!.start, whole!.end)).toBe('올해 3분기');
    expect(movedSpan(TEXT, whole!, 'start', -1)).toBeNull();
    expect(movedSpan(TEXT, grown!, 'start', 1)).toEqual({ start: 3, end: 6 });
    // The end: over the space after 3분기 to 실, and back.
    expect(movedSpan(TEXT, { start: 3, end: 6 }, 'end', 1)).toEqual({ start: 3, end: 8 });
    expect(movedSpan(TEXT, { start: 3, end: 8 }, 'end', -1)).toEqual({ start: 3, end: 6 });
    // Never empty, never past the text's edges.
    expect(movedSpan(TEXT, { start: 3, end: 4 }, 'end', -1)).toBeNull();
    expect(movedSpan(TEXT, { start: 3, end: 4 }, 'start', 1)).toBeNull();
    expect(movedSpan(TEXT, { start: 12, end: TEXT.length }, 'end', 1)).toBeNull();
  });

  it('steps over a surrogate pair as one character', () => {
    const text = 'a😀b';
    expect(movedSpan(text, { start: 3, end: 4 }, 'start', -1)).toEqual({ start: 1, end: 4 });
    expect(movedSpan(text, { start: 0, end: 1 }, 'end', 1)).toEqual({ start: 0, end: 3 });
  });

  it('page keys: N, P, ? and undo/redo by code', () => {
    expect(pageKey(press('KeyP'))).toBe('previous-document');
    expect(pageKey(press('Slash', { shiftKey: true }, '?'))).toBe('key-sheet');
    expect(pageKey(press('KeyZ', { ctrlKey: true, shiftKey: true }))).toBe('redo');
    expect(pageKey(press('KeyY', { ctrlKey: true }))).toBe('redo');
    expect(pageKey(press('KeyN', { shiftKey: true }))).toBeNull();
    expect(pageKey(press('KeyQ'))).toBeNull();
  });

  it("Annotate's keys: J, D and Shift+A by code; Shift+A on a mark is not that mark's accept", () => {
    expect(pageKey(press('KeyJ', {}, 'ㅓ'))).toBe('next-proposal');
    expect(pageKey(press('KeyD', {}, 'ㅇ'))).toBe('done-next');
    expect(pageKey(press('KeyA', { shiftKey: true }, 'ㅁ'))).toBe('accept-all');
    expect(pageKey(press('KeyA'))).toBeNull();
    expect(pageKey(press('KeyJ', { ctrlKey: true }))).toBeNull();
    expect(markKeyAction(press('KeyA', { shiftKey: true }), 0, { start: 0, end: 2 }, new Map(), 'ab')).toBeNull();
    expect(markKeyAction(press('KeyA'), 0, { start: 0, end: 2 }, new Map(), 'ab')).toEqual({ type: 'accept', index: 0 });
  });
});
