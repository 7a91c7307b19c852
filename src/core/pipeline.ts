/**
 * text -> tokens -> windows -> emissions -> CRF -> spans.
 *
 * Pure: the emission model is injected (`runEmissions`), so the same pipeline runs on
 * onnxruntime-web in the browser worker and onnxruntime-node in the CLI and tests.
 */
import { parseCrf, parseModelConfig, type ModelConfig } from './bundle/bundle';
import { marginals, viterbi, type CrfParameters } from './crf/crf';
import { withBioConstraints } from './crf/bio-constraints';
import { tagsToEntities, type Entity } from './spans/entities';
import { createTextTokenizer, type TextTokenizer, type TokenizedText } from './tokenize/text-tokenizer';
import { cutQualities, mergeWindowTags, planWindows, type TokenWindow, type WindowTags } from './windows/windows';

export type { Entity } from './spans/entities';
export type { ModelConfig } from './bundle/bundle';

/** One model call: windows as rows, padded to the longest. */
export interface EmissionBatch {
  readonly batchSize: number;
  readonly seqLen: number;
  /** shape: (batchSize, seqLen), row-major: [CLS] tokens [SEP] then [PAD] */
  readonly inputIds: BigInt64Array;
  /** shape: (batchSize, seqLen): 1 on [CLS], tokens and [SEP]; 0 on padding */
  readonly attentionMask: BigInt64Array;
  /** shape: (batchSize, seqLen), all zeros; null unless config lists token_type_ids */
  readonly tokenTypeIds: BigInt64Array | null;
}

/** The emission model: resolves to logits, shape: (batchSize, seqLen, numTags), row-major. */
export type RunEmissions = (batch: EmissionBatch) => Promise<Float32Array>;

export interface PipelineOptions {
  /** Parsed config.json, crf.json, tokenizer.json and tokenizer_config.json of a bundle. */
  readonly config: unknown;
  readonly crf: unknown;
  readonly tokenizerJson: unknown;
  readonly tokenizerConfig: unknown;
  readonly runEmissions: RunEmissions;
  /** Forbid I-X after O or another type (default true). */
  readonly bioConstrained?: boolean;
  /** Windows per model call (default 8): bounds the memory of one call on long texts. */
  readonly maxBatchSize?: number;
}

export interface AnalyzeStats {
  /** Content tokens of the text ([CLS]/[SEP] not counted). */
  readonly tokens: number;
  readonly windows: number;
  /** Token positions the model ran: every call's batchSize x seqLen ([CLS], [SEP], overlap and padding included). */
  readonly modelTokens: number;
  readonly msTokenize: number;
  readonly msModel: number;
  readonly msCrf: number;
  readonly msSpans: number;
}

export interface AnalyzeResult {
  /** Sorted by start, never overlapping; offsets in UTF-16 units of the text, end exclusive. */
  readonly entities: Entity[];
  readonly stats: AnalyzeStats;
}

export interface Pipeline {
  readonly config: ModelConfig;
  readonly tokenizer: TextTokenizer;
  analyze(text: string): Promise<AnalyzeResult>;
}

const DEFAULT_MAX_BATCH_SIZE = 8;

