/**
 * The adaptation's fit: an emission head (core/bundle/head.ts) and CRF transitions on top of the
 * frozen encoder, from features computed once per sequence (the encoder's hidden states and the
 * base model's logits). CRF negative log-likelihood, Adam, L2 towards the starting point (a label
 * the base model has starts from, and is pulled back to, what the base learnt), early stop on a
 * held-out share of the documents. Pure and synchronous between awaits of onProgress, so it runs
 * the same in Node and in a Web Worker; onProgress may throw to cancel.
 */
import type { CrfParameters } from '../crf/crf';
import { viterbi } from '../crf/crf';
import { withBioConstraints } from '../crf/bio-constraints';
import type { EmissionHead } from '../bundle/head';
import { parseBioLabel } from '../labels/bio';
import { crfNll, crfWork, zeroCrfGradients } from './crf-loss';

/** One training sequence: [CLS] tokens [SEP] of one window of one document. */
export interface TrainingSequence {
  /** Index of its document (the held-out share is drawn by document). */
  readonly document: number;
  readonly length: number;
  /** shape: (length, hiddenSize + baseLabels): the hidden states then the base logits of each position */
  readonly features: Float32Array;
  /** shape: (length,): gold tags in the adapted labels */
  readonly tags: Int32Array;
}

export interface FitSetup {
  /** The adapted tag set (training-data.ts adaptedLabels). */
  readonly labels: readonly string[];
  readonly hiddenSize: number;
  readonly baseLabels: readonly string[];
  readonly baseCrf: CrfParameters;
  /** Adapted type -> base type whose columns and transitions it starts from (a new type; warmStartTypes). Default: the same name. */
  readonly initialTypes?: ReadonlyMap<string, string>;
  /** Base label -> adapted label, for the base model's held-out score (default: the same name). */
  readonly baseLabelMap?: ReadonlyMap<string, string | null>;
}

export interface FitOptions {
  readonly maxEpochs?: number;
  readonly learningRate?: number;
  /** L2 weight towards the starting point, per parameter, on the mean loss per sequence. */
  readonly l2?: number;
  readonly batchSize?: number;
  /** Share of the documents held out from fitting (early stop and the reported F1). */
  readonly heldOutShare?: number;
  /** Epochs without a better held-out F1 before stopping. */
  readonly patience?: number;
  readonly seed?: number;
  /** Called at most every progressIntervalMs and after each epoch; awaited; may throw to stop the fit. */
  readonly onProgress?: (progress: FitProgress) => void | Promise<void>;
  readonly progressIntervalMs?: number;
  /**
   * Keep what the base model knows: types the base model has whose emission rows (weights and bias, O's
   * too when any is given) and CRF start, end and transition scores among them stay exactly the base's;
   * the other labels' rows and every score touching one of them are fitted. Empty (the default): fit
   * everything. adapt.ts fills it when the documents bring a new type (docs/adaptation.md).
   */
  readonly keepBaseTypes?: readonly string[];
  /** With keepBaseTypes: the starting point (epoch 0) may be the epoch kept when no epoch beats it on the held-out share (default true). */
  readonly keepStart?: boolean;
  /**
   * How a label with nothing to start from (a new type without a warm start) begins: 'prototype' (the
   * default): its emission row from the training share's tokens (prototypeRows), its CRF scores the
   * base types' average (averageTypeScores); 'zero': all zero (as before; the A/B).
   */
  readonly newLabelStart?: 'prototype' | 'zero';
  /** With newLabelStart 'prototype': the CRF scores of a label with nothing to start from are the base's average type (default true); false: zero (the A/B). */
  readonly averageCrf?: boolean;
  /**
   * The epoch kept is this one or a later one (the starting point is then no candidate), and early
   * stopping waits for it. Default: FRESH_MIN_EPOCHS when a label has nothing to start from, else 0.
   */
  readonly minEpochs?: number;
  /**
   * What picks the epoch kept on the held-out share: its strict span F1, or its CRF loss (mean per
   * sequence: smoother where the share holds a few entities of a new type). Default: 'loss' when a
   * label has nothing to start from, else 'f1'.
   */
  readonly select?: 'f1' | 'loss';
}

