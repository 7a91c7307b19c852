/**
 * An adaptation in the NER worker (protocol.ts `adapt`): the loaded base model's features (its ONNX
 * session, each batch taking its turn in the worker's queue between analyses), the fit (core/adapt,
 * in slices of at most PROGRESS_MS between which the worker answers messages: analyses, a cancel),
 * then the new bundle, a copy of the base's files plus the adapted ones, checked like any bundle a
 * person loads (bundle-input.ts checkBundle) and stored as a new installed model in one step
 * (model-store.ts installFiles: nothing is listed until it is complete). A cancel, or any failure,
 * before that step leaves the model store as it was.
 */
import { adaptBundle } from '../core/adapt/adapt';
import type { RunFeatures } from '../core/adapt/sequences';
import type { BundleFiles } from '../core/bundle/bundle';
import { MODEL_CARD_PATH } from '../core/bundle/bundle';
import { createTextTokenizer } from '../core/tokenize/text-tokenizer';
import { applyHead, parseHead } from '../core/bundle/head';
import { createPipeline } from '../core/pipeline';
import { checkBundle, installIdOf, readerOf, type ReadBundleBytes } from '../models/bundle-input';
import { installFiles } from '../models/model-store';
import type { AdaptRequest, WorkerReply } from './protocol';

/** The fit hands the thread back (progress, messages) at least this often. */
const PROGRESS_MS = 50;
/** Shares of the progress bar: features, then the fit, then storing. */
const FEATURES_SHARE = 0.2;
const FIT_SHARE = 0.75;
const TRIAL_TEXT = '김철수는 2024년 3월 서울에서 삼성전자 관계자를 만났다.';

export class AdaptCancelled extends Error {
  constructor() {
    super('the adaptation was cancelled; the model store is unchanged');
  }
}

export interface AdaptContext {
  /** The loaded base bundle. */
  readonly bundle: BundleFiles;
  /** Reads a file of the base bundle (the loaded ones from memory, the others from where it was loaded). */
  readonly readBaseFile: ReadBundleBytes;
  /** The base session's features, run in the worker's queue. */
  readonly runFeatures: RunFeatures;
  readonly isCancelled: () => boolean;
  readonly post: (reply: WorkerReply) => void;
}

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** A storage id no other model has: the base's id, "adapted" and the time. */
function idSuffixNow(): string {
  const stamp = new Date().toISOString().replace(/[-:]/gu, '').replace(/\..*$/u, '');
  return `${stamp}-${Math.random().toString(36).slice(2, 6)}`;
}

export async function runAdaptJob(request: AdaptRequest, context: AdaptContext): Promise<void> {
  const { id } = request;
  const { bundle, post, isCancelled } = context;
  const started = performance.now();
  const stopIfCancelled = () => {
    if (isCancelled()) throw new AdaptCancelled();
  };
  // Every file of the base, read and checked first: a base that cannot be copied fails before any work.
  const base = await checkBundle(context.readBaseFile);
  stopIfCancelled();
  const tokenizer = createTextTokenizer(bundle.tokenizerJson, bundle.tokenizerConfig, bundle.modelConfig.specialTokens);
  const progress = (phase: 'features' | 'fitting' | 'storing', fraction: number, epoch = 0, maxEpochs = 0, bestF1: number | null = null) =>
    post({ status: 'adapt-progress', id, phase, fraction, epoch, maxEpochs, bestF1 });
  progress('features', 0);
  const result = await adaptBundle({
    bundle,
    tokenizer,
    runFeatures: context.runFeatures,
    documents: request.documents,
    idSuffix: idSuffixNow(),
    // In the page the types are the model's own (the label picker offers them) or ones the person added.
    sameLabels: true,
    ...(request.name ? { name: request.name } : {}),
    onFeatures: async (done, total) => {
      stopIfCancelled();
      progress('features', (FEATURES_SHARE * done) / total);
    },
    fit: {
      ...(request.maxEpochs === undefined ? {} : { maxEpochs: request.maxEpochs }),
      progressIntervalMs: PROGRESS_MS,
      onProgress: async ({ epoch, maxEpochs, fraction, bestF1 }) => {
        progress('fitting', FEATURES_SHARE + FIT_SHARE * fraction, epoch, maxEpochs, bestF1);
        await nextTask();
        stopIfCancelled();
      },
    },
  });
  stopIfCancelled();
  progress('storing', FEATURES_SHARE + FIT_SHARE);
  // The adapted bundle: the base's files unchanged, the new ones over them, checked as any bundle loaded.
  const files = new Map(base.files);
  for (const [path, bytes] of result.files) files.set(path, bytes);
  const checked = await checkBundle(readerOf(files));
  if (checked.modelConfig.head === null) throw new Error('the adapted bundle has no head (config.json ner.head)');
  // a trial analysis, as the installer runs one: the head over the same ONNX file's outputs
  const head = parseHead(checked.bundle.head, checked.modelConfig.labels, checked.modelConfig.head.file);
  const trial = createPipeline({
    ...checked.bundle,
    runEmissions: async (batch) => {
      const { hidden, logits } = await context.runFeatures(batch);
      return applyHead(head, hidden, logits, batch.batchSize * batch.seqLen);
    },
  });
  await trial.analyze(TRIAL_TEXT);
  stopIfCancelled();
  const modelCard = checked.files.get(MODEL_CARD_PATH);
  const stored = await installFiles(installIdOf(result.summary.id), checked.files, {
    card: checked.card,
    source: `adapted from ${bundle.modelConfig.name}`,
    modelCard: modelCard ? new TextDecoder().decode(modelCard) : null,
  });
  post({ status: 'adapted', id, model: stored.model, summary: result.summary, seconds: { ...result.seconds, total: (performance.now() - started) / 1000 } });
}
