/**
 * An adaptation on Node (`npm run adapt`, the learning-curve script): the base bundle's ONNX model
 * on onnxruntime-node gives the features, the fit (core/adapt) runs in this thread, and the adapted
 * bundle is written to a new folder: a copy of the base's files plus the head, the CRF and a new
 * config.json, written under a temporary name and renamed at the end, so a failed or stopped run
 * leaves nothing behind and the base folder is never changed.
 */
import { cp, mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { onnxFileOf, parseCrf } from '../core/bundle/bundle';
import { adaptableProblem, adaptedBundleFiles, type AdaptationSummary } from '../core/adapt/adapted-bundle';
import { baseAgreement, fitAdaptation, warmStartTypes, type FitOptions, type FitResult } from '../core/adapt/fit';
import { labelClashes, renameLabels } from '../core/adapt/labels';
import { trainingSequences } from '../core/adapt/sequences';
import { adaptedLabels, tooFewProblem, typeCounts, type TrainingDocument } from '../core/adapt/training-data';
import { parseBioLabel } from '../core/labels/bio';
import { createTextTokenizer } from '../core/tokenize/text-tokenizer';
import { createNodeFeatureModel, readBundleFolder } from '../runtime/ort-node';

export interface NodeAdaptOptions {
  readonly model: string;
  readonly documents: readonly TrainingDocument[];
  /** The new bundle's folder: must not exist, or be empty. */
  readonly out: string;
  readonly renames?: ReadonlyMap<string, string>;
  /** Take a type named as one of the base model's as that type even where the base disagrees with the file. */
  readonly sameLabels?: boolean;
  readonly name?: string;
  /** Run the int8 file where the bundle has one (default true, as `npm run ner`). */
  readonly quantized?: boolean;
  readonly fit?: FitOptions;
  /** Base type -> adapted type, for the base model's held-out score only (e.g. PER -> PS). */
  readonly baseLabelMap?: ReadonlyMap<string, string | null>;
  readonly log?: (line: string) => void;
  readonly intraOpNumThreads?: number;
  /** Entities a new type needs (default MIN_NEW_TYPE_ENTITIES; the learning curve's smallest sizes take 1). */
  readonly minNewTypeEntities?: number;
}

export interface NodeAdaptResult {
  readonly summary: AdaptationSummary;
  readonly fit: FitResult;
  readonly labels: readonly string[];
  readonly seconds: { readonly features: number; readonly fit: number; readonly total: number };
}

export async function adaptNode(options: NodeAdaptOptions): Promise<NodeAdaptResult> {
  const started = performance.now();
  const log = options.log ?? (() => {});
  const out = resolve(options.out);
  await checkOutFolder(out);
  const bundle = await readBundleFolder(options.model);
  const problem = adaptableProblem(bundle.config);
  if (problem) throw new Error(problem);
  const { modelConfig } = bundle;
  const documents = renameLabels(options.documents, options.renames ?? new Map());
  const tooFew = tooFewProblem(documents, modelConfig.labels, null);
  if (tooFew) throw new Error(tooFew);
  const counts = typeCounts(documents);
  const types = [...counts.keys()];
  const labels = adaptedLabels(types, modelConfig.labels);
  const baseTypes = new Set(modelConfig.labels.map(parseBioLabel).flatMap((tag) => (tag.kind === 'other' ? [] : [tag.type])));
  const newTypes = types.filter((type) => !baseTypes.has(type));
  const hiddenSize = Number((bundle.config as { hidden_size?: unknown }).hidden_size);
  if (!Number.isInteger(hiddenSize) || hiddenSize < 1) throw new Error('config.json: expected hidden_size to be a positive integer');
  log(`adapt: ${documents.length} documents, ${[...counts.values()].reduce((sum, count) => sum + count.entities, 0)} entities; tag set ${types.join(', ')}${newTypes.length > 0 ? ` (new: ${newTypes.join(', ')})` : ''}`);

  const tokenizer = createTextTokenizer(bundle.tokenizerJson, bundle.tokenizerConfig, modelConfig.specialTokens);
  const onnxPath = join(options.model, onnxFileOf(modelConfig, options.quantized ?? true));
  const model = await createNodeFeatureModel(onnxPath, modelConfig, { intraOpNumThreads: options.intraOpNumThreads });
  let sequences;
  try {
    sequences = await trainingSequences(documents, labels, modelConfig, tokenizer, model.runFeatures, hiddenSize);
  } finally {
    await model.release();
  }
  const featuresDone = performance.now();
  const baseSetup = { labels, hiddenSize, baseLabels: modelConfig.labels, baseCrf: parseCrf(bundle.crf, modelConfig.labels, modelConfig.crfPath), baseLabelMap: options.baseLabelMap };
  if (!options.sameLabels) {
    const clash = labelClashes(baseAgreement(sequences, baseSetup));
    if (clash) throw new Error(clash);
  }
  const initialTypes = warmStartTypes(sequences, baseSetup);
  const tooFewOfType = tooFewProblem(documents, modelConfig.labels, new Set(initialTypes.keys()), options.minNewTypeEntities);
  if (tooFewOfType) throw new Error(tooFewOfType);
  const setup = { ...baseSetup, initialTypes };
  if (initialTypes.size > 0) log(`adapt: new types start from the base model's ${[...initialTypes].map(([type, from]) => `${from} (${type})`).join(', ')}`);
  log(`adapt: features of ${sequences.length} windows in ${((featuresDone - started) / 1000).toFixed(1)} s; fitting`);
  const fit = await fitAdaptation(sequences, setup, options.fit);
  const fitDone = performance.now();
  const entities = [...counts.values()].reduce((sum, count) => sum + count.entities, 0);
  const summary: AdaptationSummary = {
    id: `${modelConfig.id}-adapted-${basename(out).replace(/[^\w.-]+/gu, '-')}`,
    name: options.name ?? `${modelConfig.name}, adapted to ${documents.length} documents`,
    documents: documents.length,
    entities,
    trainDocuments: fit.trainDocuments,
    heldOutDocuments: fit.heldOutDocuments,
    heldOutF1: fit.heldOut?.adapted.f1 ?? null,
    baseHeldOutF1: fit.heldOut?.base.f1 ?? null,
    epochs: fit.epochs,
    seconds: (fitDone - started) / 1000,
    newTypes,
    createdAt: new Date().toISOString(),
  };
  const files = await adaptedBundleFiles(bundle.config, fit.head, fit.crf, summary);
  await writeBundleFolder(options.model, out, files);
  const total = (performance.now() - started) / 1000;
  return { summary, fit, labels, seconds: { features: (featuresDone - started) / 1000, fit: (fitDone - featuresDone) / 1000, total } };
}

async function checkOutFolder(out: string): Promise<void> {
  try {
    if (!(await stat(out)).isDirectory() || (await readdir(out)).length > 0) throw new Error(`${out} already exists and is not an empty folder: choose another --out (nothing was written)`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/** The base folder copied, the new files over it, under a temporary name renamed to `out` at the end. */
async function writeBundleFolder(baseFolder: string, out: string, files: ReadonlyMap<string, Uint8Array>): Promise<void> {
  const partial = join(dirname(out), `.${basename(out)}.partial-${process.pid}`);
  await rm(partial, { recursive: true, force: true });
  try {
    await mkdir(dirname(out), { recursive: true });
    await cp(baseFolder, partial, { recursive: true });
    for (const [path, bytes] of files) await writeFile(join(partial, path), bytes);
    await rm(out, { recursive: true, force: true }); // empty (checkOutFolder)
    await rename(partial, out);
  } catch (error) {
    await rm(partial, { recursive: true, force: true });
    throw error;
  }
}
