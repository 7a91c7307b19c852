import { describe, expect, it } from 'vitest';
import { viterbi, type CrfParameters } from '../crf/crf';
import { withBioConstraints } from '../crf/bio-constraints';
import { applyHead } from '../bundle/head';
import { crfNll, zeroCrfGradients } from './crf-loss';
import { averageTypeScores, FRESH_MIN_EPOCHS, fitAdaptation, frozenParameters, headEmissions, initialParameters, prototypeRows, seededRandom, tagSpans, type TrainingSequence } from './fit';

const LABELS = ['O', 'B-A', 'I-A', 'B-B', 'I-B'];

/** Float64 parameters (typed as the CRF's Float32Arrays) so that finite differences of 1e-5 are not lost to rounding. */
function randomCrf(numTags: number, random: () => number): CrfParameters {
  const values = (count: number) => Float64Array.from({ length: count }, () => random() * 2 - 1) as unknown as Float32Array;
  return { numTags, startTransitions: values(numTags), endTransitions: values(numTags), transitions: values(numTags * numTags) };
}

/** log of the sum over every path of exp(score), by enumeration. */
function bruteLogZ(crf: CrfParameters, emissions: Float64Array, length: number): number {
  const T = crf.numTags;
  let total = 0;
  const path = new Array(length).fill(0);
  for (let code = 0; code < T ** length; code++) {
    let rest = code;
    for (let i = 0; i < length; i++) {
      path[i] = rest % T;
      rest = Math.floor(rest / T);
    }
    let score = crf.startTransitions[path[0]] + emissions[path[0]] + crf.endTransitions[path[length - 1]];
    for (let i = 1; i < length; i++) score += crf.transitions[path[i - 1] * T + path[i]] + emissions[i * T + path[i]];
    total += Math.exp(score);
  }
  return Math.log(total);
}

describe('crfNll', () => {
  const random = seededRandom(7);
  const T = 4;
  const length = 5;
  const crf = randomCrf(T, random);
  const emissions = Float64Array.from({ length: length * T }, () => random() * 4 - 2);
  const tags = [0, 2, 1, 3, 0];

  it('is log Z minus the gold path score (log Z by enumerating every path)', () => {
    let gold = crf.startTransitions[tags[0]] + emissions[tags[0]] + crf.endTransitions[tags[length - 1]];
    for (let i = 1; i < length; i++) gold += crf.transitions[tags[i - 1] * T + tags[i]] + emissions[i * T + tags[i]];
    expect(crfNll(crf, emissions, length, tags, null, null)).toBeCloseTo(bruteLogZ(crf, emissions, length) - gold, 9);
  });

  it('has the gradients finite differences give (emissions, start, end, transitions)', () => {
    const emissionGrad = new Float64Array(length * T);
    const grads = zeroCrfGradients(T);
    crfNll(crf, emissions, length, tags, emissionGrad, grads);
    const h = 1e-5;
    const numeric = (perturb: (delta: number) => () => void) => {
      const undoPlus = perturb(h);
      const plus = crfNll(crf, emissions, length, tags, null, null);
      undoPlus();
      const undoMinus = perturb(-h);
      const minus = crfNll(crf, emissions, length, tags, null, null);
      undoMinus();
      return (plus - minus) / (2 * h);
    };
    const nudge = (array: Float32Array | Float64Array, index: number) => (delta: number) => {
      const old = array[index];
      array[index] = old + delta;
      return () => (array[index] = old);
    };
    for (let index = 0; index < length * T; index++) expect(emissionGrad[index]).toBeCloseTo(numeric(nudge(emissions, index)), 6);
    for (let index = 0; index < T; index++) {
      expect(grads.start[index]).toBeCloseTo(numeric(nudge(crf.startTransitions, index)), 6);
      expect(grads.end[index]).toBeCloseTo(numeric(nudge(crf.endTransitions, index)), 6);
    }
    for (let index = 0; index < T * T; index++) expect(grads.transitions[index]).toBeCloseTo(numeric(nudge(crf.transitions, index)), 6);
  });

  it('skips forbidden transitions and refuses a forbidden gold path', () => {
    const constrained = withBioConstraints(randomCrf(5, random), LABELS);
    const e = Float64Array.from({ length: 3 * 5 }, () => random());
    const grads = zeroCrfGradients(5);
    expect(Number.isFinite(crfNll(constrained, e, 3, [1, 2, 0], new Float64Array(15), grads))).toBe(true);
    expect(grads.transitions[0 * 5 + 2]).toBe(0); // O -> I-A
    expect(() => crfNll(constrained, e, 3, [0, 2, 0], null, null)).toThrow(/not allowed/);
  });
});

