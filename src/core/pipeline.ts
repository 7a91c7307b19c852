/**
 * text -> groups of sentences -> tokens -> windows -> emissions -> CRF -> spans.
 *
 * Pure: the emission model is injected (`runEmissions`), so the same pipeline runs on
 * onnxruntime-web in the browser worker and onnxruntime-node in the CLI and tests.
 */
import { parseCrf, parseModelConfig, type ModelConfig } from './bundle/bundle';
import { marginals, viterbi, type CrfParameters } from './crf/crf';
import { withBioConstraints } from './crf/bio-constraints';
import { tagsToEntities, type Entity } from './spans/entities';
import { createTextTokenizer, type TextTokenizer, type TokenizedText } from './tokenize/text-tokenizer';
import { CALL_COST_POSITIONS, planBatches } from './windows/batches';
import { DEFAULT_GROUP_SENTENCES, planTextGroups } from './windows/text-groups';
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
  /** Groups of sentences whose results are kept for later analyses (default 16,384; 0: none, every analysis from scratch). */
  readonly keptGroups?: number;
  /** Sentences per group on average (default 4; windows/text-groups.ts): for the bench's comparisons. */
  readonly groupSentences?: number;
  /** The fixed cost of a model call, in positions, that batching weighs against padding (windows/batches.ts). */
  readonly callCostPositions?: number;
}

