/** The one session adapter (session.ts) on a real onnxruntime-node session of the tiny bundle. */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { onnxFileOf } from '../core/bundle/bundle';
import type { EmissionBatch } from '../core/pipeline';
import { readBundleFolder } from './ort-node';
import { emissionFeeds, emissionRunner } from './session';

const folder = join(resolve(import.meta.dirname, '../..'), 'public/models/tiny-random');

function batchOf(rows: number[][]): EmissionBatch {
  const seqLen = Math.max(...rows.map((row) => row.length));
  const inputIds = new BigInt64Array(rows.length * seqLen);
  const attentionMask = new BigInt64Array(rows.length * seqLen);
  rows.forEach((row, r) => row.forEach((id, i) => ((inputIds[r * seqLen + i] = BigInt(id)), (attentionMask[r * seqLen + i] = 1n))));
  return { batchSize: rows.length, seqLen, inputIds, attentionMask, tokenTypeIds: null };
}

describe.runIf(existsSync(folder))('the ONNX session adapter', () => {
  it('feeds the inputs the bundle names, token types as zeros when the batch has none', () => {
    const batch = batchOf([[2, 10, 11, 3], [2, 12, 3]]);
    const feeds = emissionFeeds(ort.Tensor, batch, ['input_ids', 'attention_mask', 'token_type_ids']);
    expect(Object.keys(feeds).sort()).toEqual(['attention_mask', 'input_ids', 'token_type_ids']);
    expect(feeds.input_ids.dims).toEqual([2, 4]);
    expect([...(feeds.attention_mask.data as BigInt64Array)]).toEqual([1n, 1n, 1n, 1n, 1n, 1n, 1n, 0n]);
    expect([...(feeds.token_type_ids.data as BigInt64Array)].every((value) => value === 0n)).toBe(true);
    expect(Object.keys(emissionFeeds(ort.Tensor, batch, ['input_ids']))).toEqual(['input_ids']);
  });

  it('refuses a session without an input the bundle promises, naming the file and what the session has', async () => {
    const { modelConfig } = await readBundleFolder(folder);
    const session = await ort.InferenceSession.create(join(folder, onnxFileOf(modelConfig, false)));
    try {
      const promising = { ...modelConfig, modelInputs: [...modelConfig.modelInputs, 'position_ids' as never] };
      expect(() => emissionRunner(ort.Tensor, session, promising, { where: 'model.onnx' })).toThrow(/model\.onnx: expected an input named "position_ids", got \[/);
    } finally {
      await session.release();
    }
  });

  it('runs calls made at once one after another, each with its own answer; a failed call does not stop the next', async () => {
    const { modelConfig } = await readBundleFolder(folder);
    const session = await ort.InferenceSession.create(join(folder, onnxFileOf(modelConfig, false)));
    try {
      const seen: number[] = [];
      const run = emissionRunner(ort.Tensor, session, modelConfig, { where: 'tiny', onRun: (batch) => seen.push(batch.seqLen) });
      const batches = [batchOf([[2, 10, 3]]), batchOf([[2, 20, 21, 22, 3]]), batchOf([[2, 30, 31, 3]])];
      const one: Float32Array[] = [];
      for (const batch of batches) one.push(await run(batch));
      seen.length = 0;
      const broken: EmissionBatch = { ...batches[0], seqLen: 7 }; // dims that do not fit the data: ONNX Runtime refuses it
      const together = await Promise.allSettled([run(batches[0]), run(broken), run(batches[1]), run(batches[2])]);
      expect(together.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
      const answers = together.filter((result) => result.status === 'fulfilled').map((result) => (result as PromiseFulfilledResult<Float32Array>).value);
      expect(answers.map((logits) => logits.length)).toEqual(one.map((logits) => logits.length));
      answers.forEach((logits, i) => expect([...logits]).toEqual([...one[i]]));
      expect(seen).toEqual([3, 5, 4]);
    } finally {
      await session.release();
    }
  });
});
