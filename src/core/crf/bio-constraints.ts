/**
 * BIO-constrained decoding: forbidden transitions get a score of -Infinity, so neither
 * Viterbi nor the marginals can put I-X after O, after another type, or at the start.
 */
import type { CrfParameters } from './crf';
import { isAllowedTransition, parseBioLabel } from '../labels/bio';

/** A copy of the CRF whose disallowed transitions (and starts with I-X) score -Infinity. */
export function withBioConstraints(crf: CrfParameters, labels: readonly string[]): CrfParameters {
  const { numTags } = crf;
  if (labels.length !== numTags) throw new Error(`expected ${numTags} labels for the CRF, got ${labels.length}`);
  const tags = labels.map(parseBioLabel);
  const startTransitions = Float32Array.from(crf.startTransitions);
  const transitions = Float32Array.from(crf.transitions);
  for (let to = 0; to < numTags; to++) {
    if (tags[to].kind === 'I') startTransitions[to] = -Infinity;
    for (let from = 0; from < numTags; from++) {
      if (!isAllowedTransition(tags[from], tags[to])) transitions[from * numTags + to] = -Infinity;
    }
  }
  return { numTags, startTransitions, endTransitions: crf.endTransitions, transitions };
}
