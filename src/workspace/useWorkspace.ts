/**
 * The annotation workspace as React state: the stored documents, the one being edited, its
 * undo history, saving (debounced, flushed when the page is hidden) and import/export.
 * Storage lives in src/storage, formats in src/formats, edits in src/annotation; this hook
 * only wires them together. When IndexedDB cannot be opened the workspace still works in
 * memory, and says that nothing is being saved.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Entity } from '../core/pipeline';
import { type AnnotationAction, type AnnotationHistory, annotationReducer, createHistory, mergeModelRun } from '../annotation/history';
import { rebaseEntities } from '../annotation/rebase';
import { type AnnotatedDocument, type AnnotatedEntity, type ExportOptions, FormatError, isLive } from '../formats/document';
import { type ExportFormat, type ImportOptions, createDocuments, exportDocuments, importFile } from '../formats/formats';
import { download } from './download';
import { exportMasked } from '../formats/masked';
import type { MaskStyle } from '../core/redact/mask';
import { type InvalidRecord, type SaveQueue, type SaveState, type Workspace, createSaveQueue, openWorkspace } from '../storage';

const CURRENT_SETTING = 'currentDocumentId';

export interface Notice {
  readonly kind: 'error' | 'info';
  readonly message: string;
}

/** An entity as the view draws it: the pipeline's shape plus who set it and its index in the history. */
export interface ViewEntity extends Entity {
  readonly source: AnnotatedEntity['source'];
  readonly status: AnnotatedEntity['status'];
  readonly historyIndex: number;
}

interface State {
  readonly storage: 'opening' | 'ready' | 'memory';
  readonly documents: readonly AnnotatedDocument[];
  readonly history: AnnotationHistory | null;
  readonly currentId: string | null;
}

function byCreation(documents: readonly AnnotatedDocument[]): AnnotatedDocument[] {
  return [...documents].sort((a, b) => a.createdAt - b.createdAt);
}

function sameEntities(a: readonly AnnotatedEntity[], b: readonly AnnotatedEntity[]): boolean {
  return a.length === b.length && a.every((e, i) => JSON.stringify(e) === JSON.stringify(b[i]));
}