export interface FitProgress {
  readonly epoch: number;
  readonly maxEpochs: number;
  /** 0..1 of the most epochs the fit may take. */
  readonly fraction: number;
  readonly heldOutF1: number | null;
  readonly bestF1: number | null;
}

export interface SpanScore {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly support: number;
}

export interface FitResult {
  readonly head: EmissionHead;
  /** The adapted CRF (raw: the BIO constraints are applied at decoding). */
  readonly crf: CrfParameters;
  readonly epochs: number;
  readonly bestEpoch: number;
  readonly trainDocuments: number;
  readonly heldOutDocuments: number;
  /** Strict entity scores on the held-out share, in token space: the adapted model, and the base model's (labels mapped). */
  readonly heldOut: { readonly adapted: SpanScore; readonly base: SpanScore } | null;
}

/** With a label that has nothing to start from, the epoch kept is this one or later (docs/adaptation.md: from nothing, 50 documents). */
export const FRESH_MIN_EPOCHS = 10;

export const FIT_DEFAULTS = { maxEpochs: 40, learningRate: 0.001, l2: 0.0001, batchSize: 8, heldOutShare: 0.2, patience: 6, seed: 1, progressIntervalMs: 100 } as const;

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

/** The documents held out: a seeded share, at least one when there are two or more documents and the share is positive. */
export function heldOutDocuments(documents: number, share: number, seed: number): Set<number> {
  if (share <= 0 || documents < 2) return new Set();
  const count = Math.min(documents - 1, Math.max(1, Math.round(documents * share)));
  return new Set(shuffle([...Array(documents).keys()], seededRandom(seed ^ 0x9e3779b9)).slice(0, count));
}

/** For each adapted label, the base label whose column and CRF scores it starts from (its own, or its type's warm start), or -1: nothing to start from. */
export function startingBaseLabels(setup: FitSetup): number[] {
  return setup.labels.map((label) => {
    const tag = parseBioLabel(label);
    const from = tag.kind === 'other' ? label : `${tag.kind}-${setup.initialTypes?.get(tag.type) ?? tag.type}`;
    return setup.baseLabels.indexOf(from);
  });
}

/**
 * CRF scores for labels with nothing to start from: the base model's average type. A new label's
 * start (end) score is the mean of the base's B- (I-) labels' start (end) scores; a transition touching
 * one is the mean of the base's transitions between labels of the same roles (B, I, O), within one
 * base type where both ends are of one adapted type, between different base types otherwise (so O ->
 * B-NEW reads like O -> B-PER, B-NEW -> I-NEW like B-PER -> I-PER, B-NEW -> I-PER like B-LOC -> I-PER).
 * Zero where the base has no such pair; non-finite base scores (baked-in BIO constraints) are skipped.
 * Returns the full start, end and transition arrays (the base's scores where both ends have one).
 */
export function averageTypeScores(setup: FitSetup): { start: Float32Array; end: Float32Array; transitions: Float32Array } {
  const { labels, baseLabels, baseCrf } = setup;
  const T = labels.length;
  const B = baseLabels.length;
  const baseIndex = startingBaseLabels(setup);
  const baseTags = baseLabels.map(parseBioLabel);
  const adaptedTags = labels.map(parseBioLabel);
  // the base labels an adapted label may stand for, each with its base type ('' for O)
  const candidates = labels.map((_, k) => {
    if (baseIndex[k] >= 0) {
      const tag = baseTags[baseIndex[k]];
      return [{ j: baseIndex[k], type: tag.kind === 'other' ? '' : tag.type }];
    }
    const kind = adaptedTags[k].kind;
    return baseTags.flatMap((tag, j) => (tag.kind === kind && tag.kind !== 'other' ? [{ j, type: tag.type }] : []));
  });
  const mean = (values: number[]) => {
    const finite = values.filter(Number.isFinite);
    return finite.length === 0 ? 0 : finite.reduce((sum, value) => sum + value, 0) / finite.length;
  };
  const start = new Float32Array(T);
  const end = new Float32Array(T);
  const transitions = new Float32Array(T * T);
  for (let k = 0; k < T; k++) {
    start[k] = mean(candidates[k].map(({ j }) => baseCrf.startTransitions[j]));
    end[k] = mean(candidates[k].map(({ j }) => baseCrf.endTransitions[j]));
  }
  const typeOf = (k: number) => {
    const tag = adaptedTags[k];
    return tag.kind === 'other' ? '' : tag.type;
  };
  for (let from = 0; from < T; from++) {
    for (let to = 0; to < T; to++) {
      const sameType = typeOf(from) !== '' && typeOf(from) === typeOf(to);
      const values: number[] = [];
      for (const a of candidates[from]) {
        for (const b of candidates[to]) {
          if (a.type !== '' && b.type !== '' && (a.type === b.type) !== sameType) continue;
          values.push(baseCrf.transitions[a.j * B + b.j]);
        }
      }
      transitions[from * T + to] = mean(values);
    }
  }
  return { start, end, transitions };
}

