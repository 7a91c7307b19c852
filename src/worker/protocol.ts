/**
 * Messages between the UI and the NER worker (ner.worker.ts). Both sides import these
 * types; every switch on `type` / `status` ends in a `never` default.
 *
 * UI -> worker: `load` (a bundle, once or again to switch), `analyze` (carries an id), `adapt` and
 * `cancel-adapt` (carry the adaptation's id).
 * Worker -> UI: `loading | progress | ready | partial | result | skipped | error`, and for an
 * adaptation `adapt-progress | adapted | adapt-failed`. `partial`,
 * `result`, `skipped` and an `error` about a request carry that request's id, so the UI can drop
 * stale answers.
 */
import type { AnalyzeStats, CharRange, Entity } from '../core/pipeline';
import type { BackendPreference } from '../runtime/backends';
import type { BackendReport } from '../runtime/ort-web';
import type { ModelInfo } from '../models/model-info';
import type { InstalledModel } from '../models/model-store';
import type { AdaptationSummary } from '../core/adapt/adapted-bundle';
import type { TrainingDocument } from '../core/adapt/training-data';

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
  /** A character just edited: its sentences are analysed first, then the rest (absent: reading order). */
  readonly focusChar?: number;
}

/**
 * Adapt the loaded model (a base bundle with the hidden-states output) to decided documents
 * (docs/adaptation.md). The features take turns with analyses on the loaded session; the fit runs
 * between them, so the page's analyses go on. The result is stored as a new installed model
 * (models/model-store.ts), or nothing is stored (cancelled, failed).
 */
export interface AdaptRequest {
  readonly type: 'adapt';
  readonly id: number;
  readonly documents: readonly TrainingDocument[];
  /** The new model's name (absent: "<base name>, adapted to N documents"). */
  readonly name?: string;
  /** Epochs at most (absent: the fit's default). */
  readonly maxEpochs?: number;
}

/** Stops the adaptation `id`; answered `adapt-failed` with `cancelled: true` unless it was already storing. */
export interface CancelAdaptRequest {
  readonly type: 'cancel-adapt';
  readonly id: number;
}

export type WorkerRequest = LoadRequest | AnalyzeRequest | AdaptRequest | CancelAdaptRequest;

/** The running model: its metadata (models/model-info.ts), the file in use and MODEL_CARD.md. */
export interface ModelSummary extends ModelInfo {
  readonly maxSeqLength: number;
  readonly onnxFile: string;
  readonly onnxBytes: number;
  /** MODEL_CARD.md as plain text; null when the bundle has none. */
  readonly modelCard: string | null;
  /** Why this model cannot be adapted (no hidden-states output, itself adapted), or null: it can. */
  readonly adaptProblem: string | null;
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

/** A long analysis under way: the parts of the text finished and every entity in them, sent now and then before its `result`. */
export interface PartialReply {
  readonly status: 'partial';
  readonly id: number;
  /** In order, none touching the next. */
  readonly done: readonly CharRange[];
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

/** Where an adaptation stands: `fraction` of the whole (features, fit, storing), the best held-out F1 so far. */
export interface AdaptProgressReply {
  readonly status: 'adapt-progress';
  readonly id: number;
  readonly phase: 'features' | 'fitting' | 'storing';
  readonly fraction: number;
  readonly epoch: number;
  readonly maxEpochs: number;
  readonly bestF1: number | null;
}

export interface AdaptedReply {
  readonly status: 'adapted';
  readonly id: number;
  readonly model: InstalledModel;
  readonly summary: AdaptationSummary;
  /** In the worker: features, fit and the whole (storing included). */
  readonly seconds: { readonly features: number; readonly fit: number; readonly total: number };
}

export interface AdaptFailedReply {
  readonly status: 'adapt-failed';
  readonly id: number;
  readonly message: string;
  readonly cancelled: boolean;
}

export type WorkerReply =
  | LoadingReply
  | ProgressReply
  | ReadyReply
  | PartialReply
  | ResultReply
  | SkippedReply
  | ErrorReply
  | AdaptProgressReply
  | AdaptedReply
  | AdaptFailedReply;

