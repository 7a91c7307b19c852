/**
 * text -> groups of sentences -> tokens -> windows -> emissions -> CRF -> spans.
 *
 * Pure: the emission model is injected (`runEmissions`), so the same pipeline runs on
 * onnxruntime-web in the browser worker and onnxruntime-node in the CLI and tests.
 */
import { parseCrf, parseModelConfig, tagSetLabelsField, tagSetOf, type ModelConfig, type TagSet } from './bundle/bundle';
import { marginals, viterbi, type CrfParameters } from './crf/crf';
import { withBioConstraints } from './crf/bio-constraints';
import { tagsToEntities, type Entity } from './spans/entities';
import { createTextTokenizer, type TextTokenizer, type TokenizedText } from './tokenize/text-tokenizer';
import { CALL_COST_POSITIONS, PAD_MULTIPLE, planBatches, planBucketCalls } from './windows/batches';
import { DEFAULT_GROUP_SENTENCES, planTextGroups } from './windows/text-groups';
import { cutQualities, mergeWindowTags, planWindows, type TokenWindow, type WindowTags } from './windows/windows';

export type { Entity } from './spans/entities';
export type { ModelConfig, TagSet } from './bundle/bundle';

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

/**
 * The emission model: resolves to the logits of the ONNX output `output` (the tag set's; "logits" when
 * not given), shape: (batchSize, seqLen, numTags of that tag set), row-major.
 */
export type RunEmissions = (batch: EmissionBatch, output?: string) => Promise<Float32Array>;

export interface PipelineOptions {
  /** Parsed config.json, crf.json, tokenizer.json and tokenizer_config.json of a bundle. */
  readonly config: unknown;
  /** The default tag set's crf.json. */
  readonly crf: unknown;
  /** Every tag set's crf file by tag set name (readBundleFiles gives it); may be left out for a bundle of one tag set. */
  readonly crfs?: Readonly<Record<string, unknown>>;
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
  /**
   * The model's logits for a row depend on that row alone, whatever else shares its call (true of fp32
   * and of static-int8 models on ONNX Runtime's CPU kernels; not of dynamic int8, whose activation scale
   * is the whole call's): windows of different groups may then share a call, each padded to a multiple
   * of PAD_MULTIPLE so that its padding does not depend on its neighbours (windows/batches.ts,
   * planBucketCalls). Default false: each group's windows run in calls of their own.
   */
  readonly batchAcrossGroups?: boolean;
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
  /** The tag set whose labels the entities carry. */
  readonly tagSet: string;
  readonly stats: AnalyzeStats;
}

/** UTF-16 range [charStart, charEnd) of a text. */
export interface CharRange {
  readonly charStart: number;
  readonly charEnd: number;
}

/** What an analysis has so far: the parts of the text finished, and every entity in them, in reading order. */
export interface AnalyzeProgress {
  /** The finished parts, in order, none touching the next. */
  readonly done: readonly CharRange[];
  /** The focus group (AnalyzeOptions.focusChar) has just finished and the rest is still to run: worth showing at once. */
  readonly focusDone: boolean;
  /** Built on demand: a caller that throttles its updates pays only for the ones it uses. */
  entities(): Entity[];
}

export interface AnalyzeOptions {
  /** Called before each model call that follows newly finished text. */
  readonly onProgress?: (progress: AnalyzeProgress) => void;
  /**
   * A character just edited: the group holding it runs first, then the rest in reading order (a
   * keystroke's marks do not wait behind the rest of a long text). Absent: reading order.
   */
  readonly focusChar?: number;
  /** Asked before each model call: true stops the analysis with an AnalysisStopped error (finished groups stay kept). */
  readonly isStale?: () => boolean;
  /** The tag set to decode (config ner.tag_sets[].name); default: the bundle's default tag set. Unknown: UnknownTagSetError. */
  readonly tagSet?: string;
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
  /** The bundle's tag sets (config.tagSets): any of their names may be asked for per analysis, the model is not reloaded. */
  readonly tagSets: readonly TagSet[];
  /**
   * Entities of each text (offsets into that text), as analyze gives them; the texts' windows share
   * calls when batchAcrossGroups (many short documents: the CLI). Its groups are kept as analyze's are.
   */
  analyzeMany(texts: readonly string[], options?: { readonly tagSet?: string }): Promise<Entity[][]>;
}