/** The starting point: the base model's columns and transitions for the labels it has, zero elsewhere (CRF scores: the base's average type with averageCrf). */
export function initialParameters(setup: FitSetup, averageCrf = false): { head: EmissionHead; crf: CrfParameters } {
  const { labels, hiddenSize, baseLabels, baseCrf } = setup;
  const T = labels.length;
  const B = baseLabels.length;
  const width = hiddenSize + B;
  const weight = new Float32Array(T * width);
  const baseIndex = startingBaseLabels(setup);
  baseIndex.forEach((j, k) => {
    if (j >= 0) weight[k * width + hiddenSize + j] = 1;
  });
  const startTransitions = new Float32Array(T);
  const endTransitions = new Float32Array(T);
  const transitions = new Float32Array(T * T);
  if (averageCrf && baseIndex.some((j) => j < 0)) {
    const average = averageTypeScores(setup);
    startTransitions.set(average.start);
    endTransitions.set(average.end);
    transitions.set(average.transitions);
  }
  for (let k = 0; k < T; k++) {
    const j = baseIndex[k];
    if (j < 0) continue;
    startTransitions[k] = baseCrf.startTransitions[j];
    endTransitions[k] = baseCrf.endTransitions[j];
    for (let to = 0; to < T; to++) if (baseIndex[to] >= 0) transitions[k * T + to] = baseCrf.transitions[j * B + baseIndex[to]];
  }
  return {
    head: { labels: [...labels], hiddenSize, baseLabels: [...baseLabels], weight, bias: new Float32Array(T) },
    crf: { numTags: T, startTransitions, endTransitions, transitions },
  };
}

/**
 * Which parameters a fit with keepBaseTypes leaves as they start, in the flat order fitAdaptation uses
 * (weight rows, bias, start, end, transitions): a label is kept when it is O or of a kept type that the
 * base model has under its own name (a new type warm-started from a base type never is); a transition
 * when both its ends are. Nothing is kept when keepBaseTypes is empty.
 */
export function frozenParameters(setup: FitSetup, keepBaseTypes: readonly string[]): Uint8Array {
  const { labels, hiddenSize, baseLabels } = setup;
  const T = labels.length;
  const width = hiddenSize + baseLabels.length;
  const keep = new Set(keepBaseTypes);
  const base = labels.map((label) => {
    const tag = parseBioLabel(label);
    return keep.size > 0 && baseLabels.includes(label) && (tag.kind === 'other' || keep.has(tag.type));
  });
  const frozen = new Uint8Array(T * width + 3 * T + T * T);
  const bias = T * width;
  for (let k = 0; k < T; k++) {
    if (!base[k]) continue;
    frozen.fill(1, k * width, (k + 1) * width);
    frozen[bias + k] = 1;
    frozen[bias + T + k] = 1;
    frozen[bias + 2 * T + k] = 1;
    for (let to = 0; to < T; to++) if (base[to]) frozen[bias + 3 * T + k * T + to] = 1;
  }
  return frozen;
}

/** Entity spans of a tag path in token space ("start:end:type"), as tagsToEntities reads BIO. */
export function tagSpans(tags: ArrayLike<number>, labels: readonly string[]): string[] {
  const parsed = labels.map(parseBioLabel);
  const spans: string[] = [];
  let open: { start: number; type: string } | null = null;
  const close = (end: number) => {
    if (open) spans.push(`${open.start}:${end}:${open.type}`);
    open = null;
  };
  for (let i = 0; i < tags.length; i++) {
    const tag = parsed[tags[i]];
    if (tag.kind === 'I' && open !== null && (open as { type: string }).type === tag.type) continue;
    close(i);
    if (tag.kind !== 'other') open = { start: i, type: tag.type };
  }
  close(tags.length);
  return spans;
}

