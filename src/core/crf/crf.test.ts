import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { marginals, maskToLengths, pathScore, viterbi, type CrfParameters } from './crf';
import { withBioConstraints } from './bio-constraints';

interface Case {
  crf: CrfParameters;
  /** shape: (length, numTags) */
  emissions: Float32Array;
  length: number;
}

const score = fc.float({ min: -4, max: 4, noNaN: true, noDefaultInfinity: true });
const crfCase = (maxTags: number, maxLength: number) =>
  fc.record({ numTags: fc.integer({ min: 1, max: maxTags }), length: fc.integer({ min: 1, max: maxLength }) }).chain(({ numTags, length }) =>
    fc.record({
      start: fc.array(score, { minLength: numTags, maxLength: numTags }),
      end: fc.array(score, { minLength: numTags, maxLength: numTags }),
      transitions: fc.array(score, { minLength: numTags * numTags, maxLength: numTags * numTags }),
      emissions: fc.array(score, { minLength: length * numTags, maxLength: length * numTags }),
    }).map((values): Case => ({
      crf: {
        numTags,
        startTransitions: Float32Array.from(values.start),
        endTransitions: Float32Array.from(values.end),
        transitions: Float32Array.from(values.transitions),
      },
      emissions: Float32Array.from(values.emissions),
      length,
    })),
  );

/** Every tag path of the given length, with its score. */
function enumeratePaths(crf: CrfParameters, emissions: Float32Array, length: number) {
  const paths: { tags: number[]; score: number }[] = [];
  const tags = new Array<number>(length).fill(0);
  for (;;) {
    paths.push({ tags: [...tags], score: pathScore(crf, emissions, tags) });
    let position = length - 1;
    while (position >= 0 && tags[position] === crf.numTags - 1) tags[position--] = 0;
    if (position < 0) return paths;
    tags[position]++;
  }
}

function bruteForceMarginals(crf: CrfParameters, emissions: Float32Array, length: number) {
  const paths = enumeratePaths(crf, emissions, length).filter((path) => path.score > -Infinity);
  const maxScore = Math.max(...paths.map((path) => path.score));
  const result = new Float64Array(length * crf.numTags);
  let total = 0;
  for (const path of paths) {
    const weight = Math.exp(path.score - maxScore);
    total += weight;
    path.tags.forEach((tag, position) => (result[position * crf.numTags + tag] += weight));
  }
  return Array.from(result, (value) => value / total);
}

const LABELS_3 = ['O', 'B-PER', 'I-PER'];
const LABELS_5 = ['O', 'B-PER', 'I-PER', 'B-LOC', 'I-LOC'];

describe('viterbi', () => {
  it('returns the path with the highest enumerated score', () => {
    fc.assert(fc.property(crfCase(4, 5), ({ crf, emissions, length }) => {
      const best = viterbi(crf, emissions, length);
      const maxScore = Math.max(...enumeratePaths(crf, emissions, length).map((path) => path.score));
      expect(pathScore(crf, emissions, best)).toBeCloseTo(maxScore, 4);
    }), { numRuns: 300 });
  });

  it('reads only the first `length` rows of the emissions', () => {
    fc.assert(fc.property(crfCase(3, 5), ({ crf, emissions, length }) => {
      const padded = new Float32Array(emissions.length + 2 * crf.numTags).fill(99);
      padded.set(emissions);
      expect(Array.from(viterbi(crf, padded, length))).toEqual(Array.from(viterbi(crf, emissions, length)));
    }));
  });

  it('with BIO constraints returns the best well-formed path', () => {
    const labelSets = fc.constantFrom(LABELS_3, LABELS_5);
    fc.assert(fc.property(labelSets.chain((labels) => crfCase(labels.length, 4).filter((c) => c.crf.numTags === labels.length).map((c) => ({ c, labels }))), ({ c, labels }) => {
      const constrained = withBioConstraints(c.crf, labels);
      const best = Array.from(viterbi(constrained, c.emissions, c.length));
      const wellFormed = enumeratePaths(c.crf, c.emissions, c.length).filter((path) => isWellFormedBio(path.tags.map((tag) => labels[tag])));
      const maxScore = Math.max(...wellFormed.map((path) => path.score));
      expect(isWellFormedBio(best.map((tag) => labels[tag]))).toBe(true);
      expect(pathScore(c.crf, c.emissions, best)).toBeCloseTo(maxScore, 4);
    }), { numRuns: 200 });
  });

  it('says what it expected when the emissions are too short', () => {
    const crf = { numTags: 2, startTransitions: new Float32Array(2), endTransitions: new Float32Array(2), transitions: new Float32Array(4) };
    expect(() => viterbi(crf, new Float32Array(5), 3)).toThrow('expected emissions of at least 3x2 = 6 values, got 5');
  });
});

