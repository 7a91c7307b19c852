/**
 * The annotation workspace as React state: the stored documents, the one being edited, its
 * undo history, saving (debounced, flushed when the page is hidden) and import/export.
 * Storage lives in src/storage, formats in src/formats, edits in src/annotation; this hook
 * only wires them together. When IndexedDB cannot be opened the workspace still works in
 * memory, and says that nothing is being saved. Other tabs' changes arrive through storage's
 * change channel and are applied by tab-sync.ts; each save names the revision it was made
 * over, so a conflicting one keeps both versions (docs/annotation-workspace.md, "Several tabs").
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { Entity } from '../core/pipeline';
import { type AnnotationHistory, annotationReducer, createHistory, mergeModelRun } from '../annotation/history';
import type { AnnotationAction } from '../annotation/history';
import { rebaseEntities } from '../annotation/rebase';
import type { AnnotatedEntity } from '../annotation/document';
import { textAfterTextareaEdit } from './line-breaks';
import { type AnnotatedDocument, isLive, tagSetOfDocument } from '../annotation/document';
import { createDocuments } from '../formats/formats';
import { type ChangeMessage, type InvalidRecord, type SaveQueue, type SaveState, type WorkspaceStore, type WriteResult, createSaveQueue, isConflict, openWorkspaceStore } from '../storage';
import type { ViewEntity } from '../view/shown-entities';
import type { Notice } from '../view/notice';
import { say } from '../view/messages';
import { type WorkspaceState as State, byCreation, conflictCopy, holdsWork, keepBoth, otherTabAction, resolveSaveConflict, withStoredVersion, withoutDocument } from './tab-sync';
import { placeEarlyText } from './early-text';
import { useAcrossDocuments } from './useAcrossDocuments';
import { useTrash } from './useTrash';
import { useWorkspaceFiles } from './useWorkspaceFiles';
import type { WorkspaceCore } from './workspace-core';
import { answerFitsOpenDocument, modelAnswerAction } from './model-answer';

export { importedTagSet } from './useWorkspaceFiles';

const CURRENT_SETTING = 'currentDocumentId';

export function useWorkspace(firstText: string) {
  const [state, setState] = useState<State>({ storage: 'opening', documents: [], history: null, currentId: null });
  const [saveState, setSaveState] = useState<SaveState>({ status: 'saved' });
  const [notice, setNotice] = useState<Notice | null>(null);
  const [invalid, setInvalid] = useState<readonly InvalidRecord[]>([]);
  const stateRef = useRef(state);
  const storeRef = useRef<WorkspaceStore | null>(null);
  const queueRef = useRef<SaveQueue | null>(null);
  /** The stored revision each document's state here was read at or written as: the base of its next save. */
  const revisionsRef = useRef(new Map<string, number>());
  /** The last version of each document this tab knows to be stored: tells a person's unsaved edit from unsaved model proposals. */
  const storedRef = useRef(new Map<string, AnnotatedDocument>());
  /** Handles another tab's change; set below, after the callbacks it uses. */
  const otherTabRef = useRef<(message: ChangeMessage) => void>(() => {});
  /**
   * What the text box showed at its last render (id null: the workspace was still opening, and the
   * box showed the early text). An edit is an edit of what the person saw: a state changed since
   * (the stored documents arrived, another tab's version came) but not yet drawn must not turn it
   * into an edit of something else (early-text.ts).
   */
  const shownRef = useRef<{ readonly id: string | null; readonly text: string; readonly entities: readonly AnnotatedEntity[] }>({ id: null, text: '', entities: [] });
  useLayoutEffect(() => {
    shownRef.current = state.history ? { id: state.currentId, text: state.history.text, entities: state.history.entities } : { id: null, text: state.early ?? '', entities: [] };
  }, [state]);
  /** Resolves once the stored documents are loaded (or storage failed): what needs them waits for it. */
  const [loaded] = useState(() => {
    let resolve!: () => void;
    const promise = new Promise<void>((done) => (resolve = done));
    return { promise, resolve };
  });

  /** Applies a change to the state now (the ref first, so calls in one event see each other). */
  const update = useCallback((change: (previous: State) => State) => {
    stateRef.current = change(stateRef.current);
    setState(stateRef.current);
  }, []);

  /** Puts every unsaved version in the stash (workspace-db.ts header), based on the revisions this tab read. */
  const stashUnsaved = useCallback(() => {
    const queue = queueRef.current;
    if (!queue) return;
    const latest = (d: AnnotatedDocument) => stateRef.current.documents.find((x) => x.id === d.id) ?? d;
    storeRef.current?.stashUnsaved(queue.unsaved().map((d) => ({ document: latest(d), baseRevision: revisionsRef.current.get(d.id) })));
  }, []);
  const stashQueued = useRef(false);
  const save = useCallback(
    (document: AnnotatedDocument) => {
      queueRef.current?.schedule(document);
      // Write-ahead: the unsaved version is stashed at once (one put per task), not only on
      // pagehide, so a tab that closes or crashes before its debounced save loses nothing even
      // when the browser tears it down before a pagehide write lands.
      if (stashQueued.current) return;
      stashQueued.current = true;
      queueMicrotask(() => {
        stashQueued.current = false;
        stashUnsaved();
      });
    },
    [stashUnsaved],
  );

  useEffect(() => {
    let closed = false;
    const revisions = revisionsRef.current;
    const stored = storedRef.current;
    const write = async (saved: AnnotatedDocument): Promise<WriteResult> => {
      const result = await storeRef.current!.saveDocument(saved, revisions.get(saved.id));
      if (result.ok) {
        revisions.set(saved.id, result.revision);
        stored.set(saved.id, saved);
      }
      if (result.ok || !isConflict(result.failure)) return result;
      // Another tab stored a newer version first: it keeps the document, this tab's edit (its
      // latest, typed while this write ran included) becomes a copy, saved like any new document.
      const { current } = result.failure;
      const local = stateRef.current.documents.find((d) => d.id === saved.id) ?? saved;
      const choice = resolveSaveConflict(local, stored.get(saved.id), current?.document ?? null);
      if (current && choice === 'take-stored') {
        // Only unreviewed model proposals changed here (tab-sync.ts): show the stored version.
        queue.cancel(saved.id);
        revisions.set(saved.id, current.revision);
        stored.set(saved.id, current.document);
        update((previous) => withStoredVersion(previous, current.document));
        return { ok: true as const };
      }
      if (current && choice === 'write-over') {
        // Only unreviewed model proposals were stored over this edit's base: the person's edit goes over them.
        revisions.set(saved.id, current.revision);
        return write(local);
      }
      const copy = conflictCopy(local, Date.now(), crypto.randomUUID());
      queue.cancel(saved.id);
      if (current) revisions.set(saved.id, current.revision);
      else revisions.delete(saved.id);
      update((previous) => keepBoth(previous, saved.id, current?.document ?? null, copy));
      queue.schedule(copy);
      setNotice({ kind: 'info', message: say('conflictKept', { name: local.name, copy: copy.name, deleted: !current }) });
      return { ok: true as const };
    };
    const queue = createSaveQueue({ write, onState: setSaveState });
    const heldMessages: ChangeMessage[] = [];
    (async () => {
      const opened = await openWorkspaceStore();
      if (closed) {
        if (opened.ok) opened.store.close();
        return;
      }
      let documents: AnnotatedDocument[] = [];
      let currentId: string | null = null;
      if (opened.ok) {
        storeRef.current = opened.store;
        queueRef.current = queue;
        // Listening before the documents are read: a change another tab stores while this one
        // loads is applied once loaded, not missed (the read may have come before it).
        opened.store.onChange((message) => {
          if (stateRef.current.storage === 'opening') heldMessages.push(message);
          else otherTabRef.current(message);
        });
        // Edits that closed tabs stashed but could not save (workspace-db.ts header).
        const recovery = await opened.store.recoverUnsaved().catch(() => null);
        if (recovery && recovery.copies.length > 0) {
          setNotice({ kind: 'info', message: say('recoveredCopies', { copies: recovery.copies }) });
        }
        const loaded = await opened.store.loadDocuments();
        for (const [id, revision] of Object.entries(loaded.revisions)) revisions.set(id, revision);
        for (const document of loaded.documents) stored.set(document.id, document);
        setInvalid(loaded.invalid);
        documents = byCreation(loaded.documents);
        const remembered = await opened.store.getSetting(CURRENT_SETTING);
        currentId = documents.some((d) => d.id === remembered) ? (remembered as string) : (documents[documents.length - 1]?.id ?? null);
      } else {
        setNotice({ kind: 'error', message: say('storageUnavailable', { failure: opened.failure }) });
      }
      // Text typed or pasted before the documents arrived (read in the same task as the state is
      // set, so nothing typed falls between): into the open document if that is empty, else a
      // document of its own (early-text.ts).
      const placed = placeEarlyText({ documents, currentId, early: stateRef.current.early ?? '', firstText, now: Date.now() });
      if (opened.ok) for (const document of placed.changed) save(document);
      if (placed.ownDocument) setNotice({ kind: 'info', message: say('earlyTextKept', { name: placed.ownDocument.name, open: placed.ownDocument.open }) });
      const current = placed.documents.find((d) => d.id === placed.currentId)!;
      update(() => ({ storage: opened.ok ? 'ready' : 'memory', documents: placed.documents, currentId: placed.currentId, history: createHistory(current.text, current.entities) }));
      loaded.resolve();
      for (const message of heldMessages.splice(0)) otherTabRef.current(message);
    })();
    const flush = () => {
      // The page may be closing: the stash is written before this handler returns, the flush maybe not.
      stashUnsaved();
      void queueRef.current?.flush();
    };
    const onVisibility = () => document.visibilityState === 'hidden' && flush();
    document.addEventListener('visibilitychange', onVisibility);
    window.addEventListener('pagehide', flush);
    return () => {
      closed = true;
      document.removeEventListener('visibilitychange', onVisibility);
      window.removeEventListener('pagehide', flush);
      void queue.flush().then(() => storeRef.current?.close());
    };
  }, [firstText, update, save, loaded]);

  /** Replaces the current document's text or entities, and queues the save. */
  const commit = useCallback(
    (history: AnnotationHistory) => {
      let saved: AnnotatedDocument | null = null;
      update((previous) => ({
        ...previous,
        history,
        documents: previous.documents.map((d) => {
          if (d.id !== previous.currentId) return d;
          saved = { ...d, text: history.text, entities: history.entities, updatedAt: Date.now() };
          return saved;
        }),
      }));
      if (saved) save(saved);
    },
    [update, save],
  );

  const setText = useCallback(
    (text: string) => {
      const history = stateRef.current.history;
      if (!history || history.text === text) return;
      commit(createHistory(text, rebaseEntities(history.text, text, history.entities)));
    },
    [commit],
  );


  const dispatch = useCallback(
    (action: AnnotationAction) => {
      const history = stateRef.current.history;
      if (!history) return;
      const next = annotationReducer(history, action);
      if (next === history) return; // a model run that changed nothing
      if (next.entities === history.entities) update((previous) => ({ ...previous, history: next }));
      else commit(next);
    },
    [commit, update],
  );

  /**
   * A finished analysis of `text`, merged into the open document once, through its history (a
   * person's decisions win; a run that changes nothing is no undo step and no save). The view
   * draws the history, so this is the one place a model's answer becomes entities.
   */
  const mergeModel = useCallback(
    (text: string, proposals: readonly Entity[], tagSet: string) => {
      // an answer for another document or text, or in another tag set than the document's (it would mix two tag sets' labels): dropped
      const action = modelAnswerAction(stateRef.current, text, proposals, tagSet);
      if (action) dispatch(action);
    },
    [dispatch],
  );

  /**
   * A model run over any document (the batch run), merged as a live run is: a person's decisions
   * win, and the current document's merge goes through its undo history. False when the document
   * is gone or its text changed since the run started (the result no longer fits it).
   */
  const mergeModelInto = useCallback(
    (id: string, text: string, proposals: readonly Entity[], tagSet: string): boolean => {
      const previous = stateRef.current;
      if (id === previous.currentId) {
        if (!answerFitsOpenDocument(previous, text, tagSet)) return false;
        mergeModel(text, proposals, tagSet);
        return true;
      }
      const target = previous.documents.find((d) => d.id === id);
      if (!target || target.text !== text || tagSetOfDocument(target) !== tagSet) return false;
      const entities = mergeModelRun(text, target.entities, proposals);
      if (entities === target.entities) return true;
      const saved: AnnotatedDocument = { ...target, entities, updatedAt: Date.now() };
      update((state) => ({ ...state, documents: state.documents.map((d) => (d.id === id ? saved : d)) }));
      save(saved);
      return true;
    },
    [mergeModel, update, save],
  );

  const select = useCallback(
    (id: string) => {
      const target = stateRef.current.documents.find((d) => d.id === id);
      if (!target) return;
      update((previous) => ({ ...previous, currentId: id, history: createHistory(target.text, target.entities) }));
      void storeRef.current?.setSetting(CURRENT_SETTING, id);
    },
    [update],
  );

  /** Opens the document `step` places after (or before) the open one in the list, wrapping around. */
  const selectNext = useCallback(
    (step: 1 | -1) => {
      const { documents, currentId } = stateRef.current;
      if (documents.length < 2) return;
      const at = documents.findIndex((d) => d.id === currentId);
      select(documents[(at + step + documents.length) % documents.length].id);
    },
    [select],
  );

  /** A new document (empty, or with the given name and text), opened. */
  const newDocument = useCallback(
    (draft?: { readonly name: string; readonly text: string }) => {
      if (stateRef.current.storage === 'opening') {
        // The list is not here yet: the new document is made once it is (else the load would replace it).
        void loaded.promise.then(() => newDocument(draft));
        return;
      }
      const [created] = createDocuments([{ name: draft?.name ?? `Document ${stateRef.current.documents.length + 1}`, text: draft?.text ?? '', entities: [] }]);
      update((previous) => ({ ...previous, documents: [...previous.documents, created] }));
      save(created);
      select(created.id);
    },
    [update, save, select, loaded],
  );

  /**
   * An edit in the text box, which shows each "\r\n" as "\n" (line-breaks.ts): the document
   * keeps its own line breaks, so exported offsets still fit the file it came from. The edit is of
   * what the box showed (`shownRef`), whatever changed since:
   * - before the documents have loaded, it is early text, kept until they have (early-text.ts);
   * - when they loaded after the box was drawn (not yet drawn again), the early text goes into
   *   the open document if that is what the box showed, else into a document of its own;
   * - when another version of the open document arrived, or another document was opened, since
   *   the box was drawn, the edit goes to the version the person saw: the open document's new
   *   version is kept, the edit beside it (a conflict copy, as a save meeting it would).
   */
  const setTextBoxValue = useCallback(
    (value: string) => {
      const { history, currentId, documents } = stateRef.current;
      const shown = shownRef.current;
      if (!history) {
        update((previous) => ({ ...previous, early: value }));
        return;
      }
      const text = textAfterTextareaEdit(shown.text, value);
      if (shown.text === history.text && (shown.id === currentId || shown.id === null)) {
        // What was shown is what is open: a plain edit (the early text, placed in it, included).
        setText(text);
        return;
      }
      const open = documents.find((d) => d.id === currentId)!;
      const seen = shown.id === null ? undefined : documents.find((d) => d.id === shown.id);
      const entities = rebaseEntities(shown.text, text, shown.entities);
      if (shown.id === null || !seen) {
        // Typed over the early text (or a document gone since): a document of its own.
        newDocument({ name: `Document ${documents.length + 1}`, text });
        setNotice({ kind: 'info', message: say('earlyTextKept', { name: `Document ${documents.length + 1}`, open: open.name }) });
        return;
      }
      if (seen.id !== currentId) {
        // Another document was opened, not yet drawn: the edit is the shown one's.
        const saved: AnnotatedDocument = { ...seen, text, entities, updatedAt: Date.now() };
        update((previous) => ({ ...previous, documents: previous.documents.map((d) => (d.id === seen.id ? saved : d)) }));
        save(saved);
        return;
      }
      // Another tab's version of the open document arrived, not yet drawn: both are kept.
      const copy = conflictCopy({ ...open, text, entities, updatedAt: Date.now() }, Date.now(), crypto.randomUUID());
      update((previous) => ({ ...keepBoth(previous, open.id, open, copy), history: createHistory(copy.text, copy.entities) }));
      save(copy);
      setNotice({ kind: 'info', message: say('conflictKept', { name: open.name, copy: copy.name, deleted: false }) });
    },
    [setText, update, save, newDocument],
  );

  /**
   * A sample text into the open document, unless that holds work (a text of its own, or a
   * person's decision): then the sample opens as a new document and the notice says so, so no
   * work is replaced.
   */
  const loadSample = useCallback(
    (name: string, text: string, samples: readonly string[]) => {
      if (stateRef.current.storage === 'opening') {
        void loaded.promise.then(() => loadSample(name, text, samples));
        return;
      }
      const { documents, currentId, history } = stateRef.current;
      const open = documents.find((d) => d.id === currentId);
      if (!open || !history) return;
      if (!holdsWork(history, samples)) {
        setText(text);
        return;
      }
      newDocument({ name, text });
      setNotice({ kind: 'info', message: say('sampleOpenedNew', { sample: name, open: open.name }) });
    },
    [setText, newDocument, loaded],
  );

  /** Changes a document's own fields (not its text or entities) and saves it. */
  const changeDocument = useCallback(
    (id: string, change: Partial<Pick<AnnotatedDocument, 'name' | 'done'>>) => {
      let changed: AnnotatedDocument | null = null;
      update((previous) => ({
        ...previous,
        documents: previous.documents.map((d) => (d.id === id ? (changed = { ...d, ...change, updatedAt: Date.now() }) : d)),
      }));
      if (changed) save(changed);
    },
    [update, save],
  );
  const rename = useCallback((id: string, name: string) => changeDocument(id, { name }), [changeDocument]);

  /**
   * The open document's tag set. Its entities (labels of the tag set it had) are removed with it, and
   * its undo history starts anew, so that no label of the old tag set stays beside the new one's.
   */
  const switchTagSet = useCallback(
    (tagSet: string) => {
      const { currentId, history } = stateRef.current;
      if (currentId === null || !history) return;
      let saved: AnnotatedDocument | null = null;
      update((previous) => ({
        ...previous,
        history: history.entities.length === 0 ? history : createHistory(history.text, []),
        documents: previous.documents.map((d) => (d.id === currentId ? (saved = { ...d, tagSet, entities: [], updatedAt: Date.now() }) : d)),
      }));
      if (saved) save(saved);
    },
    [update, save],
  );
  /** Marks a document reviewed ("done") or back in review. */
  const setDone = useCallback((id: string, done: boolean) => changeDocument(id, { done }), [changeDocument]);

  /** Takes a document out of this tab's list (deleted here or in another tab), opening another if it was open. */
  const drop = useCallback(
    (id: string) => {
      revisionsRef.current.delete(id);
      update((previous) => withoutDocument(previous, id));
      const remaining = stateRef.current.documents;
      if (stateRef.current.currentId === id) {
        if (remaining.length > 0) select(remaining[remaining.length - 1].id);
        else newDocument();
      }
    },
    [update, select, newDocument],
  );



  /** Another tab stored or deleted a document: show it, unless this tab has an edit of it not yet stored (its save meets the other's in the revision check). */
  otherTabRef.current = (message: ChangeMessage) => {
    const queue = queueRef.current;
    const store = storeRef.current;
    const revisions = revisionsRef.current;
    if (!queue || !store) return;
    const { action, cancelPending } = otherTabAction(message, {
      pending: queue.isPending(message.id),
      local: stateRef.current.documents.find((d) => d.id === message.id),
      base: storedRef.current.get(message.id),
      revision: revisions.get(message.id) ?? 0,
    });
    if (cancelPending) queue.cancel(message.id);
    if (action === 'drop') drop(message.id);
    if (action !== 'read') return;
    void store.readDocument(message.id).then((version) => {
      // Re-checked: the user may have typed, or a newer version arrived, while it was read.
      if (!version || queue.isPending(message.id) || (revisions.get(message.id) ?? 0) >= version.revision) return;
      revisions.set(message.id, version.revision);
      storedRef.current.set(message.id, version.document);
      update((previous) => withStoredVersion(previous, version.document));
    });
  };


  const core: WorkspaceCore = { stateRef, storeRef, queueRef, revisionsRef, update, save, select, dispatch, drop, setNotice, loaded };
  const files = useWorkspaceFiles(core);
  const across = useAcrossDocuments(core);
  const deleted = useTrash(core);

  const current = state.documents.find((d) => d.id === state.currentId) ?? null;
  return {
    storage: state.storage,
    documents: state.documents,
    current,
    history: state.history,
    text: state.history?.text ?? state.early ?? '',
    saveState,
    notice,
    invalid,
    dismissNotice: useCallback(() => setNotice(null), []),
    setText,
    setTextBoxValue,
    dispatch,
    mergeModel,
    mergeModelInto,
    select,
    selectNext,
    newDocument,
    rename,
    setDone,
    switchTagSet,
    remove: deleted.remove,
    trash: deleted.trash,
    restoreDeleted: deleted.restoreDeleted,
    loadSample,
    importFromFile: files.importFromFile,
    exportAll: files.exportAll,
    exportAllMasked: files.exportAllMasked,
    exportBackup: files.exportBackup,
    restoreBackup: files.restoreBackup,
    applyToAllDocuments: across.applyToAllDocuments,
    acrossUndo: across.acrossUndo,
    undoAcross: across.undoAcross,
  };
}

export type WorkspaceApi = ReturnType<typeof useWorkspace>;

/**
 * The entities to draw: the open document's entities in force (its history: finished analyses
 * are merged into it by `mergeModel`), with, while a long text is still being analysed, the
 * partial result so far laid over the pending proposals. A partial result is never stored.
 */
export function useViewEntities(history: AnnotationHistory | null, partial: { text: string; entities: readonly Entity[] } | null): ViewEntity[] {
  return useMemo(() => {
    if (!history) return [];
    const entities = partial && partial.text === history.text ? mergeModelRun(history.text, history.entities, partial.entities) : history.entities;
    return entities
      .map((entity, historyIndex) => ({ entity, historyIndex }))
      .filter(({ entity }) => isLive(entity))
      .map(({ entity, historyIndex }) => ({
        start: entity.start,
        end: entity.end,
        label: entity.label,
        text: history.text.slice(entity.start, entity.end),
        score: entity.score ?? 1,
        source: entity.source,
        status: entity.status,
        historyIndex,
      }));
  }, [history, partial]);
}
