/**
 * Debounced saving: edits are collected per document and written `delayMs` after the last
 * one (or at once by `flush`, e.g. on `visibilitychange`/`pagehide`). A failed write keeps its
 * document queued (unless a newer version was queued meanwhile), and the state says so until
 * a later write succeeds: nothing is dropped silently. The state is what the UI shows:
 * "saved", "unsaved changes", "saving…", or the failure.
 */
import type { AnnotatedDocument } from '../annotation/document';
import type { StorageFailure, WriteResult } from './write-result';

export type SaveState =
  | { readonly status: 'saved' }
  | { readonly status: 'pending'; readonly count: number }
  | { readonly status: 'saving'; readonly count: number }
  | { readonly status: 'error'; readonly failure: StorageFailure; readonly unsavedIds: readonly string[] };

export interface SaveQueueOptions {
  readonly write: (document: AnnotatedDocument) => Promise<WriteResult>;
  readonly delayMs?: number;
  readonly onState?: (state: SaveState) => void;
}

export interface SaveQueue {
  schedule(document: AnnotatedDocument): void;
  /** Writes everything queued now; resolves when done (successfully or not). */
  flush(): Promise<SaveState>;
  /** Forgets a queued version (the document was deleted). */
  cancel(id: string): void;
  /** True while a version of the document is queued or being written: this tab has edits not yet stored. */
  isPending(id: string): boolean;
  /** The documents queued or being written now (the latest queued version of each). */
  unsaved(): AnnotatedDocument[];
  readonly state: SaveState;
}

export function createSaveQueue({ write, delayMs = 500, onState }: SaveQueueOptions): SaveQueue {
  const queued = new Map<string, AnnotatedDocument>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let state: SaveState = { status: 'saved' };
  let lastFailure: StorageFailure | null = null;
  let running: Promise<SaveState> | null = null;
  const writing = new Map<string, AnnotatedDocument>();

  const setState = (next: SaveState) => {
    state = next;
    onState?.(next);
  };
  const idleState = (): SaveState =>
    queued.size === 0 ? { status: 'saved' } : lastFailure ? { status: 'error', failure: lastFailure, unsavedIds: [...queued.keys()] } : { status: 'pending', count: queued.size };

  async function drain(): Promise<SaveState> {
    while (queued.size > 0) {
      const batch = [...queued.values()];
      queued.clear();
      setState({ status: 'saving', count: batch.length });
      let failed = false;
      for (const document of batch) {
        writing.set(document.id, document);
        const result = await write(document).finally(() => writing.delete(document.id));
        if (!result.ok) {
          failed = true;
          lastFailure = result.failure;
          // Keep the unsaved version unless the user changed the document meanwhile.
          if (!queued.has(document.id)) queued.set(document.id, document);
        }
      }
      if (failed) break;
      lastFailure = null;
    }
    setState(idleState());
    return state;
  }

  const flush = (): Promise<SaveState> => {
    clearTimeout(timer);
    timer = undefined;
    // One drain at a time; a flush during a drain waits for it, then drains what is left.
    const mine = (running ?? Promise.resolve(state)).then(drain);
    running = mine;
    void mine.finally(() => {
      if (running === mine) running = null;
    });
    return mine;
  };

  return {
    schedule(document) {
      queued.set(document.id, document);
      if (state.status !== 'saving') setState(idleState());
      clearTimeout(timer);
      timer = setTimeout(() => void flush(), delayMs);
    },
    flush,
    cancel(id) {
      queued.delete(id);
      if (state.status !== 'saving') setState(idleState());
    },
    unsaved() {
      return [...new Map([...writing, ...queued]).values()];
    },
    isPending(id) {
      return queued.has(id) || writing.has(id);
    },
    get state() {
      return state;
    },
  };
}
