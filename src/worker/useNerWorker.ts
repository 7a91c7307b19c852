/**
 * The one owner of the NER worker: creates it once, (re)loads a bundle when the choice
 * changes, and turns `analyze` requests into promises matched to replies by id.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AnalyzeStats, CharRange, Entity } from '../core/pipeline';
import type { BackendReport } from '../runtime/ort-web';
import type { AdaptFailedReply, AdaptProgressReply, AdaptRequest, AdaptedReply, ModelSummary, WorkerReply, WorkerRequest } from './protocol';
import { modelUrlOf, type ModelChoice } from '../models/model-choice';

export interface FileProgress {
  readonly loaded: number;
  readonly total: number | null;
  readonly done: boolean;
}

export type WorkerState =
  | { readonly phase: 'loading'; readonly modelUrl: string; readonly files: Readonly<Record<string, FileProgress>> }
  | { readonly phase: 'ready'; readonly model: ModelSummary; readonly backend: BackendReport; readonly msLoad: number; readonly msWarmup: number }
  | { readonly phase: 'failed'; readonly message: string };

export type AnalyzeOutcome =
  | { readonly kind: 'result'; readonly entities: readonly Entity[]; readonly tagSet: string; readonly stats: AnalyzeStats; readonly msWorker: number }
  /** A newer replaceable request came in before this one started. */
  | { readonly kind: 'skipped' };

export interface AnalyzeOptions {
  /** Live typing: let a newer replaceable request drop this one while it waits. */
  readonly replaceable?: boolean;
  /** A long text's entities so far: the parts finished (in order) and every entity in them, before the result. */
  readonly onPartial?: (done: readonly CharRange[], entities: readonly Entity[]) => void;
  /** The model's tag set to decode (absent: its default); switching does not reload the model. */
  readonly tagSet?: string;
  /** A character just edited: its sentences are analysed before the rest. */
  readonly focusChar?: number;
}

/** An adaptation running in the worker: its end (stored, or failed / cancelled with nothing stored), and a way to stop it. */
export interface AdaptJob {
  readonly id: number;
  readonly done: Promise<AdaptedReply | AdaptFailedReply>;
  cancel(): void;
}

export type AdaptOptions = Omit<AdaptRequest, 'type' | 'id'>;

export interface NerWorker {
  readonly state: WorkerState;
  analyze(text: string, options?: AnalyzeOptions): Promise<AnalyzeOutcome>;
  /** Adapts the loaded model to documents (protocol.ts AdaptRequest); progress as it goes. */
  adapt(options: AdaptOptions, onProgress: (progress: AdaptProgressReply) => void): AdaptJob;
}

interface PendingAdapt {
  onProgress(progress: AdaptProgressReply): void;
  resolve(reply: AdaptedReply | AdaptFailedReply): void;
}

interface Pending {
  onPartial?: AnalyzeOptions['onPartial'];
  resolve(outcome: AnalyzeOutcome): void;
  reject(error: Error): void;
}

function createWorker(): Worker {
  return new Worker(new URL('../worker/ner.worker.ts', import.meta.url), { type: 'module', name: 'ner' });
}

function loadRequestOf({ modelId, backend, quantized }: ModelChoice): WorkerRequest {
  return { type: 'load', modelUrl: modelUrlOf(modelId), backend, quantized };
}

/** A worker started before the page's first render, its first load sent, its replies kept until the hook listens. */
interface EarlyWorker {
  readonly worker: Worker;
  readonly loadKey: string;
  readonly events: (MessageEvent<WorkerReply> | ErrorEvent)[];
  readonly keep: (event: MessageEvent<WorkerReply> | ErrorEvent) => void;
}
let early: EarlyWorker | null = null;

/**
 * Starts the NER worker and its first model load now, before React renders the page (the
 * worker's script, ONNX Runtime and the model then load while the page is built). The first
 * `useNerWorker` takes it over, replies included; without this call it starts its own.
 */
export function startNerWorker(choice: ModelChoice): void {
  if (early !== null || typeof Worker === 'undefined') return;
  const worker = createWorker();
  const events: EarlyWorker['events'] = [];
  const keep = (event: MessageEvent<WorkerReply> | ErrorEvent) => events.push(event);
  worker.addEventListener('message', keep);
  worker.addEventListener('error', keep);
  const request = loadRequestOf(choice);
  worker.postMessage(request);
  early = { worker, loadKey: JSON.stringify(request), events, keep };
}

