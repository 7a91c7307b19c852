/**
 * The workspace state when other tabs change the stored documents (issue 13: many tabs, one
 * truth). Pure: the hook (useWorkspace.ts) calls these with what storage reported.
 *
 * - Another tab stored a newer version of a document this tab has no unsaved edit of: this
 *   tab shows that version (`withStoredVersion`).
 * - This tab's save met a newer stored version (or a deletion): a real conflict. Both edits
 *   survive: the stored one keeps the document, this tab's becomes a new document
 *   "<name> (conflict copy)" and stays open where it was being edited (`keepBoth`).
 * - Another tab deleted a document this tab has no unsaved edit of: it goes (`withoutDocument`).
 */
import { type AnnotationHistory, createHistory } from '../annotation/history';
import { type AnnotatedDocument, sameEntities } from '../annotation/document';
import { CONFLICT_COPY_SUFFIX } from '../storage';

export interface WorkspaceState {
  readonly storage: 'opening' | 'ready' | 'memory';
  readonly documents: readonly AnnotatedDocument[];
  readonly history: AnnotationHistory | null;
  readonly currentId: string | null;
}

export function byCreation(documents: readonly AnnotatedDocument[]): AnnotatedDocument[] {
  return [...documents].sort((a, b) => a.createdAt - b.createdAt);
}

/**
 * Whether two versions of a document differ at most in model proposals nobody has reviewed: the
 * same name, text and decided entities. Such a difference is no conflict (the next analysis makes
 * the proposals again); a save that meets one takes the stored version instead of keeping a copy.
 */
export function differOnlyInProposals(a: AnnotatedDocument, b: AnnotatedDocument): boolean {
  const decided = (d: AnnotatedDocument) => d.entities.filter((e) => !(e.source === 'model' && e.status === 'pending'));
  return a.name === b.name && a.text === b.text && Boolean(a.done) === Boolean(b.done) && sameEntities(decided(a), decided(b));
}

/** This tab's version of a document, as a new document beside the stored one. */
export function conflictCopy(local: AnnotatedDocument, now: number, id: string): AnnotatedDocument {
  return { ...local, id, name: `${local.name}${CONFLICT_COPY_SUFFIX}`, createdAt: now, updatedAt: now };
}

/** The state showing `stored` (another tab's newer version): added if new; the open document's history restarts only if its content changed. */
export function withStoredVersion(state: WorkspaceState, stored: AnnotatedDocument): WorkspaceState {
  const known = state.documents.some((d) => d.id === stored.id);
  const documents = known ? state.documents.map((d) => (d.id === stored.id ? stored : d)) : byCreation([...state.documents, stored]);
  const { history } = state;
  const reopen = state.currentId === stored.id && history !== null && (history.text !== stored.text || !sameEntities(history.entities, stored.entities));
  return { ...state, documents, history: reopen ? createHistory(stored.text, stored.entities) : history };
}

/** The state without the document (deleted in another tab). The caller opens another one if it was open. */
export function withoutDocument(state: WorkspaceState, id: string): WorkspaceState {
  return { ...state, documents: state.documents.filter((d) => d.id !== id) };
}

/**
 * A save of document `id` lost to `stored` (null: deleted in another tab): the stored version
 * keeps the id, `copy` holds this tab's edit, and if `id` was open the copy is open instead,
 * with its undo history (its text and entities are the history's own).
 */
export function keepBoth(state: WorkspaceState, id: string, stored: AnnotatedDocument | null, copy: AnnotatedDocument): WorkspaceState {
  const others = state.documents.filter((d) => d.id !== id);
  const documents = byCreation([...others, ...(stored ? [stored] : []), copy]);
  return { ...state, documents, currentId: state.currentId === id ? copy.id : state.currentId };
}
