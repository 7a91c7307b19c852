/**
 * The CRF written the straightforward way (number[][], log-sum-exp with arrays built per step),
 * as a baseline for src/core/crf's typed-array version. Same semantics (kmkurn/pytorch-crf).
 */
export interface NaiveCrf {
  readonly start: number[];
  readonly end: number[];
  /** transitions[from][to] */
  readonly transitions: number[][];
}

export function naiveViterbi(crf: NaiveCrf, emissions: number[][]): number[] {
  const numTags = crf.start.length;
  let score = crf.start.map((value, tag) => value + emissions[0][tag]);
  const history: number[][] = [];
  for (let position = 1; position < emissions.length; position++) {
    const candidates = Array.from({ length: numTags }, (_, to) => score.map((value, from) => value + crf.transitions[from][to]));
    const bestFrom = candidates.map((row) => row.indexOf(Math.max(...row)));
    history.push(bestFrom);
    score = bestFrom.map((from, to) => candidates[to][from] + emissions[position][to]);
  }
  const final = score.map((value, tag) => value + crf.end[tag]);
  const path = [final.indexOf(Math.max(...final))];
  for (let step = history.length - 1; step >= 0; step--) path.unshift(history[step][path[0]]);
  return path;
}

function logSumExp(values: number[]): number {
  const max = Math.max(...values);
  if (max === -Infinity) return -Infinity;
  return max + Math.log(values.reduce((sum, value) => sum + Math.exp(value - max), 0));
}

export function naiveMarginals(crf: NaiveCrf, emissions: number[][]): number[][] {
  const numTags = crf.start.length;
  const length = emissions.length;
  const alpha: number[][] = [crf.start.map((value, tag) => value + emissions[0][tag])];
  for (let position = 1; position < length; position++) {
    alpha.push(
      Array.from({ length: numTags }, (_, to) => logSumExp(alpha[position - 1].map((value, from) => value + crf.transitions[from][to])) + emissions[position][to]),
    );
  }
  const beta: number[][] = new Array(length);
  beta[length - 1] = [...crf.end];
  for (let position = length - 2; position >= 0; position--) {
    beta[position] = Array.from({ length: numTags }, (_, from) =>
      logSumExp(crf.transitions[from].map((value, to) => value + emissions[position + 1][to] + beta[position + 1][to])),
    );
  }
  const logPartition = logSumExp(alpha[length - 1].map((value, tag) => value + crf.end[tag]));
  return alpha.map((row, position) => row.map((value, tag) => Math.exp(value + beta[position][tag] - logPartition)));
}