function spanScore(correct: number, predicted: number, support: number): SpanScore {
  const precision = predicted === 0 ? 0 : correct / predicted;
  const recall = support === 0 ? 0 : correct / support;
  return { precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall), support };
}

/** Strict span scores of predicted against gold tag paths. */
export function scorePaths(pairs: readonly { predicted: ArrayLike<number>; gold: ArrayLike<number> }[], predictedLabels: readonly string[], goldLabels: readonly string[]): SpanScore {
  let correct = 0;
  let predicted = 0;
  let support = 0;
  for (const pair of pairs) {
    const goldSpans = new Set(tagSpans(pair.gold, goldLabels));
    const predictedSpans = tagSpans(pair.predicted, predictedLabels);
    support += goldSpans.size;
    predicted += predictedSpans.length;
    for (const span of predictedSpans) if (goldSpans.has(span)) correct++;
  }
  return spanScore(correct, predicted, support);
}

/** The head's emissions for a sequence. shape: (length, labels) */
export function headEmissions(head: EmissionHead, sequence: TrainingSequence, out?: Float64Array): Float64Array {
  const T = head.labels.length;
  const width = head.hiddenSize + head.baseLabels.length;
  const { features, length } = sequence;
  const emissions = out && out.length >= length * T ? out : new Float64Array(length * T);
  const { weight, bias } = head;
  for (let i = 0; i < length; i++) {
    const x = i * width;
    for (let k = 0; k < T; k++) {
      const w = k * width;
      let sum = bias[k];
      for (let f = 0; f < width; f++) sum += weight[w + f] * features[x + f];
      emissions[i * T + k] = sum;
    }
  }
  return emissions;
}

/** Scales tried for a prototype row: the mean gap between its tokens' and O tokens' scores, in logits. */
export const PROTOTYPE_GAPS = [0.25, 0.5, 1, 2, 4, 8, 16, 32] as const;

/**
 * Emission rows for labels with nothing to start from (few-shot prototypes): label k's weights are
 * alpha * (mean feature vector of the tokens tagged k - mean of the tokens tagged O), and its bias
 * makes it compete with the other labels: alpha (from PROTOTYPE_GAPS) and the bias are the pair that
 * best separates k's tokens from the rest (token F1 of "k's emission beats the best of the labels
 * that start from the base model and of the rows already set" over the sequences given: the training
 * share; B- rows first). Labels without a token, or whose mean equals O's, are left out.
 * @param head the starting point (startingBaseLabels' columns): the emissions the new rows compete with
 * @param fresh the labels to initialise
 */
