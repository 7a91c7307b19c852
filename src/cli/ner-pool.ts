/**
 * `--jobs N`: N worker threads (ner-worker.ts), each with its own pipeline and ONNX Runtime
 * session on the bundle, so documents are analysed on every core at once. Each document goes
 * to the worker with the fewest in hand; answers come back by id (the CLI puts them in input
 * order). A worker that dies fails the documents it held, and the others go on.
 */
import { Worker } from 'node:worker_threads';
import type { Entity } from '../core/pipeline';

/** What the CLI needs of a model: entities of one document at a time, many in flight. */
export interface Analyzer {
  analyze(text: string): Promise<Entity[]>;
  release(): Promise<void>;
}

export interface PoolWorkerData {
  readonly folder: string;
  readonly intraOpNumThreads: number;
  /** --tag-set; undefined: the model's default. A name the model lacks fails the worker's load. */
  readonly tagSet?: string;
}

/** Worker -> pool. */
export type PoolReply =
  | { readonly kind: 'ready' }
  | { readonly kind: 'failed'; readonly message: string }
  | { readonly kind: 'result'; readonly id: number; readonly entities: Entity[] }
  | { readonly kind: 'error'; readonly id: number; readonly message: string };

/** Pool -> worker: a document to analyse. */
export interface PoolRequest {
  readonly id: number;
  readonly text: string;
}

interface Pending {
  resolve(entities: Entity[]): void;
  reject(error: Error): void;
}

interface PoolWorker {
  readonly worker: Worker;
  readonly pending: Map<number, Pending>;
  alive: boolean;
}

export async function loadWorkerPool(folder: string, jobs: number, cores: number, threads?: number, tagSet?: string): Promise<Analyzer> {
  if (!Number.isInteger(jobs) || jobs < 1) throw new Error(`expected a positive whole number of jobs, got ${jobs}`);
  if (threads !== undefined && (!Number.isInteger(threads) || threads < 1)) throw new Error(`expected a positive whole number of threads, got ${threads}`);
  // by default the cores shared out: ONNX Runtime threads of all the workers together never exceed them
  const workerData: PoolWorkerData = { folder, intraOpNumThreads: threads ?? Math.max(1, Math.floor(cores / jobs)), tagSet };
  const workers: PoolWorker[] = [];
  const started = Array.from({ length: jobs }, () => {
    const entry: PoolWorker = { worker: new Worker(new URL('./ner-worker-start.mjs', import.meta.url), { workerData }), pending: new Map(), alive: true };
    workers.push(entry);
    return new Promise<void>((resolve, reject) => {
      const fail = (message: string) => {
        entry.alive = false;
        reject(new Error(message));
        for (const [id, pending] of entry.pending) {
          entry.pending.delete(id);
          pending.reject(new Error(`a worker stopped: ${message}`));
        }
      };
      entry.worker.on('message', (reply: PoolReply) => {
        switch (reply.kind) {
          case 'ready':
            resolve();
            break;
          case 'failed':
            fail(reply.message);
            break;
          case 'result':
          case 'error': {
            const pending = entry.pending.get(reply.id);
            entry.pending.delete(reply.id);
            if (reply.kind === 'result') pending?.resolve(reply.entities);
            else pending?.reject(new Error(reply.message));
            break;
          }
          default: {
            const unknown: never = reply;
            fail(`unknown reply ${JSON.stringify(unknown)}`);
          }
        }
      });
      entry.worker.on('error', (error) => fail(error.message));
      entry.worker.on('exit', (code) => {
        if (entry.alive) fail(`exited with code ${code}`);
      });
    });
  });
  // Every worker is heard from (ready or failed) before any is stopped: a worker terminated while it is
  // inside ONNX Runtime's native session creation aborts the whole process (SIGABRT, "terminate called after
  // throwing an instance of 'Napi::Error'"; seen with --jobs 2 and an unknown tag set), instead of the clean
  // exit 2 the failure deserves.
  const outcomes = await Promise.allSettled(started);
  const failure = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  if (failure) {
    await Promise.all(workers.map(({ worker }) => worker.terminate()));
    throw failure.reason;
  }

  let nextId = 0;
  return {
    analyze(text) {
      const live = workers.filter((entry) => entry.alive);
      if (live.length === 0) return Promise.reject(new Error('every worker has stopped'));
      const least = live.reduce((best, entry) => (entry.pending.size < best.pending.size ? entry : best));
      const id = nextId++;
      return new Promise((resolve, reject) => {
        least.pending.set(id, { resolve, reject });
        const request: PoolRequest = { id, text };
        least.worker.postMessage(request);
      });
    },
    async release() {
      for (const entry of workers) entry.alive = false;
      await Promise.all(workers.map(({ worker }) => worker.terminate()));
    },
  };
}
