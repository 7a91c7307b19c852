import { describe, expect, it } from 'vitest';
import { FREE_LETTERS, customTypeProblem, withCustomTypes } from './custom-types';
import { labelKeys, markKeyAction, typeForKey } from './label-keys';

const ship = { name: 'SHIP', colour: '#ffb347', key: 'Q' };

describe('types a person adds', () => {
  it('refuses a bad name, a reserved or existing one, a bad colour, a key in use or not free, saying which', () => {
    expect(customTypeProblem(ship, ['PER', 'ORG'], [])).toBeNull();
    expect(customTypeProblem({ ...ship, name: '1SHIP' }, [], [])).toMatch(/must start with a letter/);
    expect(customTypeProblem({ ...ship, name: 'B-SHIP' }, [], [])).toMatch(/reserved/);
    expect(customTypeProblem({ ...ship, name: 'PER' }, ['PER'], [])).toBe('the type PER is already there');
    expect(customTypeProblem({ ...ship, colour: 'red' }, [], [])).toMatch(/#rrggbb/);
    expect(customTypeProblem({ ...ship, key: 'A' }, [], [])).toMatch(/the key must be one of/);
    expect(customTypeProblem(ship, [], ['Q'])).toBe('the key Q is taken');
  });

  it('never offers a letter the annotation or page keys use', () => {
    for (const letter of 'ARNPZY') expect(FREE_LETTERS).not.toContain(letter);
  });

  it('adds the types after the model\'s, with their letter keys, and a key labels with them', () => {
    const modelTypes = ['PER', 'ORG'];
    const { types, keys } = withCustomTypes(modelTypes, [ship, { ...ship, name: 'PER', key: 'B' }], labelKeys(modelTypes));
    expect(types).toEqual(['PER', 'ORG', 'SHIP']);
    expect([...keys]).toEqual([
      ['PER', '1'],
      ['ORG', '2'],
      ['SHIP', 'Q'],
    ]);
    expect(typeForKey(keys, 'KeyQ')).toBe('SHIP');
    expect(typeForKey(keys, 'Digit2')).toBe('ORG');
    expect(typeForKey(keys, 'KeyB')).toBeNull();
    // on a focused mark, the letter relabels; A still accepts
    expect(markKeyAction({ code: 'KeyQ', shiftKey: false, altKey: false }, 0, { start: 0, end: 2 }, keys, 'ab')).toEqual({ type: 'relabel', index: 0, label: 'SHIP' });
    expect(markKeyAction({ code: 'KeyA', shiftKey: false, altKey: false }, 0, { start: 0, end: 2 }, keys, 'ab')).toEqual({ type: 'accept', index: 0 });
  });
});
