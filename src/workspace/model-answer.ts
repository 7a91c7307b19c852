/**
 * Where a model's answer may land (useWorkspace.ts mergeModel and mergeModelInto): in the open
 * document only, and only when it is for exactly that document's text, in its tag set. The answer
 * to a request made for another document (one left while it was analysed) or for text edited since
 * does not fit, and is dropped here. useLiveAnalysis drops a stale answer before it gets here
 * (request-gate.ts: a request's `current()`); each of the two guards holds on its own.
 */
import type { AnnotationAction } from '../annotation/history';
import type { Entity } from '../core/pipeline';
import { tagSetOfDocument } from '../annotation/document';
import type { WorkspaceState } from './tab-sync';

function currentTagSetIs(state: WorkspaceState, tagSet: string): boolean {
  const open = state.documents.find((d) => d.id === state.currentId);
  return open !== undefined && tagSetOfDocument(open) === tagSet;
}

/** Does an answer for `text` in `tagSet` fit the open document (its text as shown now, its tag set)? */
export function answerFitsOpenDocument(state: WorkspaceState, text: string, tagSet: string): boolean {
  return state.history?.text === text && currentTagSetIs(state, tagSet);
}

/** The history action that merges a finished analysis into the open document; null when the answer does not fit it. */
export function modelAnswerAction(state: WorkspaceState, text: string, proposals: readonly Entity[], tagSet: string): AnnotationAction | null {
  return answerFitsOpenDocument(state, text, tagSet) ? { type: 'merge-model', proposals } : null;
}
