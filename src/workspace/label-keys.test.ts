import { describe, expect, it } from 'vitest';
import { labelKeys, markKeyAction, typeForKey } from './label-keys';

const keys = labelKeys(['PER', 'ORG', 'LOC']);
const press = (key: string, code = '', mods: { shiftKey?: boolean; altKey?: boolean } = {}) => ({ key, code, shiftKey: false, altKey: false, ...mods });

describe('label keys', () => {
  it('gives types digits in order and reads them from the physical key', () => {
    expect([...keys]).toEqual([['PER', '1'], ['ORG', '2'], ['LOC', '3']]);
    expect(typeForKey(keys, 'Digit2')).toBe('ORG');
    expect(typeForKey(keys, 'Numpad3')).toBe('LOC');
    expect(typeForKey(keys, 'Digit9')).toBeNull();
  });

  it('turns keys on a focused mark into actions', () => {
    const span = { start: 4, end: 7 };
    expect(markKeyAction(press('3', 'Digit3'), 2, span, keys)).toEqual({ type: 'relabel', index: 2, label: 'LOC' });
    expect(markKeyAction(press('a', 'KeyA'), 2, span, keys)).toEqual({ type: 'accept', index: 2 });
    expect(markKeyAction(press('Delete'), 2, span, keys)).toEqual({ type: 'delete', index: 2 });
    expect(markKeyAction(press('ArrowRight', '', { shiftKey: true }), 2, span, keys)).toEqual({ type: 'move', index: 2, start: 4, end: 8 });
    expect(markKeyAction(press('ArrowLeft', '', { altKey: true }), 2, span, keys)).toEqual({ type: 'move', index: 2, start: 3, end: 7 });
    expect(markKeyAction(press('x', 'KeyX'), 2, span, keys)).toBeNull();
  });
});
