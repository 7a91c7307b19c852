/**
 * Changes across documents: a decision at every occurrence of a text in every document (never over
 * a person's decision), as one step that `undoAcross` takes back where nothing changed since.
 */
import { useCallback, useState } from 'react';
import type { HistoryNote } from '../annotation/history';
import { type OccurrenceDecision, applyAcrossDocuments } from '../annotation/occurrences';
import { type AnnotatedDocument, type AnnotatedEntity, sameEntities } from '../annotation/document';
import { say } from '../view/messages';
import { noteMessage } from './notes';
import { currentDocuments } from './tab-sync';
import type { WorkspaceCore } from './workspace-core';

export function useAcrossDocuments({ stateRef, dispatch, update, save, setNotice }: WorkspaceCore) {
  /**
   * Entities of several documents at once (a change across documents): the open document's
   * through its history (an undo step there too), the others stored as they are.
   */
  const setEntitiesOf = useCallback(
    (changes: ReadonlyMap<string, readonly AnnotatedEntity[]>, note: HistoryNote) => {
      const { currentId } = stateRef.current;
      const open = currentId === null ? undefined : changes.get(currentId);
      if (open) dispatch({ type: 'replace-entities', entities: open, note });
      const saved: AnnotatedDocument[] = [];
      update((previous) => ({
        ...previous,
        documents: previous.documents.map((d) => {
          const entities = d.id === previous.currentId ? undefined : changes.get(d.id);
          if (!entities) return d;
          const next = { ...d, entities, updatedAt: Date.now() };
          saved.push(next);
          return next;
        }),
      }));
      for (const document of saved) save(document);
    },
    [dispatch, update, save],
  );

  /** The last change made across documents, to undo as one step: each document's entities before and after it. */
  const [acrossUndo, setAcrossUndo] = useState<{ readonly surface: string; readonly before: ReadonlyMap<string, readonly AnnotatedEntity[]>; readonly after: ReadonlyMap<string, readonly AnnotatedEntity[]> } | null>(null);

  /**
   * A decision at every occurrence of `surface` in every document (occurrences.ts), never over a
   * person's decision; one step, undone by `undoAcross`; the notice says how many changed where.
   */
  const applyToAllDocuments = useCallback(
    (surface: string, decision: Exclude<OccurrenceDecision, { kind: 'accept' }>) => {
      const documents = currentDocuments(stateRef.current);
      const { changes, changed, kept } = applyAcrossDocuments(documents, surface, decision);
      if (changes.size === 0) {
        setNotice({ kind: 'info', message: say('nothingToChange', { surface, kept }) });
        return;
      }
      const before = new Map(documents.filter((d) => changes.has(d.id)).map((d) => [d.id, d.entities] as const));
      const note = { kind: 'changed-across', surface, changed, documents: changes.size, kept } as const;
      setEntitiesOf(changes, note);
      setAcrossUndo({ surface, before, after: changes });
      setNotice({ kind: 'info', message: noteMessage(note) });
    },
    [setEntitiesOf],
  );

  /** Undoes the last change across documents where nothing changed since (a document edited since keeps its edit, and the notice says so). */
  const undoAcross = useCallback(() => {
    if (!acrossUndo) return;
    const documents = currentDocuments(stateRef.current);
    const restore = new Map<string, readonly AnnotatedEntity[]>();
    let edited = 0;
    for (const [id, entities] of acrossUndo.before) {
      const now = documents.find((d) => d.id === id);
      if (now && sameEntities(now.entities, acrossUndo.after.get(id) ?? [])) restore.set(id, entities);
      else if (now) edited++;
    }
    const note = { kind: 'undone-across', surface: acrossUndo.surface, documents: restore.size, edited } as const;
    if (restore.size > 0) setEntitiesOf(restore, note);
    setAcrossUndo(null);
    setNotice({ kind: 'info', message: noteMessage(note) });
  }, [acrossUndo, setEntitiesOf]);

  return { applyToAllDocuments, acrossUndo, undoAcross };
}
