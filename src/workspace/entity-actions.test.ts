import { describe, expect, it } from 'vitest';
import type { ShownEntity } from '../view/shown-entities';
import { decisionAction, decisionsFor } from './entity-actions';

const base = { start: 2, end: 5, text: '삼성전', score: 0.8 };
const pending: ShownEntity = { ...base, label: 'ORG', source: 'model', status: 'pending', historyIndex: 3 };
const person: ShownEntity = { ...base, label: 'ORG', source: 'human', status: undefined, historyIndex: 1 };
const rule: ShownEntity = { ...base, label: 'PHONE', source: 'rule', status: undefined, historyIndex: null };

describe('entity decisions', () => {
  it('offers accept and reject on a proposal, delete on a person entity, nothing but a type on a rule', () => {
    expect(decisionsFor(pending)).toEqual({ accept: true, reject: true, delete: false });
    expect(decisionsFor({ ...pending, status: 'accepted' })).toEqual({ accept: false, reject: true, delete: false });
    expect(decisionsFor(person)).toEqual({ accept: false, reject: false, delete: true });
    expect(decisionsFor(rule)).toEqual({ accept: false, reject: false, delete: false });
  });

  it('turns each decision into the history action on the entity it names', () => {
    expect(decisionAction(pending, { kind: 'accept' })).toEqual({ type: 'accept', index: 3 });
    expect(decisionAction(pending, { kind: 'reject' })).toEqual({ type: 'reject', index: 3 });
    expect(decisionAction(pending, { kind: 'label', label: 'LOC' })).toEqual({ type: 'relabel', index: 3, label: 'LOC' });
    // Its own type again accepts a proposal, and changes nothing on a person's entity.
    expect(decisionAction(pending, { kind: 'label', label: 'ORG' })).toEqual({ type: 'accept', index: 3 });
    expect(decisionAction(person, { kind: 'label', label: 'ORG' })).toBeNull();
    expect(decisionAction(person, { kind: 'accept' })).toBeNull();
    expect(decisionAction(person, { kind: 'delete' })).toEqual({ type: 'delete', index: 1 });
    // A rule's identifier becomes a person's entity of the chosen type, over the same characters.
    expect(decisionAction(rule, { kind: 'label', label: 'ORG' })).toEqual({ type: 'add', start: 2, end: 5, label: 'ORG' });
    expect(decisionAction(rule, { kind: 'reject' })).toBeNull();
  });
});
