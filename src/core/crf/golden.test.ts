/**
 * Golden files written by tools/make_goldens.py from this project's own PyTorch CRF
 * (tools/kner/model.py, the one the models train with; it follows kmkurn/pytorch-crf's
 * semantics but is not that package, which Debian does not ship). So these check that the
 * TypeScript decoder agrees with the trainer's CRF, a second implementation in another
 * language; the independent check is crf.test.ts, which compares Viterbi and the marginals
 * with brute-force enumeration of every tag path. Files in src/core/crf/__golden__/*.json:
 *   {"start_transitions": [T], "end_transitions": [T], "transitions": [[T x T]] (from, to),
 *    "emissions": [[[B x S x T]]], "mask": [[B x S]] (0/1, ones then zeros),
 *    "viterbi": [[tags of each sequence, its unmasked length]],
 *    "marginals": [[[B x S x T]]] (optional; positions past a sequence's length are ignored),
 *    "labels": [T] and "bio_constrained": true (optional: decode with BIO constraints)}
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { marginals, maskToLengths, viterbi, type CrfParameters } from './crf';
import { withBioConstraints } from './bio-constraints';

const goldenDir = join(import.meta.dirname, '__golden__');
const goldenFiles = existsSync(goldenDir) ? readdirSync(goldenDir).filter((name) => name.endsWith('.json')).sort() : [];

interface GoldenCase {
  start_transitions: number[];
  end_transitions: number[];
  transitions: number[][];
  emissions: number[][][];
  mask?: number[][];
  viterbi: number[][];
  marginals?: number[][][];
  labels?: string[];
  bio_constrained?: boolean;
}

describe.runIf(existsSync(goldenDir))('golden files from PyTorch', () => {
  it('exist once the folder exists', () => {
    expect(goldenFiles.length, `expected *.json files in ${goldenDir}, got none`).toBeGreaterThan(0);
  });

  for (const name of goldenFiles) {
    it(`decode ${name} to the reference paths and marginals`, () => {
      const golden = JSON.parse(readFileSync(join(goldenDir, name), 'utf8')) as GoldenCase;
      const numTags = golden.start_transitions.length;
      let crf: CrfParameters = {
        numTags,
        startTransitions: Float32Array.from(golden.start_transitions),
        endTransitions: Float32Array.from(golden.end_transitions),
        transitions: Float32Array.from(golden.transitions.flat()),
      };
      if (golden.bio_constrained) crf = withBioConstraints(crf, golden.labels ?? []);
      const batchSize = golden.emissions.length;
      const seqLen = golden.emissions[0]?.length ?? 0;
      const mask = golden.mask ?? golden.emissions.map((row) => row.map(() => 1));
      const lengths = maskToLengths(mask.flat(), batchSize, seqLen);
      expect(golden.viterbi.length).toBe(batchSize);
      for (let sequence = 0; sequence < batchSize; sequence++) {
        // shape: (seqLen, numTags)
        const emissions = Float32Array.from(golden.emissions[sequence].flat());
        expect(Array.from(viterbi(crf, emissions, lengths[sequence])), `${name}: sequence ${sequence}`).toEqual(golden.viterbi[sequence]);
        if (golden.marginals) {
          const ours = marginals(crf, emissions, lengths[sequence]);
          const expected = golden.marginals[sequence].slice(0, lengths[sequence]).flat();
          expected.forEach((value, index) => expect(ours[index]).toBeCloseTo(value, 4));
        }
      }
    });
  }
});
