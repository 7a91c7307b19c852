/** Scores a bundle on the KMOU dev split, or any gold sentences, through the TypeScript pipeline (onnxruntime-node), in one of its tag sets. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadNodePipeline } from '../runtime/ort-node';
import { EntityScorer, macroF1, type EntityScores } from './entity-metrics';
import { joinIntoDocuments, readKmouSplit, type GoldSentence, type KmouSplit } from './kmou-dev';
import { entityTypesOf } from '../core/labels/bio';
import { tagSetOf } from '../core/bundle/bundle';

export interface BundleEvaluation {
  readonly modelName: string;
  /** The ONNX file that ran: int8 or fp32. */
  readonly quantized: boolean;
  readonly sentences: number;
  readonly scores: EntityScores;
  /** The tag set decoded, and its entity macro F1 (entity-metrics.ts macroF1 over its types). */
  readonly tagSet: string;
  readonly tagSetTypes: readonly string[];
  readonly macroF1: number;
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
  return evaluateSentences(modelFolder, sentences, { quantized });
}

/**
 * Scores the bundle's tag set `tagSet` (default: its default) on gold sentences. Refused before any
 * analysis: a tag set the model lacks (naming the ones it has), gold labels outside the tag set's types
 * (gold of another tag set: its labels are never renamed into these).
 */
export async function evaluateSentences(
  modelFolder: string,
  sentences: readonly GoldSentence[],
  options: { readonly quantized?: boolean; readonly tagSet?: string } = {},
): Promise<BundleEvaluation> {
  const quantized = options.quantized ?? true;
  const { pipeline, release } = await loadNodePipeline(modelFolder, { quantized });
  let tagSet;
  try {
    tagSet = tagSetOf(pipeline.config, options.tagSet);
  } catch (error) {
    await release();
    throw error;
  }
  const types = entityTypesOf(tagSet.labels);
  const foreign = [...new Set(sentences.flatMap((sentence) => sentence.entities.map((entity) => entity.label)))].filter((label) => !types.includes(label));
  if (foreign.length > 0) {
    await release();
    throw new ForeignGoldLabelsError(`the gold labels ${foreign.slice(0, 8).join(', ')} are not types of tag set "${tagSet.name}" (${types.join(' ')}): evaluate with the tag set the gold data uses (--tag-set)`);
  }
  const scorer = new EntityScorer();
  let chars = 0;
  let tokens = 0;
  let modelTokens = 0;
  const started = performance.now();
  try {
    for (const sentence of sentences) {
      const { entities, stats } = await pipeline.analyze(sentence.text, { tagSet: tagSet.name });
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
  const scores = scorer.scores();
  return {
    modelName: pipeline.config.name,
    quantized: quantized && pipeline.config.onnxQuantizedPath !== null,
    sentences: sentences.length,
    scores,
    tagSet: tagSet.name,
    tagSetTypes: types,
    macroF1: macroF1(scores, types),
    charsPerSecond: chars / seconds,
    modelTokensPerToken: modelTokens / Math.max(1, tokens),
    pythonF1: typeof pythonF1 === 'number' ? pythonF1 : null,
  };
}

/** Gold entities carry labels that are not the evaluated tag set's (gold of another tag set). */
export class ForeignGoldLabelsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ForeignGoldLabelsError';
  }
}
