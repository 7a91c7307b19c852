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
  /** While storage opens (history null): what was typed in the text box meanwhile (early-text.ts). */
  readonly early?: string;
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

/** The documents as they are now: the open one as its history has it (its text and entities may be ahead of the list's copy while an edit is being made). */
export function currentDocuments(state: Pick<WorkspaceState, 'documents' | 'currentId' | 'history'>): AnnotatedDocument[] {
  const { documents, currentId, history } = state;
  return documents.map((d) => (d.id === currentId && history ? { ...d, text: history.text, entities: history.entities } : d));
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

/**
 * What a save that met a newer stored version (`current`; null: deleted in another tab) does,
 * given this tab's latest version of the document (`local`) and the version this tab last knew
 * to be stored (`base`; undefined: none):
 * - `take-stored`: this tab changed only unreviewed model proposals (since `base`, or against
 *   `current`): nothing a person did is lost by showing the stored version, which the next
 *   analysis proposes for again;
 * - `write-over`: the other tab stored only unreviewed proposals over `base`: the person's edit
 *   here goes over it;
 * - `keep-both`: two people's edits (or an edit of a deleted document): the stored version keeps
 *   the document and this tab's becomes a conflict copy (`keepBoth`).
 */
export function resolveSaveConflict(local: AnnotatedDocument, base: AnnotatedDocument | undefined, current: AnnotatedDocument | null): 'take-stored' | 'write-over' | 'keep-both' {
  if (current && (differOnlyInProposals(local, current) || (base !== undefined && differOnlyInProposals(local, base)))) return 'take-stored';
  if (current && base !== undefined && differOnlyInProposals(current, base)) return 'write-over';
  return 'keep-both';
}

/**
 * What this tab does with another tab's change message for a document:
 * - `ignore`: this tab has a person's edit of it waiting to be saved (that save meets the other
 *   tab's in the revision check), or it already has that revision, or it does not have a
 *   deleted document;
 * - `drop`: deleted elsewhere: take it out of the list;
 * - `read`: read the stored version and show it (`withStoredVersion`).
 * `cancelPending`: this tab's waiting save holds only unreviewed model proposals, which give way.
 */
export function otherTabAction(
  message: { readonly type: 'saved' | 'deleted'; readonly revision?: number },
  here: { readonly pending: boolean; readonly local: AnnotatedDocument | undefined; readonly base: AnnotatedDocument | undefined; readonly revision: number },
): { readonly action: 'ignore' | 'drop' | 'read'; readonly cancelPending: boolean } {
  let cancelPending = false;
  if (here.pending) {
    if (message.type !== 'saved' || !here.local || !here.base || !differOnlyInProposals(here.local, here.base)) return { action: 'ignore', cancelPending };
    cancelPending = true;
  }
  if (message.type === 'deleted') return { action: here.local ? 'drop' : 'ignore', cancelPending };
  if (here.revision >= (message.revision ?? 0)) return { action: 'ignore', cancelPending };
  return { action: 'read', cancelPending };
}

/**
 * Whether the open document holds work a sample must not replace: a text of its own (not empty,
 * not one of the samples) or any decision of a person.
 */
export function holdsWork(history: AnnotationHistory, samples: readonly string[]): boolean {
  const ownText = history.text.trim() !== '' && !samples.includes(history.text);
  return ownText || history.entities.some((e) => e.source === 'human' || e.status !== 'pending');
}