export function prototypeRows(sequences: readonly TrainingSequence[], head: EmissionHead, fresh: readonly number[]): Map<number, { weight: Float64Array; bias: number }> {
  const T = head.labels.length;
  const width = head.hiddenSize + head.baseLabels.length;
  const freshSet = new Set(fresh);
  const O = head.labels.indexOf('O');
  const sums = new Map<number, { sum: Float64Array; count: number }>();
  for (const k of [O, ...fresh]) if (k >= 0) sums.set(k, { sum: new Float64Array(width), count: 0 });
  // the best competing emission at each token (labels that start from the base model)
  const tokens = sequences.reduce((sum, sequence) => sum + sequence.length, 0);
  const competitor = new Float64Array(tokens);
  const gold = new Int32Array(tokens);
  let emissions: Float64Array = new Float64Array(0);
  let t = 0;
  for (const sequence of sequences) {
    emissions = headEmissions(head, sequence, emissions);
    for (let i = 0; i < sequence.length; i++, t++) {
      let best = freshSet.size === T ? 0 : -Infinity;
      for (let k = 0; k < T; k++) if (!freshSet.has(k)) best = Math.max(best, emissions[i * T + k]);
      competitor[t] = best;
      gold[t] = sequence.tags[i];
      const entry = sums.get(sequence.tags[i]);
      if (!entry) continue;
      entry.count++;
      for (let f = 0; f < width; f++) entry.sum[f] += sequence.features[i * width + f];
    }
  }
  const result = new Map<number, { weight: Float64Array; bias: number }>();
  const negative = sums.get(O);
  if (!negative || negative.count === 0) return result;
  const meanO = negative.sum.map((value) => value / negative.count);
  // B- rows first: an I- row then competes with the B- rows too (a type's I- tokens often lie between O's and its B-'s)
  const order = [...fresh].sort((a, b) => Number(parseBioLabel(head.labels[b]).kind === 'B') - Number(parseBioLabel(head.labels[a]).kind === 'B'));
  for (const k of order) {
    const entry = sums.get(k)!;
    if (entry.count === 0) continue;
    const direction = entry.sum.map((value, f) => value / entry.count - meanO[f]);
    const squared = direction.reduce((sum, value) => sum + value * value, 0);
    if (!(squared > 0)) continue;
    // projections of every token on the direction
    const projection = new Float64Array(tokens);
    t = 0;
    for (const sequence of sequences) {
      for (let i = 0; i < sequence.length; i++, t++) {
        let sum = 0;
        for (let f = 0; f < width; f++) sum += direction[f] * sequence.features[i * width + f];
        projection[t] = sum;
      }
    }
    let chosen = { f1: -1, alpha: 0, bias: 0 };
    for (const gap of PROTOTYPE_GAPS) {
      const alpha = gap / squared;
      // margin over the competitor; the bias puts the threshold where token F1 is best
      const margin = Array.from(projection, (value, index) => ({ value: alpha * value - competitor[index], positive: gold[index] === k }));
      margin.sort((a, b) => b.value - a.value);
      let correct = 0;
      for (let index = 0; index < margin.length; index++) {
        if (margin[index].positive) correct++;
        if (index + 1 < margin.length && margin[index + 1].value === margin[index].value) continue;
        const f1 = (2 * correct) / (index + 1 + entry.count);
        if (f1 > chosen.f1) {
          const threshold = index + 1 < margin.length ? (margin[index].value + margin[index + 1].value) / 2 : margin[index].value - 1;
          chosen = { f1, alpha, bias: -threshold };
        }
      }
    }
    const weight = direction.map((value) => chosen.alpha * value);
    result.set(k, { weight, bias: chosen.bias });
    for (let index = 0; index < tokens; index++) competitor[index] = Math.max(competitor[index], chosen.alpha * projection[index] + chosen.bias);
  }
  return result;
}

/** Viterbi paths of the adapted model on sequences. */
function decode(head: EmissionHead, crf: CrfParameters, sequences: readonly TrainingSequence[]): Int32Array[] {
  const constrained = withBioConstraints(crf, head.labels);
  return sequences.map((sequence) => viterbi(constrained, Float32Array.from(headEmissions(head, sequence).subarray(0, sequence.length * head.labels.length)), sequence.length));
}

/** The base model's Viterbi paths, in the adapted labels (mapped by name or baseLabelMap; unmapped types become O). */
function decodeBase(setup: FitSetup, sequences: readonly TrainingSequence[]): Int32Array[] {
  const { baseLabels, labels } = setup;
  const toAdapted = baseLabels.map((label) => {
    const tag = parseBioLabel(label);
    if (tag.kind === 'other') return 0;
    const mapped = setup.baseLabelMap ? setup.baseLabelMap.get(tag.type) : tag.type;
    const index = mapped ? labels.indexOf(`${tag.kind}-${mapped}`) : -1;
    return index < 0 ? 0 : index;
  });
  return baseViterbiPaths(setup, sequences).map((path) => Int32Array.from(path, (tag) => toAdapted[tag]));
}

/** The base model's own Viterbi paths (its labels) from the base logits in the features. */
function baseViterbiPaths(setup: FitSetup, sequences: readonly TrainingSequence[]): Int32Array[] {
  const { baseLabels, baseCrf, hiddenSize } = setup;
  const constrained = withBioConstraints(baseCrf, baseLabels);
  const B = baseLabels.length;
  const width = hiddenSize + B;
  return sequences.map((sequence) => {
    const logits = new Float32Array(sequence.length * B);
    for (let i = 0; i < sequence.length; i++) logits.set(sequence.features.subarray(i * width + hiddenSize, (i + 1) * width), i * B);
    return viterbi(constrained, logits, sequence.length);
  });
}

