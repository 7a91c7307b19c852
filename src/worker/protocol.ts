/**
 * Messages between the UI and the NER worker (ner.worker.ts). Both sides import these
 * types; every switch on `type` / `status` ends in a `never` default.
 *
 * UI -> worker: `load` (a bundle, once or again to switch), `analyze` (carries an id).
 * Worker -> UI: `loading | progress | ready | partial | result | skipped | error`. `partial`,
 * `result`, `skipped` and an `error` about a request carry that request's id, so the UI can drop
 * stale answers.
 */
import type { AnalyzeStats, Entity } from '../core/pipeline';
import type { BackendPreference } from '../runtime/backends';
import type { BackendReport } from '../runtime/ort-web';
import type { ModelInfo } from '../models/model-info';

/** Texts beyond this are refused with a message rather than left to exhaust memory. */
export const MAX_TEXT_LENGTH = 2_000_000;

export interface LoadRequest {
  readonly type: 'load';
  /** Absolute URL of the bundle folder, ending in "/", e.g. https://host/models/default/. */
  readonly modelUrl: string;
  readonly backend: BackendPreference;
  /** Use config.ner.onnx_quantized (int8) when the bundle has one. */
  readonly quantized: boolean;
}

export interface AnalyzeRequest {
  readonly type: 'analyze';
  readonly id: number;
  readonly text: string;
  /**
   * Live typing: a newer replaceable request drops this one if it has not started yet
   * (answered `skipped`). Batch work leaves it false so that every request is answered.
   */
  readonly replaceable: boolean;
  /** The model's tag set to decode (ModelSummary.tagSets); absent: its default. The model is not reloaded. */
  readonly tagSet?: string;
}

export type WorkerRequest = LoadRequest | AnalyzeRequest;

/** The running model: its metadata (models/model-info.ts), the file in use and MODEL_CARD.md. */
export interface ModelSummary extends ModelInfo {
  readonly maxSeqLength: number;
  readonly onnxFile: string;
  readonly onnxBytes: number;
  /** MODEL_CARD.md as plain text; null when the bundle has none. */
  readonly modelCard: string | null;
}

export interface LoadingReply {
  readonly status: 'loading';
  readonly modelUrl: string;
}

/** Download progress of one bundle file; `total` is null when the server gives no length. */
export interface ProgressReply {
  readonly status: 'progress';
  readonly file: string;
  readonly loaded: number;
  readonly total: number | null;
  readonly done: boolean;
}

export interface ReadyReply {
  readonly status: 'ready';
  readonly model: ModelSummary;
  readonly backend: BackendReport;
  readonly msLoad: number;
  readonly msWarmup: number;
}

export interface ResultReply {
  readonly status: 'result';
  readonly id: number;
  readonly entities: readonly Entity[];
  /** The tag set whose labels the entities carry. */
  readonly tagSet: string;
  readonly stats: AnalyzeStats;
  /** In the worker, from the start of this request's turn to its end. */
  readonly msTotal: number;
}

/** A long analysis under way: every entity of text[0, charEnd), sent now and then before its `result`. */
export interface PartialReply {
  readonly status: 'partial';
  readonly id: number;
  readonly charEnd: number;
  readonly entities: readonly Entity[];
}

export interface SkippedReply {
  readonly status: 'skipped';
  readonly id: number;
}

export interface ErrorReply {
  readonly status: 'error';
  /** The analyze request that failed; null for a failed load. */
  readonly id: number | null;
  readonly message: string;
}

export type WorkerReply = LoadingReply | ProgressReply | ReadyReply | PartialReply | ResultReply | SkippedReply | ErrorReply;