export function createPipeline(options: PipelineOptions): Pipeline {
  const config = parseModelConfig(options.config);
  const { labels, maxSeqLength } = config;
  const numTags = labels.length;
  const rawCrf = parseCrf(options.crf, labels, config.crfPath);
  const crf: CrfParameters = options.bioConstrained === false ? rawCrf : withBioConstraints(rawCrf, labels);
  const tokenizer = createTextTokenizer(options.tokenizerJson, options.tokenizerConfig, config.specialTokens);
  const maxBatchSize = options.maxBatchSize ?? DEFAULT_MAX_BATCH_SIZE;
  if (!Number.isInteger(maxBatchSize) || maxBatchSize < 1) throw new Error(`expected maxBatchSize to be a positive integer, got ${maxBatchSize}`);
  const withTokenTypes = config.modelInputs.includes('token_type_ids');

  async function analyze(text: string): Promise<AnalyzeResult> {
    if (typeof text !== 'string') throw new Error(`expected text to be a string, got ${typeof text}`);
    let clock = performance.now();
    const lap = () => {
      const now = performance.now();
      const elapsed = now - clock;
      clock = now;
      return elapsed;
    };

    const tokenized = tokenizer.tokenize(text);
    const numTokens = tokenized.ids.length;
    const windows = planWindows(numTokens, maxSeqLength - 2, cutQualities(text, tokenized.charStarts, tokenized.charEnds));
    const msTokenize = lap();
    if (numTokens === 0) {
      return { entities: [], stats: { tokens: 0, windows: 0, modelTokens: 0, msTokenize, msModel: 0, msCrf: 0, msSpans: 0 } };
    }

    let msModel = 0;
    let msCrf = 0;
    let modelTokens = 0;
    const windowTags: WindowTags[] = [];
    for (let batchStart = 0; batchStart < windows.length; batchStart += maxBatchSize) {
      const batchWindows = windows.slice(batchStart, batchStart + maxBatchSize);
      const batch = buildBatch(tokenized, batchWindows);
      lap();
      const logits = await options.runEmissions(batch);
      msModel += lap();
      modelTokens += batch.batchSize * batch.seqLen;
      const expectedSize = batch.batchSize * batch.seqLen * numTags;
      if (!(logits instanceof Float32Array) || logits.length !== expectedSize) {
        throw new Error(
          `expected logits of shape ${batch.batchSize}x${batch.seqLen}x${numTags} = ${expectedSize} floats, got ${logits instanceof Float32Array ? logits.length : typeof logits}`,
        );
      }
      batchWindows.forEach((window, row) => windowTags.push(decodeWindow(logits, row, batch.seqLen, window)));
      msCrf += lap();
    }

    const merged = mergeWindowTags(numTokens, labels, windowTags);
    const entities = tagsToEntities(text, { labels, ...merged, charStarts: tokenized.charStarts, charEnds: tokenized.charEnds });
    const msSpans = lap();
    return { entities, stats: { tokens: numTokens, windows: windows.length, modelTokens, msTokenize, msModel, msCrf, msSpans } };
  }

  function buildBatch(tokenized: TokenizedText, windows: readonly TokenWindow[]): EmissionBatch {
    const batchSize = windows.length;
    const seqLen = Math.max(...windows.map((window) => window.tokenEnd - window.tokenStart)) + 2;
    const inputIds = new BigInt64Array(batchSize * seqLen).fill(BigInt(tokenizer.padId));
    const attentionMask = new BigInt64Array(batchSize * seqLen);
    windows.forEach((window, row) => {
      const rowStart = row * seqLen;
      const windowLength = window.tokenEnd - window.tokenStart;
      inputIds[rowStart] = BigInt(tokenizer.clsId);
      for (let offset = 0; offset < windowLength; offset++) inputIds[rowStart + 1 + offset] = BigInt(tokenized.ids[window.tokenStart + offset]);
      inputIds[rowStart + 1 + windowLength] = BigInt(tokenizer.sepId);
      attentionMask.fill(1n, rowStart, rowStart + windowLength + 2);
    });
    const tokenTypeIds = withTokenTypes ? new BigInt64Array(batchSize * seqLen) : null;
    return { batchSize, seqLen, inputIds, attentionMask, tokenTypeIds };
  }

  /** CRF over [CLS] tokens [SEP] of one row (as trained), then [CLS]/[SEP] dropped. */
  function decodeWindow(logits: Float32Array, row: number, seqLen: number, window: TokenWindow): WindowTags {
    const windowLength = window.tokenEnd - window.tokenStart;
    const sequenceLength = windowLength + 2;
    // shape: (sequenceLength, numTags), a view into this row of the logits
    const emissions = logits.subarray(row * seqLen * numTags, (row * seqLen + sequenceLength) * numTags);
    const path = viterbi(crf, emissions, sequenceLength);
    // shape: (sequenceLength, numTags)
    const probabilities = marginals(crf, emissions, sequenceLength);
    const tags = path.slice(1, 1 + windowLength);
    const tagProbabilities = new Float32Array(windowLength);
    for (let offset = 0; offset < windowLength; offset++) {
      tagProbabilities[offset] = probabilities[(offset + 1) * numTags + tags[offset]];
    }
    return { window, tags, tagProbabilities };
  }

  return { config, tokenizer, analyze };
}
