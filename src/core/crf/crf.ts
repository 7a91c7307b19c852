/**
 * Linear-chain CRF decoding in plain TypeScript, with the semantics of kmkurn/pytorch-crf:
 *
 *   score(y) = start[y0] + e[0][y0] + sum_{i>=1} (transitions[y_{i-1}][y_i] + e[i][y_i]) + end[y_{n-1}]
 *
 * over the first n positions of a sequence (those where the mask is on; masks are a prefix
 * of ones). Everything is in score (log) space.
 */

export interface CrfParameters {
  readonly numTags: number;
  /** shape: (numTags,) */
  readonly startTransitions: Float32Array;
  /** shape: (numTags,) */
  readonly endTransitions: Float32Array;
  /** shape: (numTags, numTags), row-major; transitions[from * numTags + to] */
  readonly transitions: Float32Array;
}

/**
 * The best tag path for one sequence.
 * @param emissions shape: (>= length, numTags), row-major; only the first `length` rows are read
 * @returns shape: (length,): tag index per position
 */
export function viterbi(crf: CrfParameters, emissions: Float32Array, length: number): Int32Array {
  const { numTags, startTransitions, endTransitions } = crf;
  checkSequence(crf, emissions, length);
  const path = new Int32Array(length);
  if (length === 0) return path;

  // shape: (numTags,): best score of a path ending in each tag at the current position
  let score = new Float64Array(numTags);
  let nextScore = new Float64Array(numTags);
  // shape: (length, numTags): best previous tag for each (position, tag)
  const history = new Int32Array(length * numTags);

  // Only allowed (finite) transitions are visited: BIO constraints forbid about 40% of them.
  const { intoStart, predecessors, intoScores } = transitionTables(crf);
  for (let tag = 0; tag < numTags; tag++) score[tag] = startTransitions[tag] + emissions[tag];
  for (let position = 1; position < length; position++) {
    const emissionRow = position * numTags;
    for (let to = 0; to < numTags; to++) {
      let bestScore = -Infinity;
      let bestFrom = 0;
      // predecessors are in increasing order, so ties go to the lowest tag as in a full scan
      for (let k = intoStart[to]; k < intoStart[to + 1]; k++) {
        const candidate = score[predecessors[k]] + intoScores[k];
        if (candidate > bestScore) {
          bestScore = candidate;
          bestFrom = predecessors[k];
        }
      }
      nextScore[to] = bestScore + emissions[emissionRow + to];
      history[emissionRow + to] = bestFrom;
    }
    [score, nextScore] = [nextScore, score];
  }

  let bestLast = 0;
  let bestLastScore = -Infinity;
  for (let tag = 0; tag < numTags; tag++) {
    const candidate = score[tag] + endTransitions[tag];
    if (candidate > bestLastScore) {
      bestLastScore = candidate;
      bestLast = tag;
    }
  }
  path[length - 1] = bestLast;
  for (let position = length - 1; position > 0; position--) {
    path[position - 1] = history[position * numTags + path[position]];
  }
  return path;
}

/**
 * Posterior marginals P(y_i = tag | emissions) by forward-backward.
 *
 * Runs in probability space with each step rescaled to sum to 1 (no exp or log in the inner
 * loop, forbidden transitions skipped: several times faster than log-sum-exp); falls back to log space in the rare case where a
 * step underflows to zero (scores hundreds of nats apart).
 * @param emissions shape: (>= length, numTags), row-major
 * @returns shape: (length, numTags), row-major; each row sums to 1
 */
export function marginals(crf: CrfParameters, emissions: Float32Array, length: number): Float32Array {
  checkSequence(crf, emissions, length);
  const result = new Float32Array(length * crf.numTags);
  if (length === 0) return result;
  if (!scaledMarginals(crf, emissions, length, result)) logSpaceMarginals(crf, emissions, length, result);
  return result;
}

/**
 * The allowed (finite) transitions of a CRF as lists, by destination and by source, with their
 * scores and exp(score - max score); built once per CRF. Forbidden (-Infinity) ones are left out.
 */
interface TransitionTables {
  /** The predecessors of tag `to` are predecessors[intoStart[to] .. intoStart[to + 1]), increasing. shape: (numTags + 1,) */
  readonly intoStart: Int32Array;
  /** shape: (allowed,) */
  readonly predecessors: Int32Array;
  /** shape: (allowed,): transitions[from][to], in the order of predecessors */
  readonly intoScores: Float64Array;
  readonly intoExpScores: Float64Array;
  /** The successors of tag `from` are successors[outStart[from] .. outStart[from + 1]). shape: (numTags + 1,) */
  readonly outStart: Int32Array;
  readonly successors: Int32Array;
  readonly outExpScores: Float64Array;
  /** shape: (numTags,): exp(start - max start), exp(end - max end) */
  readonly expStart: Float64Array;
  readonly expEnd: Float64Array;
}

const transitionTablesCache = new WeakMap<CrfParameters, TransitionTables>();

