/**
 * The emission model on onnxruntime-node (CLI and integration tests). The only Node
 * module that imports ONNX Runtime; the browser has its own (ort-web.ts); both hand their
 * session to the one adapter (session.ts).
 */
import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { onnxFileOf, readBundleFiles, rowsIndependent, verifyBundleFiles, type BundleFiles, type ModelConfig } from '../core/bundle/bundle';
import { createPipeline, type Pipeline, type RunEmissions } from '../core/pipeline';
import { parseHead } from '../core/bundle/head';
import type { RunFeatures } from '../core/adapt/sequences';
import { emissionRunner } from './session';
import { featureRunner, headEmissionRunner } from './head-session';

export interface NodeEmissionModel {
  readonly runEmissions: RunEmissions;
  release(): Promise<void>;
}

export interface NodeModelOptions {
  /** ONNX Runtime's threads for one run (default: its own choice, one per core); 1 for one of several CLI jobs. */
  readonly intraOpNumThreads?: number;
}

/** Opens an ONNX emission model; runs are queued one at a time on the session (session.ts). */
export async function createNodeEmissionModel(onnxPath: string, config: ModelConfig, options: NodeModelOptions & { headJson?: unknown } = {}): Promise<NodeEmissionModel> {
  const session = await openSession(onnxPath, options);
  // an adapted bundle (ner.head): its emissions are computed from the hidden states (runtime/head-session.ts)
  const runEmissions = config.head
    ? headEmissionRunner(ort.Tensor, session, config, parseHead(options.headJson, config.labels, config.head.file), onnxPath)
    : emissionRunner(ort.Tensor, session, config, { where: onnxPath });
  return { runEmissions, release: () => session.release() };
}

function openSession(onnxPath: string, options: NodeModelOptions) {
  const threads = options.intraOpNumThreads === undefined ? {} : { intraOpNumThreads: options.intraOpNumThreads, interOpNumThreads: 1 };
  return ort.InferenceSession.create(onnxPath, { graphOptimizationLevel: 'all', ...threads });
}

/** The hidden states and base logits of a base bundle's ONNX file, what an adaptation fits on (core/adapt). */
export async function createNodeFeatureModel(onnxPath: string, config: ModelConfig, options: NodeModelOptions = {}): Promise<{ runFeatures: RunFeatures; release(): Promise<void> }> {
  const session = await openSession(onnxPath, options);
  return { runFeatures: featureRunner(ort.Tensor, session, config, onnxPath), release: () => session.release() };
}

/** Reads a bundle folder from disk: null for a missing file. */
export async function readBundleFolder(folder: string): Promise<BundleFiles> {
  return (await readBundleFolderKept(folder)).bundle;
}

/** The bundle's JSON files, and the bytes each was read from (checked against ner.files without reading twice). */
async function readBundleFolderKept(folder: string): Promise<{ bundle: BundleFiles; files: Map<string, Uint8Array> }> {
  const files = new Map<string, Uint8Array>();
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true }); // as readFile(path, 'utf8') decodes
  const bundle = await readBundleFiles(async (relativePath) => {
    try {
      const bytes = await readFile(join(folder, relativePath));
      files.set(relativePath, bytes);
      return decoder.decode(bytes);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  });
  return { bundle, files };
}

export interface NodePipeline {
  readonly pipeline: Pipeline;
  release(): Promise<void>;
}

/**
 * A pipeline on a bundle folder, its model on onnxruntime-node. Like the browser, it runs the
 * bundle's int8 model (config ner.onnx_quantized) when there is one, unless quantized is false.
 */
export async function loadNodePipeline(folder: string, options: { quantized?: boolean } & NodeModelOptions = {}): Promise<NodePipeline> {
  const { bundle, files } = await readBundleFolderKept(folder);
  const { modelConfig } = bundle;
  const onnxRelativePath = onnxFileOf(modelConfig, options.quantized ?? true);
  const onnxPath = join(folder, onnxRelativePath);
  try {
    await access(onnxPath);
  } catch {
    throw new Error(`model bundle: missing file ${onnxRelativePath}`);
  }
  // The files this pipeline uses, against config.json's digests (a half-copied or mixed folder):
  // the JSON files as they were read; the ONNX file once more (ONNX Runtime opens it by path).
  if (modelConfig.files.has(onnxRelativePath)) files.set(onnxRelativePath, await readFile(onnxPath));
  await verifyBundleFiles(modelConfig, files);
  const model = await createNodeEmissionModel(onnxPath, modelConfig, { ...options, headJson: bundle.head });
  // onnxruntime-node runs on the CPU: a static-int8 or fp32 file's rows are independent (core/bundle/bundle.ts)
  const pipeline = createPipeline({ ...bundle, runEmissions: model.runEmissions, batchAcrossGroups: rowsIndependent(modelConfig, onnxRelativePath) });
  return { pipeline, release: model.release };
}