export function useNerWorker(choice: ModelChoice): NerWorker {
  const workerRef = useRef<Worker | null>(null);
  const pendingRef = useRef(new Map<number, Pending>());
  const adaptsRef = useRef(new Map<number, PendingAdapt>());
  const nextIdRef = useRef(1);
  const [state, setState] = useState<WorkerState>({ phase: 'loading', modelUrl: modelUrlOf(choice.modelId), files: {} });

  // The load last sent, so a render that asks for the same model again sends nothing.
  const sentLoadRef = useRef<string | null>(null);
  const earlyRef = useRef<EarlyWorker | null>(null);

  // Created once for the page's life (StrictMode's second effect run finds it already there).
  if (workerRef.current === null && typeof Worker !== 'undefined') {
    if (early !== null) {
      earlyRef.current = early;
      workerRef.current = early.worker;
      sentLoadRef.current = early.loadKey;
      early = null;
    } else {
      workerRef.current = createWorker();
    }
  }

  useEffect(() => {
    const worker = workerRef.current;
    if (!worker) return;
    const pending = pendingRef.current;
    const adapts = adaptsRef.current;
    const settle = (id: number, settleWith: (entry: Pending) => void) => {
      const entry = pending.get(id);
      if (!entry) return;
      pending.delete(id);
      settleWith(entry);
    };
    const onMessage = (event: MessageEvent<WorkerReply>) => {
      const reply = event.data;
      switch (reply.status) {
        case 'loading':
          setState({ phase: 'loading', modelUrl: reply.modelUrl, files: {} });
          break;
        case 'progress':
          setState((previous) =>
            previous.phase === 'loading'
              ? { ...previous, files: { ...previous.files, [reply.file]: { loaded: reply.loaded, total: reply.total, done: reply.done } } }
              : previous,
          );
          break;
        case 'ready':
          setState({ phase: 'ready', model: reply.model, backend: reply.backend, msLoad: reply.msLoad, msWarmup: reply.msWarmup });
          break;
        case 'partial':
          pending.get(reply.id)?.onPartial?.(reply.done, reply.entities);
          break;
        case 'result':
          settle(reply.id, (entry) => entry.resolve({ kind: 'result', entities: reply.entities, tagSet: reply.tagSet, stats: reply.stats, msWorker: reply.msTotal }));
          break;
        case 'skipped':
          settle(reply.id, (entry) => entry.resolve({ kind: 'skipped' }));
          break;
        case 'error':
          if (reply.id === null) setState({ phase: 'failed', message: reply.message });
          else settle(reply.id, (entry) => entry.reject(new Error(reply.message)));
          break;
        case 'adapt-progress':
          adapts.get(reply.id)?.onProgress(reply);
          break;
        case 'adapted':
        case 'adapt-failed':
          adapts.get(reply.id)?.resolve(reply);
          adapts.delete(reply.id);
          break;
        default: {
          const unknown: never = reply;
          console.error('ner worker: unknown reply', unknown);
        }
      }
    };
    // A worker that dies (out of memory, a script that fails to load) answers nothing more.
    const onError = (event: ErrorEvent) => {
      const message = `the NER worker stopped: ${event.message || 'its script failed to load or ran out of memory'}`;
      setState({ phase: 'failed', message });
      for (const [id, entry] of pending) {
        pending.delete(id);
        entry.reject(new Error(message));
      }
      for (const [id, entry] of adapts) {
        adapts.delete(id);
        entry.resolve({ status: 'adapt-failed', id, message, cancelled: false });
      }
    };
    worker.addEventListener('message', onMessage);
    worker.addEventListener('error', onError);
    // what an early-started worker said before anyone listened, in order
    const started = earlyRef.current;
    if (started) {
      earlyRef.current = null;
      worker.removeEventListener('message', started.keep);
      worker.removeEventListener('error', started.keep);
      for (const event of started.events) {
        if (event instanceof ErrorEvent) onError(event);
        else onMessage(event);
      }
    }
    return () => {
      worker.removeEventListener('message', onMessage);
      worker.removeEventListener('error', onError);
    };
  }, []);

  const { modelId, backend, quantized } = choice;
  useEffect(() => {
    const request = loadRequestOf({ modelId, backend, quantized });
    const key = JSON.stringify(request);
    if (key === sentLoadRef.current) return;
    sentLoadRef.current = key;
    workerRef.current?.postMessage(request);
  }, [modelId, backend, quantized]);

  const analyze = useCallback((text: string, options: AnalyzeOptions = {}): Promise<AnalyzeOutcome> => {
    const worker = workerRef.current;
    if (!worker) return Promise.reject(new Error('this browser has no Web Workers'));
    const id = nextIdRef.current++;
    return new Promise<AnalyzeOutcome>((resolve, reject) => {
      pendingRef.current.set(id, { onPartial: options.onPartial, resolve, reject });
      const request: WorkerRequest = {
        type: 'analyze',
        id,
        text,
        replaceable: options.replaceable ?? false,
        ...(options.tagSet === undefined ? {} : { tagSet: options.tagSet }),
        ...(options.focusChar === undefined ? {} : { focusChar: options.focusChar }),
      };
      worker.postMessage(request);
    });
  }, []);

  const adapt = useCallback((options: AdaptOptions, onProgress: (progress: AdaptProgressReply) => void): AdaptJob => {
    const worker = workerRef.current;
    const id = nextIdRef.current++;
    if (!worker) return { id, done: Promise.resolve({ status: 'adapt-failed', id, message: 'this browser has no Web Workers', cancelled: false }), cancel: () => {} };
    const done = new Promise<AdaptedReply | AdaptFailedReply>((resolve) => adaptsRef.current.set(id, { onProgress, resolve }));
    const request: WorkerRequest = { type: 'adapt', id, ...options };
    worker.postMessage(request);
    return { id, done, cancel: () => worker.postMessage({ type: 'cancel-adapt', id } satisfies WorkerRequest) };
  }, []);

  return { state, analyze, adapt };
}
