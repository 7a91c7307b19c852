/**
 * An adaptation on Node (`npm run adapt`, the learning-curve script): the base bundle's ONNX model
 * on onnxruntime-node gives the features, the fit (core/adapt) runs in this thread, and the adapted
 * bundle is written to a new folder: a copy of the base's files plus the head, the CRF and a new
 * config.json, written under a temporary name and renamed at the end, so a failed or stopped run
 * leaves nothing behind and the base folder is never changed.
 */
import { cp, mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { onnxFileOf } from '../core/bundle/bundle';
import { adaptableProblem, type AdaptationSummary } from '../core/adapt/adapted-bundle';
import { adaptBundle, type AdaptSettings } from '../core/adapt/adapt';
import type { FitResult } from '../core/adapt/fit';
import { createTextTokenizer } from '../core/tokenize/text-tokenizer';
import { createNodeFeatureModel, readBundleFolder } from '../runtime/ort-node';

export interface NodeAdaptOptions extends AdaptSettings {
  readonly model: string;
  /** The new bundle's folder: must not exist, or be empty. */
  readonly out: string;
  /** Run the int8 file where the bundle has one (default true, as `npm run ner`). */
  readonly quantized?: boolean;
  readonly intraOpNumThreads?: number;
}

export interface NodeAdaptResult {
  readonly summary: AdaptationSummary;
  readonly fit: FitResult;
  readonly labels: readonly string[];
  readonly seconds: { readonly features: number; readonly fit: number; readonly total: number };
}

export async function adaptNode(options: NodeAdaptOptions): Promise<NodeAdaptResult> {
  const out = resolve(options.out);
  await checkOutFolder(out);
  const bundle = await readBundleFolder(options.model);
  const problem = adaptableProblem(bundle.config);
  if (problem) throw new Error(problem);
  const { modelConfig } = bundle;
  const tokenizer = createTextTokenizer(bundle.tokenizerJson, bundle.tokenizerConfig, modelConfig.specialTokens);
  const onnxPath = join(options.model, onnxFileOf(modelConfig, options.quantized ?? true));
  const model = await createNodeFeatureModel(onnxPath, modelConfig, { intraOpNumThreads: options.intraOpNumThreads });
  let result;
  try {
    result = await adaptBundle({ ...options, bundle, tokenizer, runFeatures: model.runFeatures, idSuffix: basename(out) });
  } finally {
    await model.release();
  }
  await writeBundleFolder(options.model, out, result.files);
  return { summary: result.summary, fit: result.fit, labels: result.labels, seconds: result.seconds };
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