export interface AnalyzeStats {
  /** Content tokens of the text ([CLS]/[SEP] not counted). */
  readonly tokens: number;
  /** Model windows of the text, kept ones included. */
  readonly windows: number;
  /** Windows the model ran for this analysis (the others' results were kept from earlier analyses). */
  readonly windowsRun: number;
  /** Token positions the model ran for this analysis: every call's batchSize x seqLen ([CLS], [SEP], overlap and padding included). */
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

/** What an analysis has so far: every entity of text[0, charEnd), in reading order. */
export interface AnalyzeProgress {
  readonly charEnd: number;
  /** Built on demand: a caller that throttles its updates pays only for the ones it uses. */
  entities(): Entity[];
}

export interface AnalyzeOptions {
  /** Called before each model call that follows newly finished text, in reading order. */
  readonly onProgress?: (progress: AnalyzeProgress) => void;
  /** Asked before each model call: true stops the analysis with an AnalysisStopped error (finished groups stay kept). */
  readonly isStale?: () => boolean;
}

/** The analysis was stopped by its isStale (a newer text arrived). */
export class AnalysisStopped extends Error {
  constructor() {
    super('the analysis was stopped: a newer text arrived');
    this.name = 'AnalysisStopped';
  }
}

export interface Pipeline {
  readonly config: ModelConfig;
  readonly tokenizer: TextTokenizer;
  /**
   * Entities of the text. Each group of sentences (windows/text-groups.ts) is analysed on
   * its own and its result kept, keyed by its text, so analysing an edited text runs the
   * model only for the groups the edit changed; the result is the same as a fresh pipeline's.
   */
  analyze(text: string, options?: AnalyzeOptions): Promise<AnalyzeResult>;
}

const DEFAULT_MAX_BATCH_SIZE = 8;
/** Groups kept (least recently used dropped first): about 2,000,000 characters of text. */
const MAX_KEPT_GROUPS = 16_384;

/** One group's analysis, offsets relative to the group's first character. */
interface GroupResult {
  readonly entities: readonly Entity[];
  readonly tokens: number;
  readonly windows: number;
}

export function createPipeline(options: PipelineOptions): Pipeline {
  const config = parseModelConfig(options.config);
  const { labels, maxSeqLength } = config;
  const numTags = labels.length;
  const rawCrf = parseCrf(options.crf, labels, config.crfPath);
  const crf: CrfParameters = options.bioConstrained === false ? rawCrf : withBioConstraints(rawCrf, labels);
  const tokenizer = createTextTokenizer(options.tokenizerJson, options.tokenizerConfig, config.specialTokens);
  const maxBatchSize = options.maxBatchSize ?? DEFAULT_MAX_BATCH_SIZE;
  if (!Number.isInteger(maxBatchSize) || maxBatchSize < 1) throw new Error(`expected maxBatchSize to be a positive integer, got ${maxBatchSize}`);
  const groupSentences = options.groupSentences ?? DEFAULT_GROUP_SENTENCES;
  const callCostPositions = options.callCostPositions ?? CALL_COST_POSITIONS;
  const withTokenTypes = config.modelInputs.includes('token_type_ids');
  const maxKept = options.keptGroups ?? MAX_KEPT_GROUPS;
  if (!Number.isInteger(maxKept) || maxKept < 0) throw new Error(`expected keptGroups to be a whole number, got ${maxKept}`);
  // Map order is use order: a hit moves its group to the end, eviction takes the first.
  const kept = new Map<string, GroupResult>();

  async function analyze(text: string, analyzeOptions: AnalyzeOptions = {}): Promise<AnalyzeResult> {
    if (typeof text !== 'string') throw new Error(`expected text to be a string, got ${typeof text}`);
    const { onProgress, isStale } = analyzeOptions;
    const timings = { msTokenize: 0, msModel: 0, msCrf: 0, msSpans: 0, modelTokens: 0, windowsRun: 0 };
    const groups = planTextGroups(text, groupSentences);
    const results: GroupResult[] = [];
    let reported = 0; // groups already covered by a progress report
    const entitiesOfFirst = (count: number) => {
      const entities: Entity[] = [];
      for (let index = 0; index < count; index++) {
        const offset = groups[index].charStart;
        for (const entity of results[index].entities) entities.push(offset === 0 ? entity : { ...entity, start: entity.start + offset, end: entity.end + offset });
      }
      return entities;
    };

    for (let index = 0; index < groups.length; index++) {
      const { charStart, charEnd } = groups[index];
      const groupText = text.slice(charStart, charEnd);
      let result = kept.get(groupText);
      if (result) {
        kept.delete(groupText);
      } else {
        if (isStale?.()) throw new AnalysisStopped();
        if (onProgress && index > reported) {
          const count = index;
          onProgress({ charEnd: charStart, entities: () => entitiesOfFirst(count) });
          reported = index;
        }
        result = await analyzeGroup(groupText, timings);
        if (kept.size >= maxKept) kept.delete(kept.keys().next().value as string);
      }
      if (maxKept > 0) kept.set(groupText, result);
      results.push(result);
    }

    const started = performance.now();
    const entities = entitiesOfFirst(groups.length);
    timings.msSpans += performance.now() - started;
    const { msTokenize, msModel, msCrf, msSpans, modelTokens, windowsRun } = timings;
    const tokens = results.reduce((sum, result) => sum + result.tokens, 0);
    const windows = results.reduce((sum, result) => sum + result.windows, 0);
    return { entities, stats: { tokens, windows, windowsRun, modelTokens, msTokenize, msModel, msCrf, msSpans } };
  }

  /** text -> tokens -> windows -> emissions -> CRF -> spans, for one group. */
  async function analyzeGroup(
    text: string,
    timings: { msTokenize: number; msModel: number; msCrf: number; msSpans: number; modelTokens: number; windowsRun: number },
  ): Promise<GroupResult> {
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
    timings.msTokenize += lap();
    if (numTokens === 0) return { entities: [], tokens: 0, windows: 0 };

    const windowTags: WindowTags[] = new Array(windows.length);
    // windows of like length share a call, so few positions are padding (windows/batches.ts)
    for (const call of planBatches(windows.map((window) => window.tokenEnd - window.tokenStart + 2), maxBatchSize, callCostPositions)) {
      const batchWindows = call.map((index) => windows[index]);
      const batch = buildBatch(tokenized, batchWindows);
      lap();
      const logits = await options.runEmissions(batch);
      timings.msModel += lap();
      timings.modelTokens += batch.batchSize * batch.seqLen;
      timings.windowsRun += batch.batchSize;
      const expectedSize = batch.batchSize * batch.seqLen * numTags;
      if (!(logits instanceof Float32Array) || logits.length !== expectedSize) {
        throw new Error(
          `expected logits of shape ${batch.batchSize}x${batch.seqLen}x${numTags} = ${expectedSize} floats, got ${logits instanceof Float32Array ? logits.length : typeof logits}`,
        );
      }
      call.forEach((index, row) => (windowTags[index] = decodeWindow(logits, row, batch.seqLen, windows[index])));
      timings.msCrf += lap();
    }

    const merged = mergeWindowTags(numTokens, labels, windowTags);
    const entities = tagsToEntities(text, { labels, ...merged, charStarts: tokenized.charStarts, charEnds: tokenized.charEnds });
    timings.msSpans += lap();
    return { entities, tokens: numTokens, windows: windows.length };
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
