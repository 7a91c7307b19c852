/**
 * Which windows share a model call. A call costs its rows times its longest row (every shorter row
 * is padded to it) plus a fixed cost per call; windows of very different lengths in one call waste
 * positions on padding, and one call per window pays the fixed cost each time. The best split of a
 * set of windows into calls of at most `maxBatchSize` rows takes them sorted by length and cuts the
 * sorted list into runs (an exchange argument: a shorter window never needs a longer call than a
 * longer window's), so a dynamic programme over the sorted lengths finds it exactly.
 */

/** The fixed cost of one model call, in positions: an estimate, not a tuned value (a run's own
 * overhead in onnxruntime-web, a few ms, against about 0.1 ms per position on WASM with 2 threads).
 * The bench's A/B of this plan against reading-order batches is in the README, "Batches by length". */
export const CALL_COST_POSITIONS = 16;

/**
 * Splits windows of the given lengths (in model positions) into calls. Returns the calls as lists
 * of window indices, each list in ascending index order and the calls ordered by their first index,
 * so the same lengths always give the same calls. Minimises sum over calls of
 * callCost + rows * longest row.
 */
export function planBatches(lengths: readonly number[], maxBatchSize: number, callCost = CALL_COST_POSITIONS): number[][] {
  if (!Number.isInteger(maxBatchSize) || maxBatchSize < 1) throw new Error(`expected maxBatchSize to be a positive integer, got ${maxBatchSize}`);
  if (!(callCost >= 0)) throw new Error(`expected callCost to be a non-negative number, got ${callCost}`);
  for (const length of lengths) {
    if (!Number.isInteger(length) || length < 1) throw new Error(`expected window lengths to be positive integers, got ${length}`);
  }
  const count = lengths.length;
  // ties broken by index, so the plan does not depend on the sort's stability
  const order = lengths.map((_, index) => index).sort((a, b) => lengths[a] - lengths[b] || a - b);
  // best[i]: the least cost of the i shortest windows; cut[i]: where their last call starts
  const best = new Float64Array(count + 1);
  const cut = new Int32Array(count + 1);
  for (let end = 1; end <= count; end++) {
    const longest = lengths[order[end - 1]];
    best[end] = Infinity;
    for (let start = Math.max(0, end - maxBatchSize); start < end; start++) {
      const cost = best[start] + callCost + (end - start) * longest;
      if (cost < best[end]) {
        best[end] = cost;
        cut[end] = start;
      }
    }
  }
  const calls: number[][] = [];
  for (let end = count; end > 0; end = cut[end]) calls.push(order.slice(cut[end], end).sort((a, b) => a - b));
  return calls.sort((a, b) => a[0] - b[0]);
}

/** What a plan costs by the same measure (the tests compare plans with it). */
export function batchCost(lengths: readonly number[], calls: readonly (readonly number[])[], callCost = CALL_COST_POSITIONS): number {
  return calls.reduce((sum, call) => sum + callCost + call.length * Math.max(...call.map((index) => lengths[index])), 0);
}

/** Row-independent models: windows are padded to a multiple of this many positions (at most 7 wasted per window). */
export const PAD_MULTIPLE = 8;

/** A model call: which windows (indices into the lengths), padded to seqLen positions. */
export interface BucketCall {
  readonly rows: number[];
  readonly seqLen: number;
}

/**
 * Calls for a model whose rows do not depend on each other: each window is padded to its own length
 * rounded up to a multiple of `multiple` (at most `maxSeqLength`), so its padding is a function of its
 * own length alone, never of the windows beside it; windows of one padded length share calls of at most
 * `maxBatchSize` rows, in the order given. Calls come ordered by their first window.
 */
export function planBucketCalls(lengths: readonly number[], maxBatchSize: number, multiple: number, maxSeqLength: number): BucketCall[] {
  if (!Number.isInteger(maxBatchSize) || maxBatchSize < 1) throw new Error(`expected maxBatchSize to be a positive integer, got ${maxBatchSize}`);
  if (!Number.isInteger(multiple) || multiple < 1) throw new Error(`expected the padding multiple to be a positive integer, got ${multiple}`);
  const buckets = new Map<number, number[]>();
  lengths.forEach((length, index) => {
    if (!Number.isInteger(length) || length < 1 || length > maxSeqLength) throw new Error(`expected window lengths from 1 to ${maxSeqLength}, got ${length}`);
    const padded = Math.min(maxSeqLength, Math.ceil(length / multiple) * multiple);
    const bucket = buckets.get(padded);
    if (bucket) bucket.push(index);
    else buckets.set(padded, [index]);
  });
  const calls: BucketCall[] = [];
  for (const [seqLen, rows] of buckets) {
    // full calls first: a call of 8 rows costs less per row than two of 4 (bench, callCost shapes)
    for (let start = 0; start < rows.length; start += maxBatchSize) calls.push({ rows: rows.slice(start, start + maxBatchSize), seqLen });
  }
  return calls.sort((a, b) => a.rows[0] - b.rows[0]);
}