export function useWorkspace(firstText: string) {
  const [state, setState] = useState<State>({ storage: 'opening', documents: [], history: null, currentId: null });
  const [saveState, setSaveState] = useState<SaveState>({ status: 'saved' });
  const [notice, setNotice] = useState<Notice | null>(null);
  const [invalid, setInvalid] = useState<readonly InvalidRecord[]>([]);
  const stateRef = useRef(state);
  const storeRef = useRef<Workspace | null>(null);
  const queueRef = useRef<SaveQueue | null>(null);

  /** Applies a change to the state now (the ref first, so calls in one event see each other). */
  const update = useCallback((change: (previous: State) => State) => {
    stateRef.current = change(stateRef.current);
    setState(stateRef.current);
  }, []);

  const save = useCallback((document: AnnotatedDocument) => queueRef.current?.schedule(document), []);

  useEffect(() => {
    let closed = false;
    const queue = createSaveQueue({ write: (d) => storeRef.current!.saveDocument(d), onState: setSaveState });
    (async () => {
      const opened = await openWorkspace();
      if (closed) {
        if (opened.ok) opened.workspace.close();
        return;
      }
      let documents: AnnotatedDocument[] = [];
      let currentId: string | null = null;
      if (opened.ok) {
        storeRef.current = opened.workspace;
        queueRef.current = queue;
        const loaded = await opened.workspace.loadDocuments();
        setInvalid(loaded.invalid);
        documents = byCreation(loaded.documents);
        const remembered = await opened.workspace.getSetting(CURRENT_SETTING);
        currentId = documents.some((d) => d.id === remembered) ? (remembered as string) : (documents[documents.length - 1]?.id ?? null);
      } else {
        setNotice({ kind: 'error', message: `${opened.failure.message} Documents are kept in this tab only.` });
      }
      if (documents.length === 0) {
        documents = createDocuments([{ name: 'Document 1', text: firstText, entities: [] }]);
        currentId = documents[0].id;
        if (opened.ok) queue.schedule(documents[0]);
      }
      const current = documents.find((d) => d.id === currentId)!;
      update(() => ({ storage: opened.ok ? 'ready' : 'memory', documents, currentId, history: createHistory(current.text, current.entities) }));
    })();
    const flush = () => void queueRef.current?.flush();
    const onVisibility = () => document.visibilityState === 'hidden' && flush();
    document.addEventListener('visibilitychange', onVisibility);
    window.addEventListener('pagehide', flush);
    return () => {
      closed = true;
      document.removeEventListener('visibilitychange', onVisibility);
      window.removeEventListener('pagehide', flush);
      void queue.flush().then(() => storeRef.current?.close());
    };
  }, [firstText, update]);

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
      if (next.entities === history.entities) update((previous) => ({ ...previous, history: next }));
      else commit(next);
    },
    [commit, update],
  );

  /** A finished analysis of `text`: merged into the document (a person's decisions win). */
  const mergeModel = useCallback(
    (text: string, proposals: readonly Entity[]) => {
      const history = stateRef.current.history;
      if (!history || history.text !== text) return;
      if (sameEntities(mergeModelRun(text, history.entities, proposals), history.entities)) return;
      dispatch({ type: 'merge-model', proposals });
    },
    [dispatch],
  );

  /**
   * A model run over any document (the batch run), merged as a live run is: a person's decisions
   * win, and the current document's merge goes through its undo history. False when the document
   * is gone or its text changed since the run started (the result no longer fits it).
   */
  const mergeModelInto = useCallback(
    (id: string, text: string, proposals: readonly Entity[]): boolean => {
      const previous = stateRef.current;
      if (id === previous.currentId) {
        if (previous.history?.text !== text) return false;
        mergeModel(text, proposals);
        return true;
      }
      const target = previous.documents.find((d) => d.id === id);
      if (!target || target.text !== text) return false;
      const entities = mergeModelRun(text, target.entities, proposals);
      if (sameEntities(entities, target.entities)) return true;
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

  const newDocument = useCallback(() => {
    const [created] = createDocuments([{ name: `Document ${stateRef.current.documents.length + 1}`, text: '', entities: [] }]);
    update((previous) => ({ ...previous, documents: [...previous.documents, created] }));
    save(created);
    select(created.id);
  }, [update, save, select]);

  const rename = useCallback(
    (id: string, name: string) => {
      let renamed: AnnotatedDocument | null = null;
      update((previous) => ({
        ...previous,
        documents: previous.documents.map((d) => (d.id === id ? (renamed = { ...d, name, updatedAt: Date.now() }) : d)),
      }));
      if (renamed) save(renamed);
    },
    [update, save],
  );

  const remove = useCallback(
    async (id: string) => {
      queueRef.current?.cancel(id);
      const result = storeRef.current ? await storeRef.current.deleteDocument(id) : { ok: true as const };
      if (!result.ok) {
        setNotice({ kind: 'error', message: result.failure.message });
        return;
      }
      const remaining = stateRef.current.documents.filter((d) => d.id !== id);
      update((previous) => ({ ...previous, documents: remaining }));
      if (stateRef.current.currentId === id) {
        if (remaining.length > 0) select(remaining[remaining.length - 1].id);
        else newDocument();
      }
    },
    [update, select, newDocument],
  );

  const importFromFile = useCallback(
    async (file: File, options: ImportOptions) => {
      let documents: AnnotatedDocument[];
      try {
        const { drafts } = importFile(file.name, await file.text(), options);
        if (drafts.length === 0) throw new FormatError('no documents in the file');
        documents = createDocuments(drafts);
      } catch (error) {
        const message = error instanceof FormatError ? error.message : `could not be read (${(error as Error).message})`;
        setNotice({ kind: 'error', message: `Import of ${file.name} failed, nothing was changed: ${message}` });
        return;
      }
      const result = storeRef.current ? await storeRef.current.importDocuments(documents) : { ok: true as const };
      if (!result.ok) {
        setNotice({ kind: 'error', message: `Import of ${file.name} failed, nothing was changed: ${result.failure.message}` });
        return;
      }
      update((previous) => ({ ...previous, documents: [...previous.documents, ...documents] }));
      select(documents[0].id);
      setNotice({ kind: 'info', message: `Imported ${documents.length} document${documents.length === 1 ? '' : 's'} from ${file.name}.` });
    },
    [update, select],
  );

  const exportAll = useCallback(async (format: ExportFormat, options: ExportOptions = {}) => {
    await queueRef.current?.flush();
    const file = exportDocuments(format, stateRef.current.documents, options);
    download(file.fileName, file.content, file.mimeType);
    if (file.skipped.length > 0) {
      setNotice({ kind: 'info', message: `Not in the export: ${file.skipped.map((s) => `"${s.name}" (${s.reason})`).join(', ')}.` });
    }
  }, []);

  /** Every document masked, as JSONL, and its mapping file as a second download (src/formats/masked.ts). */
  const exportAllMasked = useCallback(async (style: MaskStyle, types: ReadonlySet<string>) => {
    await queueRef.current?.flush();
    const { content, mapping } = exportMasked(stateRef.current.documents, style, types);
    download('ner-documents.masked.jsonl', content, 'application/jsonl');
    download('ner-documents.mapping.json', `${JSON.stringify(mapping, null, 2)}\n`, 'application/json');
  }, []);

  const current = state.documents.find((d) => d.id === state.currentId) ?? null;
  return {
    storage: state.storage,
    documents: state.documents,
    current,
    history: state.history,
    text: state.history?.text ?? '',
    saveState,
    notice,
    invalid,
    dismissNotice: useCallback(() => setNotice(null), []),
    setText,
    dispatch,
    mergeModel,
    mergeModelInto,
    select,
    newDocument,
    rename,
    remove,
    importFromFile,
    exportAll,
    exportAllMasked,
  };
}

export type WorkspaceApi = ReturnType<typeof useWorkspace>;

/**
 * The entities to draw for `text`: the document's entities in force, with a finished model
 * analysis of the same text merged in at once (the merge is also stored, by `mergeModel`).
 */
export function useViewEntities(history: AnnotationHistory | null, analysis: { text: string; entities: readonly Entity[] } | null): ViewEntity[] {
  return useMemo(() => {
    if (!history) return [];
    const entities = analysis && analysis.text === history.text ? mergeModelRun(history.text, history.entities, analysis.entities) : history.entities;
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
  }, [history, analysis]);
}
