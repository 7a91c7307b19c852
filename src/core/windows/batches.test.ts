import { describe, expect, it } from 'vitest';
import { batchCost, planBatches, planBucketCalls } from './batches';

/** Every way to split indices into calls of at most maxBatchSize (set partitions), for small n. */
function allPlans(count: number, maxBatchSize: number): number[][][] {
  const plans: number[][][] = [];
  const place = (index: number, calls: number[][]) => {
    if (index === count) {
      plans.push(calls.map((call) => [...call]));
      return;
    }
    for (const call of calls) {
      if (call.length < maxBatchSize) {
        call.push(index);
        place(index + 1, calls);
        call.pop();
      }
    }
    calls.push([index]);
    place(index + 1, calls);
    calls.pop();
  };
  place(0, []);
  return plans;
}

function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

describe('planBatches', () => {
  it('puts every window in exactly one call of at most maxBatchSize rows', () => {
    const next = random(7);
    for (let trial = 0; trial < 200; trial++) {
      const lengths = Array.from({ length: Math.floor(next() * 30) }, () => 1 + Math.floor(next() * 130));
      const maxBatchSize = 1 + Math.floor(next() * 8);
      const calls = planBatches(lengths, maxBatchSize);
      expect(calls.flat().sort((a, b) => a - b)).toEqual(lengths.map((_, index) => index));
      for (const call of calls) expect(call.length).toBeLessThanOrEqual(maxBatchSize);
    }
  });

  it('finds the least cost over every possible split (exhaustive, up to 7 windows)', () => {
    const next = random(11);
    for (let trial = 0; trial < 60; trial++) {
      const count = 1 + Math.floor(next() * 7);
      const lengths = Array.from({ length: count }, () => 1 + Math.floor(next() * 130));
      const maxBatchSize = 1 + Math.floor(next() * 4);
      const callCost = Math.floor(next() * 40);
      const least = Math.min(...allPlans(count, maxBatchSize).map((plan) => batchCost(lengths, plan, callCost)));
      expect(batchCost(lengths, planBatches(lengths, maxBatchSize, callCost), callCost)).toBe(least);
    }
  });

  it('keeps equal windows together and splits off a short one when its padding costs more than a call', () => {
    expect(planBatches([128, 128, 128], 8)).toEqual([[0, 1, 2]]);
    expect(planBatches([128, 30, 128], 8, 16)).toEqual([[0, 2], [1]]);
    // a call that costs more than the 98 padded positions: one call
    expect(planBatches([128, 30, 128], 8, 200)).toEqual([[0, 1, 2]]);
    expect(planBatches([], 8)).toEqual([]);
  });

  it('never costs more than the consecutive batches it replaces', () => {
    const next = random(3);
    for (let trial = 0; trial < 200; trial++) {
      const lengths = Array.from({ length: 1 + Math.floor(next() * 20) }, () => 1 + Math.floor(next() * 130));
      const consecutive: number[][] = [];
      for (let start = 0; start < lengths.length; start += 8) consecutive.push(lengths.slice(start, start + 8).map((_, offset) => start + offset));
      expect(batchCost(lengths, planBatches(lengths, 8))).toBeLessThanOrEqual(batchCost(lengths, consecutive));
    }
  });

  it('rejects a bad size or length with a message', () => {
    expect(() => planBatches([10], 0)).toThrow(/maxBatchSize/);
    expect(() => planBatches([0], 8)).toThrow(/lengths/);
    expect(() => planBatches([10], 8, -1)).toThrow(/callCost/);
  });
});

describe('planBucketCalls', () => {
  it('pads each window to its own multiple, puts only one padded length in a call, and keeps calls in order', () => {
    const next = random(11);
    for (let trial = 0; trial < 200; trial++) {
      const lengths = Array.from({ length: 1 + Math.floor(next() * 40) }, () => 1 + Math.floor(next() * 128));
      const maxBatchSize = 1 + Math.floor(next() * 8);
      const calls = planBucketCalls(lengths, maxBatchSize, 8, 128);
      expect(calls.flatMap((call) => call.rows).sort((a, b) => a - b)).toEqual(lengths.map((_, index) => index));
      for (const call of calls) {
        expect(call.rows.length).toBeGreaterThan(0);
        expect(call.rows.length).toBeLessThanOrEqual(maxBatchSize);
        for (const row of call.rows) expect(call.seqLen).toBe(Math.min(128, Math.ceil(lengths[row] / 8) * 8));
      }
      const firsts = calls.map((call) => call.rows[0]);
      expect(firsts).toEqual([...firsts].sort((a, b) => a - b));
      // as few calls as the cap allows within each padded length
      const buckets = new Map<number, number>();
      for (const length of lengths) buckets.set(Math.min(128, Math.ceil(length / 8) * 8), (buckets.get(Math.min(128, Math.ceil(length / 8) * 8)) ?? 0) + 1);
      expect(calls.length).toBe([...buckets.values()].reduce((sum, count) => sum + Math.ceil(count / maxBatchSize), 0));
    }
  });

  it('gives a window the same padded length whatever windows are beside it', () => {
    const alone = planBucketCalls([37], 8, 8, 128);
    const beside = planBucketCalls([120, 37, 5, 128], 8, 8, 128);
    expect(alone).toEqual([{ rows: [0], seqLen: 40 }]);
    expect(beside.find((call) => call.rows.includes(1))!.seqLen).toBe(40);
  });

  it('refuses lengths and settings it cannot plan, with a message', () => {
    expect(() => planBucketCalls([0], 8, 8, 128)).toThrow('expected window lengths from 1 to 128, got 0');
    expect(() => planBucketCalls([129], 8, 8, 128)).toThrow('expected window lengths from 1 to 128, got 129');
    expect(() => planBucketCalls([5], 0, 8, 128)).toThrow('expected maxBatchSize to be a positive integer, got 0');
    expect(() => planBucketCalls([5], 8, 0, 128)).toThrow('expected the padding multiple to be a positive integer, got 0');
  });
});