/**
 * Fits the head and the CRF. Sequences whose document is held out are never fitted on; they pick
 * the epoch kept (best strict span F1) and give the reported scores.
 */
export async function fitAdaptation(sequences: readonly TrainingSequence[], setup: FitSetup, options: FitOptions = {}): Promise<FitResult> {
  const settings = { ...FIT_DEFAULTS, ...options };
  const { labels, hiddenSize, baseLabels } = setup;
  const T = labels.length;
  const width = hiddenSize + baseLabels.length;
  for (const sequence of sequences) {
    if (sequence.features.length !== sequence.length * width || sequence.tags.length !== sequence.length) {
      throw new Error(`expected features of ${sequence.length}x${width} and ${sequence.length} tags, got ${sequence.features.length} floats and ${sequence.tags.length} tags`);
    }
  }
  const documents = sequences.reduce((max, sequence) => Math.max(max, sequence.document + 1), 0);
  const heldOut = heldOutDocuments(documents, settings.heldOutShare, settings.seed);
  const train = sequences.filter((sequence) => !heldOut.has(sequence.document));
  const held = sequences.filter((sequence) => heldOut.has(sequence.document));
  if (train.length === 0) throw new Error('no sequence to fit on');

  const fromPrototypes = settings.newLabelStart !== 'zero';
  // labels with nothing to start from (a new type without a warm start)
  const fresh = startingBaseLabels(setup).flatMap((j, k) => (j < 0 ? [k] : []));
  const start = initialParameters(setup, fromPrototypes && settings.averageCrf !== false);
  // one flat parameter vector: weight, bias, start, end, transitions
  const offsets = { weight: 0, bias: T * width, start: T * width + T, end: T * width + 2 * T, transitions: T * width + 3 * T };
  const size = offsets.transitions + T * T;
  const theta = new Float64Array(size);
  theta.set(start.head.weight, offsets.weight);
  if (fromPrototypes && fresh.length > 0) {
    for (const [k, row] of prototypeRows(train, start.head, fresh)) {
      theta.set(row.weight, offsets.weight + k * width);
      theta[offsets.bias + k] = row.bias;
    }
  }
  theta.set(start.crf.startTransitions, offsets.start);
  theta.set(start.crf.endTransitions, offsets.end);
  theta.set(start.crf.transitions, offsets.transitions);
  const theta0 = Float64Array.from(theta);
  const m = new Float64Array(size);
  const v = new Float64Array(size);
  const grad = new Float64Array(size);
  const frozen = settings.keepBaseTypes && settings.keepBaseTypes.length > 0 ? frozenParameters(setup, settings.keepBaseTypes) : null;
  const frozenRow = labels.map((_, k) => frozen !== null && frozen[k * width] === 1);
  let step = 0;

  const headOf = (values: Float64Array): EmissionHead => ({
    labels: [...labels],
    hiddenSize,
    baseLabels: [...baseLabels],
    weight: Float32Array.from(values.subarray(offsets.weight, offsets.bias)),
    bias: Float32Array.from(values.subarray(offsets.bias, offsets.start)),
  });
  const crfOf = (values: Float64Array): CrfParameters => ({
    numTags: T,
    startTransitions: Float32Array.from(values.subarray(offsets.start, offsets.end)),
    endTransitions: Float32Array.from(values.subarray(offsets.end, offsets.transitions)),
    transitions: Float32Array.from(values.subarray(offsets.transitions)),
  });
  const goldPaths = held.map((sequence) => sequence.tags);
  const evaluate = (values: Float64Array) => {
    const predicted = decode(headOf(values), crfOf(values), held);
    return scorePaths(predicted.map((path, index) => ({ predicted: path, gold: goldPaths[index] })), labels, labels);
  };
  const heldOutLoss = (values: Float64Array) => {
    const head = headOf(values);
    const crf = withBioConstraints(crfOf(values), labels);
    let sum = 0;
    for (const sequence of held) sum += crfNll(crf, headEmissions(head, sequence), sequence.length, sequence.tags, null, null);
    return sum / held.length;
  };
  // the criterion picking the epoch kept: higher is better
  const select = settings.select ?? (fresh.length > 0 ? 'loss' : 'f1');
  const criterion = (values: Float64Array, score: SpanScore) => (select === 'loss' ? -heldOutLoss(values) : score.f1);
  const minEpochs = Math.min(settings.maxEpochs, settings.minEpochs ?? (fresh.length > 0 ? FRESH_MIN_EPOCHS : 0));

  const random = seededRandom(settings.seed);
  const work = crfWork();
  let emissions = new Float64Array(0);
  let emissionGrad = new Float64Array(0);
  let best = { value: -Infinity, epoch: 0, theta: Float64Array.from(theta), score: null as SpanScore | null };
  let lastReport = -Infinity;
  let epochsRun = 0;
  const report = async (epoch: number, force: boolean) => {
    const now = Date.now();
    if (!force && now - lastReport < settings.progressIntervalMs) return;
    lastReport = now;
    await settings.onProgress?.({
      epoch,
      maxEpochs: settings.maxEpochs,
      fraction: Math.min(1, epoch / settings.maxEpochs),
      heldOutF1: best.score?.f1 ?? null,
      bestF1: best.score ? best.score.f1 : null,
    });
  };
  if (frozen !== null && held.length > 0 && settings.keepStart !== false && minEpochs === 0) {
    // keeping the base: the starting point itself (the base model, a new type on its warm start) is a candidate
    const score = evaluate(theta);
    best = { value: criterion(theta, score), epoch: 0, theta: Float64Array.from(theta), score };
  }
  await report(0, true);
  const order = [...train.keys()];
  for (let epoch = 1; epoch <= settings.maxEpochs; epoch++) {
    shuffle(order, random);
    for (let first = 0; first < order.length; first += settings.batchSize) {
      const batch = order.slice(first, first + settings.batchSize);
      grad.fill(0);
      const crf = withBioConstraints(crfOf(theta), labels);
      const head = headOf(theta);
      const crfGrads = zeroCrfGradients(T);
      for (const index of batch) {
        const sequence = train[index];
        const { length, features, tags } = sequence;
        if (emissions.length < length * T) {
          emissions = new Float64Array(length * T);
          emissionGrad = new Float64Array(length * T);
        }
        headEmissions(head, sequence, emissions);
        crfNll(crf, emissions, length, tags, emissionGrad, crfGrads, work);
        for (let i = 0; i < length; i++) {
          const x = i * width;
          for (let k = 0; k < T; k++) {
            const g = emissionGrad[i * T + k];
            if (g === 0 || frozenRow[k]) continue;
            const w = offsets.weight + k * width;
            for (let f = 0; f < width; f++) grad[w + f] += g * features[x + f];
            grad[offsets.bias + k] += g;
          }
        }
      }
      grad.set(crfGrads.start, offsets.start);
      grad.set(crfGrads.end, offsets.end);
      grad.set(crfGrads.transitions, offsets.transitions);
      // Adam on the mean loss of the batch + l2 * |theta - theta0|^2 / 2
      step++;
      const scale = 1 / batch.length;
      const { learningRate, l2 } = settings;
      const correction1 = 1 - 0.9 ** step;
      const correction2 = 1 - 0.999 ** step;
      for (let p = 0; p < size; p++) {
        if (frozen !== null && frozen[p] === 1) continue;
        const g = grad[p] * scale + l2 * (theta[p] - theta0[p]);
        m[p] = 0.9 * m[p] + 0.1 * g;
        v[p] = 0.999 * v[p] + 0.001 * g * g;
        theta[p] -= (learningRate * (m[p] / correction1)) / (Math.sqrt(v[p] / correction2) + 1e-8);
      }
      await report(epoch - 1 + first / order.length, false);
    }
    epochsRun = epoch;
    if (held.length === 0) {
      best = { value: 0, epoch, theta: Float64Array.from(theta), score: null };
    } else {
      const score = evaluate(theta);
      const value = criterion(theta, score);
      if (epoch >= minEpochs && (value > best.value || best.epoch < minEpochs)) best = { value, epoch, theta: Float64Array.from(theta), score };
    }
    await report(epoch, true);
    if (held.length > 0 && epoch >= minEpochs && epoch - best.epoch >= settings.patience) break;
  }
  let heldOutScores: FitResult['heldOut'] = null;
  if (held.length > 0 && best.score) {
    const basePaths = decodeBase(setup, held);
    const base = scorePaths(basePaths.map((path, index) => ({ predicted: path, gold: goldPaths[index] })), labels, labels);
    heldOutScores = { adapted: best.score, base };
  }
  return {
    head: headOf(best.theta),
    crf: crfOf(best.theta),
    epochs: epochsRun,
    bestEpoch: best.epoch,
    trainDocuments: documents - heldOut.size,
    heldOutDocuments: heldOut.size,
    heldOut: heldOutScores,
  };
}

