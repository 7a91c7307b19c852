/** Scores a bundle on the KMOU dev split through the TypeScript pipeline (onnxruntime-node). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadNodePipeline } from '../runtime/ort-node';
import { EntityScorer, type EntityScores } from './entity-metrics';
import { joinIntoDocuments, readKmouSplit, type KmouSplit } from './kmou-dev';

export interface BundleEvaluation {
  readonly modelName: string;
  /** The ONNX file that ran: int8 or fp32. */
  readonly quantized: boolean;
  readonly sentences: number;
  readonly scores: EntityScores;
  readonly charsPerSecond: number;
  /** Token positions the model ran per content token of the texts (1 + overlap, [CLS]/[SEP] and padding). */
  readonly modelTokensPerToken: number;
  /** The Python pipeline's dev F1 recorded in config.json (ner.metrics.dev_entity_f1), if any. */
  readonly pythonF1: number | null;
}

/**
 * `documentSize` > 1 scores documents of that many consecutive sentences (long, multi-window inputs).
 * `quantized` false runs the bundle's fp32 model even where it has an int8 one.
 */
export async function evaluateBundle(
  modelFolder: string,
  corpusJsonl: string,
  limit = Infinity,
  documentSize = 1,
  quantized = true,
  split: KmouSplit = 'dev',
): Promise<BundleEvaluation> {
  const sentences = joinIntoDocuments(readKmouSplit(corpusJsonl, split).slice(0, limit), documentSize);
  const { pipeline, release } = await loadNodePipeline(modelFolder, { quantized });
  const scorer = new EntityScorer();
  let chars = 0;
  let tokens = 0;
  let modelTokens = 0;
  const started = performance.now();
  try {
    for (const sentence of sentences) {
      const { entities, stats } = await pipeline.analyze(sentence.text);
      tokens += stats.tokens;
      modelTokens += stats.modelTokens;
      scorer.add(entities, sentence.entities);
      chars += sentence.text.length;
    }
  } finally {
    await release();
  }
  const seconds = (performance.now() - started) / 1000;
  const config = JSON.parse(readFileSync(join(modelFolder, 'config.json'), 'utf8')) as { ner?: { metrics?: { dev_entity_f1?: unknown } } };
  const pythonF1 = config.ner?.metrics?.dev_entity_f1;
  return {
    modelName: pipeline.config.name,
    quantized: quantized && pipeline.config.onnxQuantizedPath !== null,
    sentences: sentences.length,
    scores: scorer.scores(),
    charsPerSecond: chars / seconds,
    modelTokensPerToken: modelTokens / Math.max(1, tokens),
    pythonF1: typeof pythonF1 === 'number' ? pythonF1 : null,
  };
}