/** The index of the last group starting at or before `char` (0 before the first; -1: no groups). */
function groupAt(groups: readonly CharRange[], char: number): number {
  let low = 0;
  let high = groups.length - 1;
  if (high < 0) return -1;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (groups[middle].charStart <= char) low = middle;
    else high = middle - 1;
  }
  return low;
}

/** The finished groups' characters as ranges, neighbours joined. */
function doneRanges(groups: readonly CharRange[], finished: readonly boolean[]): CharRange[] {
  const ranges: { charStart: number; charEnd: number }[] = [];
  groups.forEach((group, index) => {
    if (!finished[index]) return;
    const last = ranges[ranges.length - 1];
    if (last && last.charEnd === group.charStart) last.charEnd = group.charEnd;
    else ranges.push({ charStart: group.charStart, charEnd: group.charEnd });
  });
  return ranges;
}

const DEFAULT_MAX_BATCH_SIZE = 8;
/** Groups kept (least recently used dropped first): about 2,000,000 characters of text. */
const MAX_KEPT_GROUPS = 16_384;

/**
 * With batchAcrossGroups, an analysis runs in steps of whole groups: the first of at least 8 windows,
 * each next one twice as many, up to 64 (about half a second of model time on WASM with 2 threads), so
 * the first marks come soon and the marks still grow step by step; analyzeMany (no progress to show)
 * takes steps of up to 256 windows.
 */
const FIRST_STEP_WINDOWS = 8;
const MAX_STEP_WINDOWS = 64;
const MAX_MANY_STEP_WINDOWS = 256;

/** One group's analysis, offsets relative to the group's first character. */
interface GroupResult {
  readonly entities: readonly Entity[];
  readonly tokens: number;
  readonly windows: number;
}

/** How one tag set is decoded: its labels, its CRF (BIO-constrained unless asked not to) and the ONNX output it reads. */
interface Decoder {
  readonly tagSet: TagSet;
  readonly labels: readonly string[];
  readonly numTags: number;
  readonly crf: CrfParameters;
}

/** A group being analysed: its text, tokens and windows, and each window's tags once decoded. */
interface GroupWork {
  readonly index: number;
  readonly text: string;
  readonly tokenized: TokenizedText;
  readonly windows: readonly TokenWindow[];
  readonly windowTags: WindowTags[];
}

type Timings = { msTokenize: number; msModel: number; msCrf: number; msSpans: number; modelTokens: number; windowsRun: number };
const noTimings = (): Timings => ({ msTokenize: 0, msModel: 0, msCrf: 0, msSpans: 0, modelTokens: 0, windowsRun: 0 });