function transitionTables(crf: CrfParameters): TransitionTables {
  const cached = transitionTablesCache.get(crf);
  if (cached) return cached;
  const { numTags, transitions } = crf;
  // Subtracting the largest score keeps exp() finite; a constant per vector cancels when each step is rescaled.
  const maxOf = (scores: Float32Array) => scores.reduce((max, value) => (value > max ? value : max), -Infinity);
  const expShifted = (scores: Float32Array) => {
    const max = maxOf(scores);
    return Float64Array.from(scores, (value) => (max === -Infinity ? 0 : Math.exp(value - max)));
  };
  const maxTransition = maxOf(transitions);
  const allowed = transitions.reduce((count, value) => (value === -Infinity ? count : count + 1), 0);
  const intoStart = new Int32Array(numTags + 1);
  const predecessors = new Int32Array(allowed);
  const intoScores = new Float64Array(allowed);
  const intoExpScores = new Float64Array(allowed);
  const outStart = new Int32Array(numTags + 1);
  const successors = new Int32Array(allowed);
  const outExpScores = new Float64Array(allowed);
  let into = 0;
  let out = 0;
  for (let tag = 0; tag < numTags; tag++) {
    intoStart[tag] = into;
    outStart[tag] = out;
    for (let other = 0; other < numTags; other++) {
      const intoScore = transitions[other * numTags + tag];
      if (intoScore !== -Infinity) {
        predecessors[into] = other;
        intoScores[into] = intoScore;
        intoExpScores[into++] = Math.exp(intoScore - maxTransition);
      }
      const outScore = transitions[tag * numTags + other];
      if (outScore !== -Infinity) {
        successors[out] = other;
        outExpScores[out++] = Math.exp(outScore - maxTransition);
      }
    }
  }
  intoStart[numTags] = into;
  outStart[numTags] = out;
  const tables = {
    intoStart, predecessors, intoScores, intoExpScores, outStart, successors, outExpScores,
    expStart: expShifted(crf.startTransitions), expEnd: expShifted(crf.endTransitions),
  };
  transitionTablesCache.set(crf, tables);
  return tables;
}

/** Forward-backward with per-step rescaling; false when a step underflowed (then nothing is trusted). */
function scaledMarginals(crf: CrfParameters, emissions: Float32Array, length: number, result: Float32Array): boolean {
  const { numTags } = crf;
  const { intoStart, predecessors, intoExpScores, outStart, successors, outExpScores, expStart, expEnd } = transitionTables(crf);
  // shape: (length, numTags): exp(emission - its row's max)
  const expEmissions = new Float64Array(length * numTags);
  for (let position = 0; position < length; position++) {
    const row = position * numTags;
    let max = -Infinity;
    for (let tag = 0; tag < numTags; tag++) if (emissions[row + tag] > max) max = emissions[row + tag];
    for (let tag = 0; tag < numTags; tag++) expEmissions[row + tag] = Math.exp(emissions[row + tag] - max);
  }
  // shape: (length, numTags): alpha and beta, each row rescaled to sum to 1 (marginals are proportional to alpha * beta per row)
  const alpha = new Float64Array(length * numTags);
  const beta = new Float64Array(length * numTags);

  for (let tag = 0; tag < numTags; tag++) alpha[tag] = expStart[tag] * expEmissions[tag];
  if (!rescale(alpha, 0, numTags)) return false;
  for (let position = 1; position < length; position++) {
    const row = position * numTags;
    const previousRow = row - numTags;
    // alpha[row + to] = expEmission * sum over allowed from of alpha[previousRow + from] * exp(transitions[from][to])
    for (let to = 0; to < numTags; to++) {
      let sum = 0;
      for (let k = intoStart[to]; k < intoStart[to + 1]; k++) sum += alpha[previousRow + predecessors[k]] * intoExpScores[k];
      alpha[row + to] = sum * expEmissions[row + to];
    }
    if (!rescale(alpha, row, numTags)) return false;
  }

  const lastRow = (length - 1) * numTags;
  for (let tag = 0; tag < numTags; tag++) beta[lastRow + tag] = expEnd[tag];
  if (!rescale(beta, lastRow, numTags)) return false;
  // shape: (numTags,): expEmissions * beta of the next position
  const next = new Float64Array(numTags);
  for (let position = length - 2; position >= 0; position--) {
    const row = position * numTags;
    const nextRow = row + numTags;
    for (let to = 0; to < numTags; to++) next[to] = expEmissions[nextRow + to] * beta[nextRow + to];
    for (let from = 0; from < numTags; from++) {
      let sum = 0;
      for (let k = outStart[from]; k < outStart[from + 1]; k++) sum += outExpScores[k] * next[successors[k]];
      beta[row + from] = sum;
    }
    if (!rescale(beta, row, numTags)) return false;
  }

  for (let position = 0; position < length; position++) {
    const row = position * numTags;
    let total = 0;
    for (let tag = 0; tag < numTags; tag++) total += alpha[row + tag] * beta[row + tag];
    if (!(total > 0) || !Number.isFinite(total)) return false;
    for (let tag = 0; tag < numTags; tag++) result[row + tag] = (alpha[row + tag] * beta[row + tag]) / total;
  }
  return true;
}