/**
 * For each type the documents share with the base model (same name): how well the base model's own
 * predictions of that type agree with the documents' (strict span F1, token space). A low figure
 * on enough examples means the name is used for a different thing (labels.ts labelClashes).
 */
export function baseAgreement(sequences: readonly TrainingSequence[], setup: FitSetup): Map<string, SpanScore> {
  const paths = decodeBase({ ...setup, baseLabelMap: undefined }, sequences);
  const result = new Map<string, SpanScore>();
  const baseTypes = new Set(setup.baseLabels.map(parseBioLabel).flatMap((tag) => (tag.kind === 'other' ? [] : [tag.type])));
  const counts = new Map<string, { correct: number; predicted: number; support: number }>();
  sequences.forEach((sequence, index) => {
    const gold = tagSpans(sequence.tags, setup.labels);
    const goldSet = new Set(gold);
    const count = (type: string) => counts.get(type) ?? counts.set(type, { correct: 0, predicted: 0, support: 0 }).get(type)!;
    for (const span of gold) count(span.slice(span.lastIndexOf(':') + 1)).support++;
    for (const span of tagSpans(paths[index], setup.labels)) {
      const entry = count(span.slice(span.lastIndexOf(':') + 1));
      entry.predicted++;
      if (goldSet.has(span)) entry.correct++;
    }
  });
  for (const [type, { correct, predicted, support }] of counts) if (baseTypes.has(type)) result.set(type, spanScore(correct, predicted, support));
  return result;
}

