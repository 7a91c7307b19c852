/** Deleting a document, and "Undo delete": the deleted ones of this tab, the latest brought back first. */
import { useCallback, useState } from 'react';
import type { AnnotatedDocument } from '../annotation/document';
import { isConflict } from '../storage';
import { say } from '../view/messages';
import { byCreation, withStoredVersion } from './tab-sync';
import type { WorkspaceCore } from './workspace-core';

export function useTrash({ stateRef, storeRef, queueRef, revisionsRef, update, drop, select, setNotice }: WorkspaceCore) {
  /** Documents deleted in this tab, latest last: "Undo delete" brings the latest back. */
  const [trash, setTrash] = useState<readonly AnnotatedDocument[]>([]);

  const remove = useCallback(
    async (id: string) => {
      const deleted = stateRef.current.documents.find((d) => d.id === id);
      queueRef.current?.cancel(id);
      const result = storeRef.current ? await storeRef.current.deleteDocument(id, revisionsRef.current.get(id)) : { ok: true as const };
      if (!result.ok) {
        setNotice({ kind: 'error', message: say('storageFailure', { failure: result.failure }) });
        if (isConflict(result.failure) && result.failure.current) {
          const { document: stored, revision } = result.failure.current;
          revisionsRef.current.set(id, revision);
          update((previous) => withStoredVersion(previous, stored));
        }
        return;
      }
      drop(id);
      if (deleted) setTrash((previous) => [...previous, deleted]);
    },
    [update, drop],
  );

  /** Stores the latest deleted document again (same id, name, text and entities) and opens it. */
  const restoreDeleted = useCallback(async () => {
    const document = trash[trash.length - 1];
    if (!document) return;
    const result = storeRef.current ? await storeRef.current.importDocuments([document]) : { ok: true as const };
    if (!result.ok) {
      setNotice({ kind: 'error', message: say('deletedNotRestored', { name: document.name, failure: result.failure }) });
      return;
    }
    setTrash((previous) => previous.filter((d) => d !== document));
    revisionsRef.current.set(document.id, 1);
    update((previous) => ({ ...previous, documents: byCreation([...previous.documents.filter((d) => d.id !== document.id), document]) }));
    select(document.id);
    setNotice({ kind: 'info', message: say('deletedRestored', { name: document.name }) });
  }, [trash, update, select]);

  return { trash, remove, restoreDeleted };
}
