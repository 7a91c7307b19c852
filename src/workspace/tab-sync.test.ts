import { describe, expect, it } from 'vitest';
import { createHistory } from '../annotation/history';
import type { AnnotatedDocument } from '../annotation/document';
import { conflictCopy, currentDocuments, differOnlyInProposals, holdsWork, keepBoth, otherTabAction, resolveSaveConflict, withStoredVersion, withoutDocument, type WorkspaceState } from './tab-sync';

const doc = (id: string, text: string, createdAt: number): AnnotatedDocument => ({ id, name: `문서 ${id}`, text, entities: [], createdAt, updatedAt: createdAt });

function state(current: AnnotatedDocument, ...others: AnnotatedDocument[]): WorkspaceState {
  return { storage: 'ready', documents: [current, ...others], currentId: current.id, history: createHistory(current.text, current.entities) };
}

describe('tab sync', () => {
  it('shows another tab\'s newer version of the open document, with a fresh history', () => {
    const next = withStoredVersion(state(doc('a', '원문', 1)), doc('a', '원문 수정', 1));
    expect(next.documents.map((d) => d.text)).toEqual(['원문 수정']);
    expect(next.history?.text).toBe('원문 수정');
  });

  it('keeps the open document\'s undo history when only its name changed elsewhere', () => {
    const before = state(doc('a', '원문', 1));
    const next = withStoredVersion(before, { ...doc('a', '원문', 1), name: '새 이름' });
    expect(next.history).toBe(before.history);
    expect(next.documents[0].name).toBe('새 이름');
  });

  it('adds a document created in another tab in creation order', () => {
    const next = withStoredVersion(state(doc('b', '둘', 2)), doc('a', '하나', 1));
    expect(next.documents.map((d) => d.id)).toEqual(['a', 'b']);
    expect(next.currentId).toBe('b');
  });

  it('keeps both versions of a conflict and opens this tab\'s copy where its document was open', () => {
    const local = doc('a', '내 수정', 1);
    const copy = conflictCopy(local, 5, 'c');
    expect(copy).toEqual({ ...local, id: 'c', name: '문서 a (conflict copy)', createdAt: 5, updatedAt: 5 });
    const next = keepBoth(state(local, doc('z', '다른 문서', 3)), 'a', doc('a', '다른 탭의 수정', 1), copy);
    expect(next.documents.map((d) => [d.id, d.text])).toEqual([['a', '다른 탭의 수정'], ['z', '다른 문서'], ['c', '내 수정']]);
    expect(next.currentId).toBe('c');
  });

  it('keeps this tab\'s edit of a document deleted elsewhere as the copy alone', () => {
    const copy = conflictCopy(doc('a', '내 수정', 1), 5, 'c');
    expect(keepBoth(state(doc('a', '내 수정', 1)), 'a', null, copy).documents.map((d) => d.id)).toEqual(['c']);
  });

  it('drops a document deleted elsewhere', () => {
    expect(withoutDocument(state(doc('a', '하나', 1), doc('b', '둘', 2)), 'b').documents.map((d) => d.id)).toEqual(['a']);
  });

  it('tells unreviewed model proposals apart from what a person did: only the former is no conflict', () => {
    const base = doc('a', '김철수는 서울에 갔다.', 1);
    const proposal = { start: 0, end: 3, label: 'PER', source: 'model' as const, status: 'pending' as const, score: 0.9 };
    const withProposal = { ...base, entities: [proposal] };
    expect(differOnlyInProposals(withProposal, base)).toBe(true);
    expect(differOnlyInProposals(base, { ...base, entities: [{ ...proposal, status: 'accepted' as const }] })).toBe(false);
    expect(differOnlyInProposals(base, { ...base, entities: [{ start: 5, end: 7, label: 'LOC', source: 'human' as const }] })).toBe(false);
    expect(differOnlyInProposals(withProposal, { ...base, text: `${base.text} 더` })).toBe(false);
  });
});

describe("the hub's decisions (useWorkspace.ts calls these)", () => {
  const base = doc('a', '김철수가 왔다', 1);
  const proposal = { start: 0, end: 3, label: 'PER', source: 'model' as const, status: 'pending' as const, score: 0.9 };
  const withProposal = { ...base, entities: [proposal] };
  const personEdit = { ...base, entities: [{ start: 0, end: 3, label: 'PER', source: 'human' as const }] };
  const otherPersonEdit = { ...base, text: '김철수가 왔다.' };

  it('takes the stored version when this tab changed only model proposals', () => {
    expect(resolveSaveConflict(withProposal, base, otherPersonEdit)).toBe('take-stored');
    expect(resolveSaveConflict(withProposal, undefined, base)).toBe('take-stored');
  });

  it("writes a person's edit over a version that holds only the other tab's model proposals", () => {
    expect(resolveSaveConflict(personEdit, base, withProposal)).toBe('write-over');
  });

  it("keeps both when two people edited, or the document was deleted while edited here", () => {
    expect(resolveSaveConflict(personEdit, base, otherPersonEdit)).toBe('keep-both');
    expect(resolveSaveConflict(personEdit, base, null)).toBe('keep-both');
    expect(resolveSaveConflict(personEdit, undefined, otherPersonEdit)).toBe('keep-both');
  });

  it("ignores another tab's change while a person's edit here waits to be saved; model proposals alone give way", () => {
    const waiting = { pending: true, local: personEdit, base, revision: 1 };
    expect(otherTabAction({ type: 'saved', revision: 2 }, waiting)).toEqual({ action: 'ignore', cancelPending: false });
    expect(otherTabAction({ type: 'deleted' }, waiting)).toEqual({ action: 'ignore', cancelPending: false });
    expect(otherTabAction({ type: 'saved', revision: 2 }, { ...waiting, local: withProposal })).toEqual({ action: 'read', cancelPending: true });
  });

  it('reads only a newer revision, and drops a deleted document it has', () => {
    const idle = { pending: false, local: base, base, revision: 3 };
    expect(otherTabAction({ type: 'saved', revision: 3 }, idle).action).toBe('ignore');
    expect(otherTabAction({ type: 'saved', revision: 4 }, idle).action).toBe('read');
    expect(otherTabAction({ type: 'deleted' }, idle).action).toBe('drop');
    expect(otherTabAction({ type: 'deleted' }, { ...idle, local: undefined }).action).toBe('ignore');
  });

  it('lets a sample replace an empty document, a sample or proposals, never a text of its own or a decision', () => {
    const samples = ['예문 하나'];
    expect(holdsWork(createHistory('  ', []), samples)).toBe(false);
    expect(holdsWork(createHistory('예문 하나', [proposal]), samples)).toBe(false);
    expect(holdsWork(createHistory('내가 쓴 글', []), samples)).toBe(true);
    expect(holdsWork(createHistory('예문 하나', [{ ...proposal, status: 'rejected' }]), samples)).toBe(true);
    expect(holdsWork(createHistory('예문 하나', [{ start: 0, end: 2, label: 'LOC', source: 'human' }]), samples)).toBe(true);
  });
});

describe('currentDocuments', () => {
  it('gives the open document as its history has it, the others as listed', () => {
    const open = doc('a', '원문', 1);
    const other = doc('b', '다른 글', 2);
    const typing = { ...state(open, other), history: createHistory('원문 수정 중', [{ start: 0, end: 2, label: 'ORG', source: 'human' as const }]) };
    const [a, b] = currentDocuments(typing);
    expect([a.text, a.entities.length]).toEqual(['원문 수정 중', 1]);
    expect(b).toBe(other);
  });
});
