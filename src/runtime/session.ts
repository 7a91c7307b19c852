/**
 * The one ONNX session adapter: from an emission model's ONNX Runtime session to the
 * pipeline's `RunEmissions`. The browser (ort-web.ts), Node (ort-node.ts) and the bench's worker
 * each open their session their own way (backend, threads, file or bytes) and hand it here for
 * what must be the same everywhere: the input and output names the bundle promises, the feeds
 * (int64 ids, mask and token types as the bundle's inputs say), float32 logits, outputs other
 * than the logits released, and one run at a time on a session.
 *
 * Written against the slice of ONNX Runtime's API that onnxruntime-web and onnxruntime-node share,
 * so this file imports neither.
 */
import { DEFAULT_OUTPUT, type ModelConfig } from '../core/bundle/bundle';
import type { EmissionBatch, RunEmissions } from '../core/pipeline';

/** A tensor as both runtimes give one back. */
export interface TensorLike {
  readonly type: string;
  readonly data: unknown;
  dispose?(): void;
}

/** The constructor of a runtime's int64 input tensors. */
export type TensorConstructor<T> = new (type: 'int64', data: BigInt64Array, dims: readonly number[]) => T;

/** The session methods and fields the adapter uses. */
export interface SessionLike<T> {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  /** `fetches`: the outputs to compute and return (ONNX Runtime runs only what they need). */
  run(feeds: Record<string, T>, fetches: readonly string[]): Promise<Record<string, TensorLike>>;
}

/**
 * Throws, naming `where` and the names the session has, unless it has the bundle's inputs and an
 * output for every tag set ("logits" for the first; config ner.tag_sets[].output).
 */
export function checkSessionNames(session: Pick<SessionLike<unknown>, 'inputNames' | 'outputNames'>, config: ModelConfig, where: string): void {
  for (const { name, output } of config.tagSets) {
    if (!session.outputNames.includes(output)) {
      const whose = config.tagSets.length > 1 ? ` (tag set "${name}")` : '';
      throw new Error(`${where}: expected an output named "${output}"${whose}, got ${JSON.stringify(session.outputNames)}`);
    }
  }
  for (const input of config.modelInputs) {
    if (!session.inputNames.includes(input)) throw new Error(`${where}: expected an input named "${input}", got ${JSON.stringify(session.inputNames)}`);
  }
}

/** The feeds for one batch: the inputs the bundle names (token types zero when the batch has none). */
export function emissionFeeds<T>(Tensor: TensorConstructor<T>, batch: EmissionBatch, modelInputs: readonly string[]): Record<string, T> {
  const dims = [batch.batchSize, batch.seqLen];
  const feeds: Record<string, T> = { input_ids: new Tensor('int64', batch.inputIds, dims) };
  if (modelInputs.includes('attention_mask')) feeds.attention_mask = new Tensor('int64', batch.attentionMask, dims);
  if (modelInputs.includes('token_type_ids')) {
    feeds.token_type_ids = new Tensor('int64', batch.tokenTypeIds ?? new BigInt64Array(batch.batchSize * batch.seqLen), dims);
  }
  return feeds;
}

export interface EmissionRunnerOptions {
  /** Named in errors: the ONNX file. */
  readonly where: string;
  /** Called after each model call with its batch (the bench counts FLOPs with it). */
  readonly onRun?: (batch: EmissionBatch) => void;
}

/**
 * `RunEmissions` on a checked session. Calls are chained: an ONNX Runtime session must not run
 * two at once ("Session already started" on the web); a failed call does not stop later ones.
 */
export function emissionRunner<T>(Tensor: TensorConstructor<T>, session: SessionLike<T>, config: ModelConfig, options: EmissionRunnerOptions): RunEmissions {
  checkSessionNames(session, config, options.where);
  let queue: Promise<unknown> = Promise.resolve();
  const outputs = new Set(config.tagSets.map((tagSet) => tagSet.output));
  async function run(batch: EmissionBatch, output: string): Promise<Float32Array> {
    if (!outputs.has(output)) throw new Error(`${options.where}: expected one of the tag sets' outputs ${JSON.stringify([...outputs])}, got ${JSON.stringify(output)}`);
    // Only the asked tag set's output: one encoder run, one head.
    const results = await session.run(emissionFeeds(Tensor, batch, config.modelInputs), [output]);
    try {
      const logits = results[output];
      if (logits?.type !== 'float32') throw new Error(`${options.where}: expected float32 ${output}, got ${logits?.type ?? 'nothing'}`);
      options.onRun?.(batch);
      // On WebGPU the tensor lives on the CPU already (the default output location), so .data is safe.
      return logits.data as Float32Array;
    } finally {
      for (const [name, tensor] of Object.entries(results)) if (name !== output) tensor.dispose?.();
    }
  }
  return (batch, output = DEFAULT_OUTPUT) => {
    const result = queue.then(() => run(batch, output));
    queue = result.catch(() => undefined);
    return result;
  };
}
