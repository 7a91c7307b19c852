/**
 * Sessions of a model with a hidden-states output (config ner.hidden_output): the features an
 * adaptation fits on (featureRunner), and the emissions of an adapted bundle, whose head is
 * computed in TypeScript from them (headEmissionRunner, core/bundle/head.ts). Same slice of the
 * ONNX Runtime API as session.ts, so Node and the browser share it.
 */
import type { ModelConfig } from '../core/bundle/bundle';
import { applyHead, type EmissionHead } from '../core/bundle/head';
import type { EmissionBatch, RunEmissions } from '../core/pipeline';
import type { RunFeatures } from '../core/adapt/sequences';
import { emissionFeeds, type SessionLike, type TensorConstructor } from './session';

/** The ONNX outputs the bundle's head reads (or, for a base bundle, that an adaptation reads). */
function featureOutputs(config: ModelConfig): { hidden: string; logits: string } {
  if (config.head) return { hidden: config.head.input, logits: config.head.baseOutput };
  if (config.hiddenOutput === null) {
    throw new Error(
      `model ${config.id}: its ONNX file does not output the encoder's hidden states (config.json ner.hidden_output), so it cannot be adapted; ` +
        'export it with them (python3 -m kner.build ... --hidden-output)',
    );
  }
  return { hidden: config.hiddenOutput, logits: 'logits' };
}

/** Chains runs on a session (one at a time, as session.ts does) and returns the two feature outputs as float32. */
function outputsRunner<T>(Tensor: TensorConstructor<T>, session: SessionLike<T>, config: ModelConfig, where: string): RunFeatures {
  const names = featureOutputs(config);
  for (const name of [names.hidden, names.logits]) {
    if (!session.outputNames.includes(name)) throw new Error(`${where}: expected an output named "${name}", got ${JSON.stringify(session.outputNames)}`);
  }
  for (const input of config.modelInputs) {
    if (!session.inputNames.includes(input)) throw new Error(`${where}: expected an input named "${input}", got ${JSON.stringify(session.inputNames)}`);
  }
  let queue: Promise<unknown> = Promise.resolve();
  async function run(batch: EmissionBatch) {
    const outputs = await session.run(emissionFeeds(Tensor, batch, config.modelInputs), [names.hidden, names.logits]);
    try {
      const hidden = outputs[names.hidden];
      const logits = outputs[names.logits];
      if (hidden?.type !== 'float32' || logits?.type !== 'float32') throw new Error(`${where}: expected float32 outputs ${names.hidden} and ${names.logits}`);
      return { hidden: hidden.data as Float32Array, logits: logits.data as Float32Array };
    } finally {
      for (const [name, tensor] of Object.entries(outputs)) if (name !== names.hidden && name !== names.logits) tensor.dispose?.();
    }
  }
  return (batch) => {
    const result = queue.then(() => run(batch));
    queue = result.catch(() => undefined);
    return result;
  };
}

/** The encoder's hidden states and the base logits of each batch: what an adaptation fits on. */
export function featureRunner<T>(Tensor: TensorConstructor<T>, session: SessionLike<T>, config: ModelConfig, where: string): RunFeatures {
  return outputsRunner(Tensor, session, config, where);
}

/** `RunEmissions` of an adapted bundle: its head applied to the session's hidden states and base logits. */
export function headEmissionRunner<T>(Tensor: TensorConstructor<T>, session: SessionLike<T>, config: ModelConfig, head: EmissionHead, where: string): RunEmissions {
  const runFeatures = outputsRunner(Tensor, session, config, where);
  return async (batch) => {
    const { hidden, logits } = await runFeatures(batch);
    const positions = batch.batchSize * batch.seqLen;
    if (hidden.length !== positions * head.hiddenSize) throw new Error(`${where}: expected hidden states of size ${head.hiddenSize}, got ${hidden.length / positions}`);
    if (logits.length !== positions * head.baseLabels.length) throw new Error(`${where}: expected ${head.baseLabels.length} base logits per position, got ${logits.length / positions}`);
    return applyHead(head, hidden, logits, positions);
  };
}