export function createPipeline(options: PipelineOptions): Pipeline {
  const config = parseModelConfig(options.config);
  const { maxSeqLength } = config;
  const decoders = new Map<string, Decoder>(
    config.tagSets.map((tagSet) => {
      const json = tagSet.name === config.defaultTagSet ? (options.crfs?.[tagSet.name] ?? options.crf) : options.crfs?.[tagSet.name];
      if (json === undefined) throw new Error(`expected the crf file of tag set "${tagSet.name}" (${tagSet.crfPath}) in crfs, got nothing`);
      const rawCrf = parseCrf(json, tagSet.labels, tagSet.crfPath, tagSetLabelsField(config, tagSet));
      const crf = options.bioConstrained === false ? rawCrf : withBioConstraints(rawCrf, tagSet.labels);
      return [tagSet.name, { tagSet, labels: tagSet.labels, numTags: tagSet.labels.length, crf }];
    }),
  );
  const decoderOf = (name: string | undefined): Decoder => decoders.get(tagSetOf(config, name).name) as Decoder;
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

  const batchAcrossGroups = options.batchAcrossGroups ?? false;

  async function analyze(text: string, analyzeOptions: AnalyzeOptions = {}): Promise<AnalyzeResult> {
    if (typeof text !== 'string') throw new Error(`expected text to be a string, got ${typeof text}`);
    const { onProgress, isStale, focusChar } = analyzeOptions;
    if (focusChar !== undefined && !Number.isInteger(focusChar)) throw new Error(`expected focusChar to be a whole number, got ${focusChar}`);
    const decoder = decoderOf(analyzeOptions.tagSet);
    const timings = noTimings();
    const groups = planTextGroups(text, groupSentences);
    const groupTexts = groups.map(({ charStart, charEnd }) => text.slice(charStart, charEnd));
    const results: GroupResult[] = new Array(groups.length);
    // the group holding the focus character (the last one for a character at the text's end)
    const focus = focusChar === undefined ? -1 : groupAt(groups, focusChar);
    const entitiesOf = (done: (index: number) => boolean) => {
      const entities: Entity[] = [];
      for (let index = 0; index < groups.length; index++) {
        if (!done(index)) continue;
        const offset = groups[index].charStart;
        for (const entity of results[index].entities) entities.push(offset === 0 ? entity : { ...entity, start: entity.start + offset, end: entity.end + offset });
      }
      return entities;
    };
    let reported = 0; // groups finished at the last progress report
    let focusReported = false;
    await analyzeGroups(decoder, groupTexts, results, timings, FIRST_STEP_WINDOWS, MAX_STEP_WINDOWS, focus, (finished) => {
      if (isStale?.()) throw new AnalysisStopped();
      if (!onProgress || finished <= reported) return;
      reported = finished;
      const finishedNow = results.map((result) => result !== undefined);
      const focusDone = focus >= 0 && !focusReported && finishedNow[focus];
      focusReported ||= focusDone;
      onProgress({ done: doneRanges(groups, finishedNow), focusDone, entities: () => entitiesOf((index) => finishedNow[index]) });
    });
    const started = performance.now();
    const entities = entitiesOf(() => true);
    timings.msSpans += performance.now() - started;
    const { msTokenize, msModel, msCrf, msSpans, modelTokens, windowsRun } = timings;
    const tokens = results.reduce((sum, result) => sum + result.tokens, 0);
    const windows = results.reduce((sum, result) => sum + result.windows, 0);
    return { entities, tagSet: decoder.tagSet.name, stats: { tokens, windows, windowsRun, modelTokens, msTokenize, msModel, msCrf, msSpans } };
  }

  async function analyzeMany(texts: readonly string[], manyOptions: { readonly tagSet?: string } = {}): Promise<Entity[][]> {
    if (!Array.isArray(texts)) throw new Error(`expected an array of texts, got ${typeof texts}`);
    const decoder = decoderOf(manyOptions.tagSet);
    const groupTexts: string[] = [];
    const planned = texts.map((text) => {
      if (typeof text !== 'string') throw new Error(`expected every text to be a string, got ${typeof text}`);
      const groups = planTextGroups(text, groupSentences);
      const first = groupTexts.length;
      for (const { charStart, charEnd } of groups) groupTexts.push(text.slice(charStart, charEnd));
      return { groups, first };
    });
    const results: GroupResult[] = new Array(groupTexts.length);
    // no progress to show: every step as large as it may be
    await analyzeGroups(decoder, groupTexts, results, noTimings(), MAX_MANY_STEP_WINDOWS, MAX_MANY_STEP_WINDOWS, -1, () => {});
    return planned.map(({ groups, first }) =>
      groups.flatMap(({ charStart }, index) =>
        charStart === 0 ? [...results[first + index].entities] : results[first + index].entities.map((entity) => ({ ...entity, start: entity.start + charStart, end: entity.end + charStart })),
      ),
    );
  }

  /**
   * Fills results[i] for every group text: kept groups first, taken as they are; then the focus group
   * (-1: none) in a step of its own; then the rest in steps in reading order. The groups of one step are
   * analysed together (their windows may share calls when batchAcrossGroups); steps start at
   * firstStepWindows windows and double up to maxStepWindows. beforeCall(finished), finished the groups
   * done so far, runs before each model call; when it throws (a stop), the groups whose every window
   * was decoded are kept all the same, so the next analysis does not run them again.
   */
  async function analyzeGroups(
    decoder: Decoder,
    groupTexts: readonly string[],
    results: GroupResult[],
    timings: Timings,
    firstStepWindows: number,
    maxStepWindows: number,
    focus: number,
    beforeCall: (finished: number) => void,
  ): Promise<void> {
    // Kept results are the tag set's: the same text under another tag set is another analysis.
    const keyOf = (groupText: string) => `${decoder.tagSet.name}\u0000${groupText}`;
    const keep = (groupText: string, result: GroupResult) => {
      if (maxKept === 0) return;
      if (kept.size >= maxKept) kept.delete(kept.keys().next().value as string);
      kept.set(keyOf(groupText), result);
    };
    let finished = 0;
    /** Takes group `index` from the kept ones, if there; true if it was. */
    const takeKept = (index: number) => {
      const key = keyOf(groupTexts[index]);
      const hit = kept.get(key);
      if (!hit) return false;
      kept.delete(key); // Map order is use order
      kept.set(key, hit);
      results[index] = hit;
      finished++;
      return true;
    };
    groupTexts.forEach((_, index) => takeKept(index));
    const runGroups = async (step: GroupWork[]) => {
      try {
        await runStep(decoder, step, timings, () => beforeCall(finished));
      } finally {
        // a stopped step still keeps its finished groups
        const spansStarted = performance.now();
        for (const work of step) {
          if (!allDecoded(work)) continue;
          const result = groupResult(decoder, work);
          results[work.index] = result;
          keep(work.text, result);
          finished++;
        }
        timings.msSpans += performance.now() - spansStarted;
      }
    };
    if (focus >= 0 && results[focus] === undefined) {
      const started = performance.now();
      const work = tokenizeGroup(focus, groupTexts[focus]);
      timings.msTokenize += performance.now() - started;
      await runGroups([work]);
    }
    let stepWindows = firstStepWindows;
    let index = 0;
    while (index < groupTexts.length) {
      // done, or kept meanwhile (a group of the same text as one finished in this analysis)
      if (results[index] !== undefined || takeKept(index)) {
        index++;
        continue;
      }
      const step: GroupWork[] = [];
      let windowsInStep = 0;
      let next = index;
      const started = performance.now();
      do {
        const work = tokenizeGroup(next, groupTexts[next]);
        step.push(work);
        windowsInStep += work.windows.length;
        next++;
        // the next group joins the step unless it is done (kept, or the focus) or kept meanwhile
      } while (batchAcrossGroups && windowsInStep < stepWindows && next < groupTexts.length && results[next] === undefined && !kept.has(keyOf(groupTexts[next])));
      timings.msTokenize += performance.now() - started;
      stepWindows = Math.min(maxStepWindows, stepWindows * 2);
      await runGroups(step);
      index = next;
    }
  }

  function allDecoded(work: GroupWork): boolean {
    // windowTags has holes until decoded (every() would skip them)
    for (let window = 0; window < work.windows.length; window++) if (work.windowTags[window] === undefined) return false;
    return true;
  }

  function tokenizeGroup(index: number, text: string): GroupWork {
    const tokenized = tokenizer.tokenize(text);
    const numTokens = tokenized.ids.length;
    const windows = numTokens === 0 ? [] : planWindows(numTokens, maxSeqLength - 2, cutQualities(text, tokenized.charStarts, tokenized.charEnds));
    return { index, text, tokenized, windows, windowTags: new Array(windows.length) };
  }

  /** Runs the model on every window of the step's groups and decodes each window (beforeCall: before each call). */
  async function runStep(decoder: Decoder, step: readonly GroupWork[], timings: Timings, beforeCall: () => void): Promise<void> {
    const { numTags, tagSet } = decoder;
    const rows: { work: GroupWork; window: number }[] = [];
    for (const work of step) work.windows.forEach((_, window) => rows.push({ work, window }));
    if (rows.length === 0) return;
    const lengths = rows.map(({ work, window }) => work.windows[window].tokenEnd - work.windows[window].tokenStart + 2);
    // Row-independent models: every window padded to its own multiple of PAD_MULTIPLE, calls of one
    // padded length. Otherwise (one group per step): windows of like length share a call, padded to the longest.
    const calls = batchAcrossGroups
      ? planBucketCalls(lengths, maxBatchSize, PAD_MULTIPLE, maxSeqLength)
      : planBatches(lengths, maxBatchSize, callCostPositions).map((call) => ({ rows: call, seqLen: Math.max(...call.map((row) => lengths[row])) }));
    for (const call of calls) {
      beforeCall();
      const batchRows = call.rows.map((row) => rows[row]);
      const batch = buildBatch(batchRows.map(({ work, window }) => ({ tokenized: work.tokenized, window: work.windows[window] })), call.seqLen);
      let clock = performance.now();
      const logits = await options.runEmissions(batch, tagSet.output);
      let now = performance.now();
      timings.msModel += now - clock;
      clock = now;
      timings.modelTokens += batch.batchSize * batch.seqLen;
      timings.windowsRun += batch.batchSize;
      const expectedSize = batch.batchSize * batch.seqLen * numTags;
      if (!(logits instanceof Float32Array) || logits.length !== expectedSize) {
        throw new Error(
          `expected logits of shape ${batch.batchSize}x${batch.seqLen}x${numTags} = ${expectedSize} floats, got ${logits instanceof Float32Array ? logits.length : typeof logits}`,
        );
      }
      batchRows.forEach(({ work, window }, row) => (work.windowTags[window] = decodeWindow(decoder, logits, row, batch.seqLen, work.windows[window])));
      now = performance.now();
      timings.msCrf += now - clock;
    }
  }

  /** A decoded group's entities, offsets relative to its first character. */
  function groupResult({ labels }: Decoder, { text, tokenized, windows, windowTags }: GroupWork): GroupResult {
    const numTokens = tokenized.ids.length;
    if (numTokens === 0) return { entities: [], tokens: 0, windows: 0 };
    const merged = mergeWindowTags(numTokens, labels, windowTags);
    const entities = tagsToEntities(text, { labels, ...merged, charStarts: tokenized.charStarts, charEnds: tokenized.charEnds });
    return { entities, tokens: numTokens, windows: windows.length };
  }

  /** shape: (rows, seqLen): each row [CLS] tokens [SEP] then [PAD] up to seqLen. */
  function buildBatch(rows: readonly { tokenized: TokenizedText; window: TokenWindow }[], seqLen: number): EmissionBatch {
    const batchSize = rows.length;
    const inputIds = new BigInt64Array(batchSize * seqLen).fill(BigInt(tokenizer.padId));
    const attentionMask = new BigInt64Array(batchSize * seqLen);
    rows.forEach(({ tokenized, window }, row) => {
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
  function decodeWindow({ crf, numTags }: Decoder, logits: Float32Array, row: number, seqLen: number, window: TokenWindow): WindowTags {
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

  return { config, tokenizer, tagSets: config.tagSets, analyze, analyzeMany };
}
