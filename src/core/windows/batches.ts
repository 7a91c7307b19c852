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
