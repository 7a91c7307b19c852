/**
 * BIO-constrained decoding: forbidden transitions get a score of -Infinity, so neither
 * Viterbi nor the marginals can put I-X after O, after another type, or at the start.
 */
import type { CrfParameters } from './crf';

export type BioTag = { kind: 'B' | 'I'; type: string } | { kind: 'other' };

/** "B-PER" -> B of PER; "O", "[CLS]", "[PAD]", ... -> other (never part of an entity). */
export function parseBioLabel(label: string): BioTag {
  const match = /^([BI])-(.+)$/u.exec(label);
  return match ? { kind: match[1] as 'B' | 'I', type: match[2] } : { kind: 'other' };
}

/** May the tag `to` follow the tag `from` in a well-formed BIO sequence? */
export function isAllowedTransition(from: BioTag, to: BioTag): boolean {
  if (to.kind !== 'I') return true;
  return from.kind !== 'other' && from.type === to.type;
}

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
