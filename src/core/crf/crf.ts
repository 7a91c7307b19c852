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
  const { numTags, startTransitions, endTransitions, transitions } = crf;
  checkSequence(crf, emissions, length);
  const path = new Int32Array(length);
  if (length === 0) return path;

  // shape: (numTags,): best score of a path ending in each tag at the current position
  let score = new Float64Array(numTags);
  let nextScore = new Float64Array(numTags);
  // shape: (length, numTags): best previous tag for each (position, tag)
  const history = new Int32Array(length * numTags);

  for (let tag = 0; tag < numTags; tag++) score[tag] = startTransitions[tag] + emissions[tag];
  for (let position = 1; position < length; position++) {
    const emissionRow = position * numTags;
    for (let to = 0; to < numTags; to++) {
      let bestScore = -Infinity;
      let bestFrom = 0;
      for (let from = 0; from < numTags; from++) {
        const candidate = score[from] + transitions[from * numTags + to];
        if (candidate > bestScore) {
          bestScore = candidate;
          bestFrom = from;
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
 * Posterior marginals P(y_i = tag | emissions) by forward-backward in log space.
 * @param emissions shape: (>= length, numTags), row-major
 * @returns shape: (length, numTags), row-major; each row sums to 1
 */
export function marginals(crf: CrfParameters, emissions: Float32Array, length: number): Float32Array {
  const { numTags, startTransitions, endTransitions, transitions } = crf;
  checkSequence(crf, emissions, length);
  const result = new Float32Array(length * numTags);
  if (length === 0) return result;

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
  return result;
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