/** A base type is a new type's starting point when at least this share of the tokens the base model gives it are of that type in the documents. */
export const WARM_START_SHARE = 0.4;

/**
 * For each type the base model does not have: the base type whose predictions fall most on it in
 * the documents (most tokens, and at least WARM_START_SHARE of that base type's predicted tokens),
 * if any. The new type then starts from that type's columns and transitions (KLUE's PS from
 * KMOU's PER) instead of from nothing; the fit still learns it from the documents alone.
 */
export function warmStartTypes(sequences: readonly TrainingSequence[], setup: FitSetup): Map<string, string> {
  const { baseLabels, labels } = setup;
  const baseType = baseLabels.map((label) => {
    const tag = parseBioLabel(label);
    return tag.kind === 'other' ? null : tag.type;
  });
  const adaptedType = labels.map((label) => {
    const tag = parseBioLabel(label);
    return tag.kind === 'other' ? null : tag.type;
  });
  const known = new Set(baseType.filter((type): type is string => type !== null));
  // counts[baseType][adaptedType or ""] of tokens
  const counts = new Map<string, Map<string, number>>();
  const paths = baseViterbiPaths(setup, sequences);
  sequences.forEach((sequence, index) => {
    const path = paths[index];
    for (let i = 0; i < sequence.length; i++) {
      const predicted = baseType[path[i]];
      if (predicted === null) continue;
      const row = counts.get(predicted) ?? counts.set(predicted, new Map()).get(predicted)!;
      const gold = adaptedType[sequence.tags[i]] ?? '';
      row.set(gold, (row.get(gold) ?? 0) + 1);
    }
  });
  const best = new Map<string, { type: string; tokens: number }>();
  for (const [predicted, row] of counts) {
    const total = [...row.values()].reduce((sum, count) => sum + count, 0);
    for (const [gold, tokens] of row) {
      if (gold === '' || known.has(gold) || tokens < WARM_START_SHARE * total) continue;
      if ((best.get(gold)?.tokens ?? 0) < tokens) best.set(gold, { type: predicted, tokens });
    }
  }
  return new Map([...best].map(([gold, { type }]) => [gold, type]));
}