describe('fitAdaptation', () => {
  /**
   * A separable problem: feature 0 fires on A tokens, 1 on B tokens, 2 elsewhere (plus noise);
   * entities are runs of one type. The base model has type A only (its logit columns are noise).
   */
  function problem(count: number, seed: number) {
    const random = seededRandom(seed);
    const hiddenSize = 3;
    const baseLabels = ['O', 'B-A', 'I-A'];
    const width = hiddenSize + baseLabels.length;
    const sequences: TrainingSequence[] = [];
    for (let document = 0; document < count; document++) {
      const tags: number[] = [0];
      while (tags.length < 11) {
        const kind = Math.floor(random() * 3);
        const run = 1 + Math.floor(random() * 3);
        for (let r = 0; r < run && tags.length < 11; r++) tags.push(kind === 0 ? 0 : kind === 1 ? (r === 0 ? 1 : 2) : r === 0 ? 3 : 4);
        if (kind !== 0 && tags.length < 11) tags.push(0);
      }
      tags.push(0);
      const length = tags.length;
      const features = new Float32Array(length * width);
      tags.forEach((tag, i) => {
        const hot = tag === 0 ? 2 : tag <= 2 ? 0 : 1;
        for (let f = 0; f < width; f++) features[i * width + f] = (random() - 0.5) * 0.2;
        features[i * width + hot] += 1;
        // a B tag also fires when the previous token is of another class (beginning)
        if (tag === 1 || tag === 3) features[i * width + hot] += 1;
      });
      sequences.push({ document, length, features, tags: Int32Array.from(tags) });
    }
    const baseCrf: CrfParameters = { numTags: 3, startTransitions: new Float32Array(3), endTransitions: new Float32Array(3), transitions: new Float32Array(9) };
    return { sequences, setup: { labels: LABELS, hiddenSize, baseLabels, baseCrf } };
  }

  it('solves a tiny separable problem: held-out F1 1 where the starting point has none', async () => {
    const { sequences, setup } = problem(60, 3);
    const progress: number[] = [];
    const result = await fitAdaptation(sequences, setup, { learningRate: 0.05, maxEpochs: 30, onProgress: (p) => void progress.push(p.fraction) });
    expect(result.heldOutDocuments).toBe(12);
    expect(result.heldOut!.adapted.f1).toBe(1);
    expect(result.heldOut!.base.f1).toBeLessThan(0.5);
    expect(progress[0]).toBe(0);
    expect(progress.at(-1)).toBeGreaterThan(0);
    // the head applied as the runtime applies it decodes the same paths
    const constrained = withBioConstraints(result.crf, LABELS);
    const { head } = result;
    for (const sequence of sequences.slice(0, 5)) {
      const hidden = new Float32Array(sequence.length * 3);
      const logits = new Float32Array(sequence.length * 3);
      for (let i = 0; i < sequence.length; i++) {
        hidden.set(sequence.features.subarray(i * 6, i * 6 + 3), i * 3);
        logits.set(sequence.features.subarray(i * 6 + 3, i * 6 + 6), i * 3);
      }
      const runtime = applyHead(head, hidden, logits, sequence.length);
      const fitted = Float32Array.from(headEmissions(head, sequence));
      for (let i = 0; i < runtime.length; i++) expect(runtime[i]).toBeCloseTo(fitted[i], 4);
      expect(tagSpans(viterbi(constrained, runtime, sequence.length), LABELS)).toEqual(tagSpans(sequence.tags, LABELS));
    }
  });

  it('starts from the base model: its columns at weight 1 and its transitions for the labels it has', () => {
    const { setup } = problem(2, 1);
    const baseCrf = { ...setup.baseCrf, transitions: Float32Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8]) };
    const { head, crf } = initialParameters({ ...setup, baseCrf });
    expect(Array.from(head.weight.subarray(3, 6))).toEqual([1, 0, 0]); // O reads base O
    expect(Array.from(head.weight.subarray(6 + 3, 12))).toEqual([0, 1, 0]); // B-A reads base B-A
    expect(Array.from(head.weight.subarray(18, 24))).toEqual([0, 0, 0, 0, 0, 0]); // B-B: new, zero
    expect(crf.transitions[1 * 5 + 2]).toBe(5); // B-A -> I-A as the base
    expect(crf.transitions[3 * 5 + 4]).toBe(0);
  });

  /** The problem with a base model that knows A (its logits pick O, B-A, I-A; B's tokens as O) and CRF scores of its own. */
  function knownA(count: number, seed: number) {
    const { sequences, setup } = problem(count, seed);
    for (const sequence of sequences) {
      sequence.tags.forEach((tag, i) => {
        for (let j = 0; j < 3; j++) sequence.features[i * 6 + 3 + j] += j === (tag <= 2 ? tag : 0) ? 3 : 0;
      });
    }
    const baseCrf: CrfParameters = {
      numTags: 3,
      startTransitions: Float32Array.from([0.5, -0.25, -3]),
      endTransitions: Float32Array.from([0.125, 0.75, 0.5]),
      transitions: Float32Array.from([0.3, -0.7, -4, 0.2, 0.1, 1.5, 0.4, -0.6, 1.1]),
    };
    return { sequences, setup: { ...setup, baseCrf } };
  }

  it('with keepBaseTypes, leaves O and the kept base labels bit-identical and fits the new type and the transitions touching it', async () => {
    const { sequences, setup: withBase } = knownA(60, 3);
    const start = initialParameters(withBase);
    const T = LABELS.length;
    const width = 6;
    const kept = [0, 1, 2]; // O, B-A, I-A
    const fresh = [3, 4]; // B-B, I-B (new)
    const row = (weight: Float32Array, k: number) => Array.from(weight.subarray(k * width, (k + 1) * width));
    const keptTransitions = (transitions: Float32Array) => kept.flatMap((from) => kept.map((to) => transitions[from * T + to]));
    const result = await fitAdaptation(sequences, withBase, { learningRate: 0.05, maxEpochs: 30, keepBaseTypes: ['A'] });
    for (const k of kept) {
      expect(row(result.head.weight, k)).toEqual(row(start.head.weight, k));
      expect(result.head.bias[k]).toBe(start.head.bias[k]);
      expect(result.crf.startTransitions[k]).toBe(start.crf.startTransitions[k]);
      expect(result.crf.endTransitions[k]).toBe(start.crf.endTransitions[k]);
    }
    expect(keptTransitions(result.crf.transitions)).toEqual(keptTransitions(start.crf.transitions));
    // the new type is learnt (the problem is separable) through its own rows and the transitions touching it
    expect(result.heldOut!.adapted.f1).toBeGreaterThan(0.9);
    for (const k of fresh) expect(row(result.head.weight, k)).not.toEqual(row(start.head.weight, k));
    expect(result.crf.transitions[0 * T + 3]).not.toBe(start.crf.transitions[0 * T + 3]); // O -> B-B
    // without it, the same fit moves the base labels' parameters too
    const all = await fitAdaptation(sequences, withBase, { learningRate: 0.05, maxEpochs: 30 });
    expect(row(all.head.weight, 0)).not.toEqual(row(start.head.weight, 0));
    expect(keptTransitions(all.crf.transitions)).not.toEqual(keptTransitions(start.crf.transitions));
  });

  it('with keepBaseTypes, keeps the starting point (epoch 0) when no epoch beats it on the held-out share', async () => {
    const { sequences, setup } = problem(30, 5);
    const start = initialParameters(setup);
    // a learning rate too small to change any decision: no epoch is better than the start
    const kept = await fitAdaptation(sequences, setup, { learningRate: 1e-12, maxEpochs: 10, patience: 3, keepBaseTypes: ['A'], minEpochs: 0, select: 'f1', newLabelStart: 'zero' });
    expect(kept.bestEpoch).toBe(0);
    expect(kept.epochs).toBe(3);
    expect(Array.from(kept.head.weight)).toEqual(Array.from(start.head.weight));
    expect(Array.from(kept.crf.transitions)).toEqual(Array.from(start.crf.transitions));
    const without = await fitAdaptation(sequences, setup, { learningRate: 1e-12, maxEpochs: 10, patience: 3, keepBaseTypes: ['A'], keepStart: false, minEpochs: 0, select: 'f1', newLabelStart: 'zero' });
    expect(without.bestEpoch).toBe(1);
  });

  it('keeps no label of a type left out of keepBaseTypes, and none of a new type warm-started from a base type', () => {
    const { setup } = problem(2, 1);
    const width = 6;
    const frozenRows = (mask: Uint8Array) => LABELS.map((_, k) => mask[k * width]);
    expect(frozenRows(frozenParameters(setup, ['A']))).toEqual([1, 1, 1, 0, 0]);
    expect(frozenRows(frozenParameters(setup, []))).toEqual([0, 0, 0, 0, 0]);
    // B starts from A's columns (warm start) but is not the base model's label: fitted
    expect(frozenRows(frozenParameters({ ...setup, initialTypes: new Map([['B', 'A']]) }, ['A']))).toEqual([1, 1, 1, 0, 0]);
    // a base type the documents teach something else (not kept): O alone is kept
    expect(frozenRows(frozenParameters(setup, ['C']))).toEqual([1, 0, 0, 0, 0]);
  });

  it('starts a label with nothing to start from on its prototype: the class mean difference, scaled, with a bias that competes', () => {
    const { sequences, setup } = knownA(40, 4);
    const start = initialParameters(setup).head;
    const rows = prototypeRows(sequences, start, [3, 4]);
    expect([...rows.keys()]).toEqual([3, 4]);
    const width = 6;
    const mean = (tag: number) => {
      const sum = new Float64Array(width);
      let count = 0;
      for (const sequence of sequences) {
        for (let i = 0; i < sequence.length; i++) {
          if (sequence.tags[i] !== tag) continue;
          count++;
          for (let f = 0; f < width; f++) sum[f] += sequence.features[i * width + f];
        }
      }
      return sum.map((value) => value / count);
    };
    const meanO = mean(0);
    for (const k of [3, 4]) {
      const difference = mean(k).map((value, f) => value - meanO[f]);
      const { weight, bias } = rows.get(k)!;
      // along the mean difference, pointing to the label's tokens
      const scale = weight[0] / difference[0];
      expect(scale).toBeGreaterThan(0);
      for (let f = 0; f < width; f++) expect(weight[f]).toBeCloseTo(scale * difference[f], 9);
      // competitive: the row's emission beats every base label's on most of its tokens and on almost no token of O or A
      const head = { ...start, weight: Float32Array.from(start.weight), bias: Float32Array.from(start.bias) };
      head.weight.set(weight, k * width);
      head.bias[k] = bias;
      let won = 0;
      let own = 0;
      let falseWins = 0;
      for (const sequence of sequences) {
        const emissions = headEmissions(head, sequence);
        for (let i = 0; i < sequence.length; i++) {
          const wins = [0, 1, 2].every((j) => emissions[i * 5 + k] > emissions[i * 5 + j]);
          if (sequence.tags[i] === k) {
            own++;
            if (wins) won++;
          } else if (wins && sequence.tags[i] <= 2) falseWins++;
        }
      }
      expect(won / own).toBeGreaterThan(0.9);
      expect(falseWins).toBeLessThan(0.1 * own);
    }
    // a label without a token is left out
    expect(prototypeRows(sequences.slice(0, 0), start, [3]).size).toBe(0);
  });

  it("starts a new label's CRF scores on the base's average type", () => {
    const { setup } = knownA(2, 1);
    const { start, end, transitions } = averageTypeScores(setup);
    const T = 5;
    // one base type: B-B reads as B-A, I-B as I-A
    expect(start[3]).toBeCloseTo(-0.25, 6);
    expect(end[4]).toBeCloseTo(0.5, 6);
    expect(transitions[0 * T + 3]).toBeCloseTo(-0.7, 6); // O -> B-B as O -> B-A
    expect(transitions[3 * T + 4]).toBeCloseTo(1.5, 6); // B-B -> I-B as B-A -> I-A
    expect(transitions[4 * T + 0]).toBeCloseTo(0.4, 6); // I-B -> O as I-A -> O
    expect(transitions[1 * T + 3]).toBe(0); // B-A -> B-B: no pair of different base types
    expect(transitions[0 * T + 1]).toBeCloseTo(-0.7, 6); // the base's own scores where it has both labels
    const { crf } = initialParameters(setup, true);
    expect(crf.transitions[3 * T + 4]).toBeCloseTo(1.5, 6);
    expect(crf.transitions[1 * T + 2]).toBeCloseTo(1.5, 6);
    expect(initialParameters(setup).crf.transitions[3 * T + 4]).toBe(0);
  });

  it('learns a separable new type from nothing, keeping the base types, where the held-out F1 picking the epoch kept the start', async () => {
    const { sequences, setup } = knownA(40, 6);
    const result = await fitAdaptation(sequences, setup, { keepBaseTypes: ['A'], learningRate: 0.01 });
    expect(result.heldOut!.adapted.f1).toBe(1);
    expect(result.bestEpoch).toBeGreaterThanOrEqual(FRESH_MIN_EPOCHS);
    // as before (rows at zero, the held-out F1 picks the epoch, the start a candidate): the first epochs find
    // no B on the held-out share, none beats the start, the fit stops at epoch 6 and keeps the start (A alone)
    const before = await fitAdaptation(sequences, setup, { keepBaseTypes: ['A'], learningRate: 0.01, newLabelStart: 'zero', select: 'f1', minEpochs: 0 });
    expect(before.bestEpoch).toBe(0);
    expect(before.heldOut!.adapted.f1).toBeLessThan(0.6);
  });

  it('keeps an epoch no earlier than minEpochs (at most maxEpochs), the starting point then no candidate', async () => {
    const { sequences, setup } = knownA(30, 7);
    const late = await fitAdaptation(sequences, setup, { keepBaseTypes: ['A'], minEpochs: 5, maxEpochs: 8, patience: 1, select: 'f1' });
    expect(late.bestEpoch).toBeGreaterThanOrEqual(5);
    const capped = await fitAdaptation(sequences, setup, { keepBaseTypes: ['A'], minEpochs: 50, maxEpochs: 3 });
    expect(capped.bestEpoch).toBe(3);
    expect(capped.heldOut).not.toBeNull();
  });

  it('stops when onProgress throws (a cancel) and returns nothing', async () => {
    const { sequences, setup } = problem(20, 2);
    let calls = 0;
    await expect(
      fitAdaptation(sequences, setup, {
        progressIntervalMs: 0,
        onProgress: () => {
          if (++calls === 3) throw new Error('cancelled');
        },
      }),
    ).rejects.toThrow('cancelled');
  });
});
