import { describe, expect, it } from 'vitest';
import { createHistory } from '../annotation/history';
import type { AnnotatedDocument } from '../annotation/document';
import type { Entity } from '../core/pipeline';
import { answerFitsOpenDocument, modelAnswerAction } from './model-answer';
import type { WorkspaceState } from './tab-sync';

const LONG = '김민준 기자는 24일 서울 종로구 세종문화회관에서 열린 기자회견에 참석했다. '.repeat(20);
const SHORT = '부산시는 해운대 도로를 정비한다.';
const doc = (id: string, text: string, tagSet?: string): AnnotatedDocument => ({ id, name: `문서 ${id}`, text, entities: [], createdAt: 1, updatedAt: 1, ...(tagSet ? { tagSet } : {}) });

/** The workspace with `open` open (as `select` leaves it: a fresh history of its text). */
function opened(open: AnnotatedDocument, ...others: AnnotatedDocument[]): WorkspaceState {
  return { storage: 'ready', documents: [...others, open], currentId: open.id, history: createHistory(open.text, open.entities) };
}

const entity = (text: string, part: string, label: string): Entity => {
  const start = text.indexOf(part);
  return { start, end: start + part.length, label, text: part, score: 0.9 };
};

describe('where a model answer lands', () => {
  it('the old document\'s answer, arriving after another document was opened, is refused', () => {
    const state = opened(doc('new', SHORT), doc('old', LONG));
    const oldAnswer = [entity(LONG, '김민준', 'PER'), entity(LONG, '세종문화회관', 'LOC')];
    expect(answerFitsOpenDocument(state, LONG, 'kmou')).toBe(false);
    expect(modelAnswerAction(state, LONG, oldAnswer, 'kmou')).toBeNull();
  });

  it('an answer for text edited since is refused; the answer for the text shown is merged', () => {
    const state = opened(doc('a', SHORT));
    expect(modelAnswerAction(state, SHORT.slice(0, 8), [entity(SHORT, '부산시', 'ORG')], 'kmou')).toBeNull();
    const proposals = [entity(SHORT, '부산시', 'ORG'), entity(SHORT, '해운대', 'LOC')];
    expect(modelAnswerAction(state, SHORT, proposals, 'kmou')).toEqual({ type: 'merge-model', proposals });
  });

  it('an answer in another tag set than the open document\'s is refused', () => {
    const state = opened(doc('a', SHORT, 'klue'));
    expect(modelAnswerAction(state, SHORT, [entity(SHORT, '부산시', 'OG')], 'kmou')).toBeNull();
    expect(modelAnswerAction(state, SHORT, [entity(SHORT, '부산시', 'OG')], 'klue')).not.toBeNull();
  });

  it('nothing lands while no document is open (the workspace still loading)', () => {
    const state: WorkspaceState = { storage: 'opening', documents: [], history: null, currentId: null };
    expect(modelAnswerAction(state, '', [], 'kmou')).toBeNull();
  });
});