describe('marginals', () => {
  it('equal the softmax sums over every enumerated path', () => {
    fc.assert(fc.property(crfCase(4, 5), ({ crf, emissions, length }) => {
      const ours = marginals(crf, emissions, length);
      bruteForceMarginals(crf, emissions, length).forEach((expected, index) => expect(ours[index]).toBeCloseTo(expected, 5));
    }), { numRuns: 300 });
  });

  it('under BIO constraints give zero probability to an I-X that cannot follow', () => {
    fc.assert(fc.property(crfCase(5, 4).filter((c) => c.crf.numTags === 5), ({ crf, emissions, length }) => {
      const constrained = withBioConstraints(crf, LABELS_5);
      const ours = marginals(constrained, emissions, length);
      expect(ours[2]).toBe(0); // I-PER at the start
      expect(ours[4]).toBe(0); // I-LOC at the start
      bruteForceMarginals(constrained, emissions, length).forEach((expected, index) => expect(ours[index]).toBeCloseTo(expected, 5));
    }), { numRuns: 100 });
  });

  it('fall back to log space, still exact, when a rescaled step underflows', () => {
    // Every tag allowed at the start scores 800 below the forbidden I-PER: exp(-800) is 0 in float64.
    const constrained = withBioConstraints(
      { numTags: 5, startTransitions: new Float32Array(5), endTransitions: new Float32Array(5), transitions: new Float32Array(25) },
      LABELS_5,
    );
    const emissions = Float32Array.of(-800, -800, 0, -800, 0, 1, 0, 2, 0, 0, 0, 3, 0, 0, 1);
    const ours = marginals(constrained, emissions, 3);
    expect(Array.from(ours).every(Number.isFinite)).toBe(true);
    bruteForceMarginals(constrained, emissions, 3).forEach((expected, index) => expect(ours[index]).toBeCloseTo(expected, 5));
  });

  it('stay finite for large scores', () => {
    const crf = { numTags: 2, startTransitions: Float32Array.of(0, 0), endTransitions: Float32Array.of(0, 0), transitions: Float32Array.of(0, 0, 0, 0) };
    const ours = marginals(crf, Float32Array.of(1000, -1000, 900, 905), 2);
    expect(Array.from(ours).every(Number.isFinite)).toBe(true);
    expect(ours[0]).toBeCloseTo(1, 6);
    expect(ours[3]).toBeCloseTo(1 / (1 + Math.exp(-5)), 5);
  });
});

describe('maskToLengths', () => {
  it('counts the leading ones of each row', () => {
    expect(Array.from(maskToLengths([1, 1, 0, 1, 1, 1], 2, 3))).toEqual([2, 3]);
  });

  it('rejects a mask that is not ones then zeros, or starts off', () => {
    expect(() => maskToLengths([1, 0, 1], 1, 3)).toThrow('expected mask row 0 to be ones then zeros, got a one at 2 after a zero at 1');
    expect(() => maskToLengths([0, 0], 1, 2)).toThrow('expected the first timestep of mask row 0 to be on, got 0');
  });
});

function isWellFormedBio(labels: string[]) {
  return labels.every((label, position) => {
    if (!label.startsWith('I-')) return true;
    const previous = position > 0 ? labels[position - 1] : 'O';
    return previous.slice(2) === label.slice(2) && previous !== 'O';
  });
}
