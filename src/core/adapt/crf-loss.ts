/**
 * The CRF's negative log-likelihood of a gold tag path and its gradients (forward-backward in log
 * space), with the semantics of core/crf (kmkurn/pytorch-crf): what the adaptation (fit.ts)
 * minimises. Forbidden transitions (-Infinity, BIO constraints) are skipped and get no gradient.
 */
import type { CrfParameters } from '../crf/crf';

/** Gradients, accumulated (+=) by crfNll. */
export interface CrfGradients {
  /** shape: (numTags,) */
  readonly start: Float64Array;
  readonly end: Float64Array;
  /** shape: (numTags, numTags), [from * numTags + to] */
  readonly transitions: Float64Array;
}

export function zeroCrfGradients(numTags: number): CrfGradients {
  return { start: new Float64Array(numTags), end: new Float64Array(numTags), transitions: new Float64Array(numTags * numTags) };
}

/** Work buffers reused between calls (one per fit). */
export interface CrfWork {
  alpha: Float64Array;
  beta: Float64Array;
}

export function crfWork(): CrfWork {
  return { alpha: new Float64Array(0), beta: new Float64Array(0) };
}

/**
 * -log P(tags | emissions) for one sequence of `length` positions.
 * @param emissions shape: (length, numTags)
 * @param tags shape: (length,): the gold path; it must be allowed by the CRF (a finite score)
 * @param emissionGrad shape: (length, numTags): d NLL / d emissions is written (=, not +=) here when given
 * @param grads d NLL / d CRF parameters, accumulated (+=) when given
 */
export function crfNll(
  crf: CrfParameters,
  emissions: ArrayLike<number>,
  length: number,
  tags: ArrayLike<number>,
  emissionGrad: Float64Array | null,
  grads: CrfGradients | null,
  work: CrfWork = crfWork(),
): number {
  const { numTags: T, startTransitions: start, endTransitions: end, transitions } = crf;
  if (length < 1) throw new Error('expected a sequence of at least one position');
  if (work.alpha.length < length * T) {
    work.alpha = new Float64Array(length * T);
    work.beta = new Float64Array(length * T);
  }
  const { alpha, beta } = work;
  // gold path score
  let gold = start[tags[0]] + emissions[tags[0]] + end[tags[length - 1]];
  for (let i = 1; i < length; i++) gold += transitions[tags[i - 1] * T + tags[i]] + emissions[i * T + tags[i]];
  if (!Number.isFinite(gold)) throw new Error('the gold tag path is not allowed by the CRF (an I- tag after O or another type?)');

  const column = new Float64Array(T);
  for (let k = 0; k < T; k++) alpha[k] = start[k] + emissions[k];
  for (let i = 1; i < length; i++) {
    const previous = (i - 1) * T;
    for (let to = 0; to < T; to++) {
      let max = -Infinity;
      for (let from = 0; from < T; from++) {
        const value = alpha[previous + from] + transitions[from * T + to];
        column[from] = value;
        if (value > max) max = value;
      }
      let sum = 0;
      if (max !== -Infinity) for (let from = 0; from < T; from++) sum += Math.exp(column[from] - max);
      alpha[i * T + to] = max === -Infinity ? -Infinity : max + Math.log(sum) + emissions[i * T + to];
    }
  }
  const last = (length - 1) * T;
  let maxZ = -Infinity;
  for (let k = 0; k < T; k++) maxZ = Math.max(maxZ, alpha[last + k] + end[k]);
  let sumZ = 0;
  for (let k = 0; k < T; k++) sumZ += Math.exp(alpha[last + k] + end[k] - maxZ);
  const logZ = maxZ + Math.log(sumZ);
  const nll = logZ - gold;
  if (!emissionGrad && !grads) return nll;

  for (let k = 0; k < T; k++) beta[last + k] = end[k];
  for (let i = length - 2; i >= 0; i--) {
    const next = (i + 1) * T;
    for (let from = 0; from < T; from++) {
      let max = -Infinity;
      for (let to = 0; to < T; to++) {
        const value = transitions[from * T + to] + emissions[next + to] + beta[next + to];
        column[to] = value;
        if (value > max) max = value;
      }
      let sum = 0;
      if (max !== -Infinity) for (let to = 0; to < T; to++) sum += Math.exp(column[to] - max);
      beta[i * T + from] = max === -Infinity ? -Infinity : max + Math.log(sum);
    }
  }
  // marginals - gold indicators
  for (let i = 0; i < length; i++) {
    for (let k = 0; k < T; k++) {
      const marginal = Math.exp(alpha[i * T + k] + beta[i * T + k] - logZ);
      if (emissionGrad) emissionGrad[i * T + k] = marginal;
      if (grads && i === 0) grads.start[k] += marginal;
      if (grads && i === length - 1) grads.end[k] += Math.exp(alpha[last + k] + end[k] - logZ);
    }
    if (emissionGrad) emissionGrad[i * T + tags[i]] -= 1;
  }
  if (grads) {
    grads.start[tags[0]] -= 1;
    grads.end[tags[length - 1]] -= 1;
    for (let i = 1; i < length; i++) {
      const previous = (i - 1) * T;
      const here = i * T;
      for (let from = 0; from < T; from++) {
        const a = alpha[previous + from];
        if (a === -Infinity) continue;
        for (let to = 0; to < T; to++) {
          const t = transitions[from * T + to];
          if (t === -Infinity) continue;
          grads.transitions[from * T + to] += Math.exp(a + t + emissions[here + to] + beta[here + to] - logZ);
        }
      }
      grads.transitions[tags[i - 1] * T + tags[i]] -= 1;
    }
  }
  return nll;
}
