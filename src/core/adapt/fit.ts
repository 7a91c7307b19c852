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

/** The starting point: the base model's columns and transitions for the labels it has, zero elsewhere. */
export function initialParameters(setup: FitSetup): { head: EmissionHead; crf: CrfParameters } {
  const { labels, hiddenSize, baseLabels, baseCrf } = setup;
  const T = labels.length;
  const B = baseLabels.length;
  const width = hiddenSize + B;
  const weight = new Float32Array(T * width);
  const baseIndex = labels.map((label) => {
    const tag = parseBioLabel(label);
    const from = tag.kind === 'other' ? label : `${tag.kind}-${setup.initialTypes?.get(tag.type) ?? tag.type}`;
    return baseLabels.indexOf(from);
  });
  baseIndex.forEach((j, k) => {
    if (j >= 0) weight[k * width + hiddenSize + j] = 1;
  });
  const startTransitions = new Float32Array(T);
  const endTransitions = new Float32Array(T);
  const transitions = new Float32Array(T * T);
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

  const start = initialParameters(setup);
  // one flat parameter vector: weight, bias, start, end, transitions
  const offsets = { weight: 0, bias: T * width, start: T * width + T, end: T * width + 2 * T, transitions: T * width + 3 * T };
  const size = offsets.transitions + T * T;
  const theta = new Float64Array(size);
  theta.set(start.head.weight, offsets.weight);
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

  const random = seededRandom(settings.seed);
  const work = crfWork();
  let emissions = new Float64Array(0);
  let emissionGrad = new Float64Array(0);
  let best = { f1: -1, epoch: 0, theta: Float64Array.from(theta), score: null as SpanScore | null };
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
  if (frozen !== null && held.length > 0 && settings.keepStart !== false) {
    // keeping the base: the starting point itself (the base model, a new type on its warm start) is a candidate
    const score = evaluate(theta);
    best = { f1: score.f1, epoch: 0, theta: Float64Array.from(theta), score };
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
      best = { f1: 0, epoch, theta: Float64Array.from(theta), score: null };
    } else {
      const score = evaluate(theta);
      if (score.f1 > best.f1) best = { f1: score.f1, epoch, theta: Float64Array.from(theta), score };
    }
    await report(epoch, true);
    if (held.length > 0 && epoch - best.epoch >= settings.patience) break;
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