/** Divides values[start .. start + count) by their sum; false when the sum is 0 or not finite. */
function rescale(values: Float64Array, start: number, count: number): boolean {
  let sum = 0;
  for (let i = start; i < start + count; i++) sum += values[i];
  if (!(sum > 0) || !Number.isFinite(sum)) return false;
  const inverse = 1 / sum;
  for (let i = start; i < start + count; i++) values[i] *= inverse;
  return true;
}

/** Forward-backward in log space (the fallback): a sum over tags becomes a log-sum-exp. */
function logSpaceMarginals(crf: CrfParameters, emissions: Float32Array, length: number, result: Float32Array): void {
  const { numTags, startTransitions, endTransitions, transitions } = crf;
  // shape: (length, numTags): alpha[i][t] = log sum over paths y_0..y_i with y_i = t (emission i included)
  const alpha = new Float64Array(length * numTags);
  // shape: (length, numTags): beta[i][t] = log sum over paths y_{i+1}.. given y_i = t (end included)
  const beta = new Float64Array(length * numTags);
  // shape: (numTags,): scratch for one log-sum-exp
  const terms = new Float64Array(numTags);

  for (let tag = 0; tag < numTags; tag++) alpha[tag] = startTransitions[tag] + emissions[tag];
  for (let position = 1; position < length; position++) {
    const row = position * numTags;
    const previousRow = row - numTags;
    for (let to = 0; to < numTags; to++) {
      // a sum over previous tags becomes a log-sum-exp in score space
      for (let from = 0; from < numTags; from++) terms[from] = alpha[previousRow + from] + transitions[from * numTags + to];
      alpha[row + to] = logSumExp(terms) + emissions[row + to];
    }
  }

  const lastRow = (length - 1) * numTags;
  for (let tag = 0; tag < numTags; tag++) beta[lastRow + tag] = endTransitions[tag];
  for (let position = length - 2; position >= 0; position--) {
    const row = position * numTags;
    const nextRow = row + numTags;
    for (let from = 0; from < numTags; from++) {
      for (let to = 0; to < numTags; to++) {
        terms[to] = transitions[from * numTags + to] + emissions[nextRow + to] + beta[nextRow + to];
      }
      beta[row + from] = logSumExp(terms);
    }
  }

  for (let tag = 0; tag < numTags; tag++) terms[tag] = alpha[lastRow + tag] + endTransitions[tag];
  const logPartition = logSumExp(terms);
  for (let index = 0; index < length * numTags; index++) {
    const logMarginal = alpha[index] + beta[index] - logPartition;
    result[index] = logMarginal === -Infinity || Number.isNaN(logMarginal) ? 0 : Math.exp(logMarginal);
  }
}

/** The score of one tag path (for tests and diagnostics). */
export function pathScore(crf: CrfParameters, emissions: Float32Array, tags: ArrayLike<number>): number {
  const { numTags, startTransitions, endTransitions, transitions } = crf;
  const length = tags.length;
  if (length === 0) return 0;
  let score = startTransitions[tags[0]] + emissions[tags[0]];
  for (let position = 1; position < length; position++) {
    score += transitions[tags[position - 1] * numTags + tags[position]] + emissions[position * numTags + tags[position]];
  }
  return score + endTransitions[tags[length - 1]];
}

/**
 * Sequence lengths from a (batchSize, seqLen) mask of 0/1, checking that each row is a
 * prefix of ones starting with one (the reference requires the first timestep on).
 */
export function maskToLengths(mask: ArrayLike<number>, batchSize: number, seqLen: number): Int32Array {
  if (mask.length !== batchSize * seqLen) {
    throw new Error(`expected mask of size ${batchSize}x${seqLen} = ${batchSize * seqLen}, got ${mask.length}`);
  }
  const lengths = new Int32Array(batchSize);
  for (let sequence = 0; sequence < batchSize; sequence++) {
    let length = 0;
    while (length < seqLen && mask[sequence * seqLen + length]) length++;
    for (let position = length; position < seqLen; position++) {
      if (mask[sequence * seqLen + position]) {
        throw new Error(`expected mask row ${sequence} to be ones then zeros, got a one at ${position} after a zero at ${length}`);
      }
    }
    if (length === 0 && seqLen > 0) throw new Error(`expected the first timestep of mask row ${sequence} to be on, got 0`);
    lengths[sequence] = length;
  }
  return lengths;
}

function logSumExp(values: Float64Array): number {
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) if (values[i] > max) max = values[i];
  if (max === -Infinity) return -Infinity;
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += Math.exp(values[i] - max);
  return max + Math.log(sum);
}

function checkSequence(crf: CrfParameters, emissions: Float32Array, length: number) {
  if (!Number.isInteger(length) || length < 0) throw new Error(`expected length to be a non-negative integer, got ${length}`);
  if (emissions.length < length * crf.numTags) {
    throw new Error(`expected emissions of at least ${length}x${crf.numTags} = ${length * crf.numTags} values, got ${emissions.length}`);
  }
}
