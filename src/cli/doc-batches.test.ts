/** Integration: batches of documents on the tiny ONNX bundle through onnxruntime-node. */
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createPipeline } from '../core/pipeline';
import { createNodeEmissionModel, readBundleFolder } from '../runtime/ort-node';
import { batchedAnalyze } from './doc-batches';

const bundleFolder = join(resolve(import.meta.dirname, '../..'), 'public/models/tiny-random');
const DOCUMENTS = ['김병현은 9회말 마운드에 올랐다.', '서울특별시 종로구에서 만났다. 삼성전자는 3억 원을 투자했다!', '', '한국해양대학교 언어처리실', '2024년 3월 15일 오후 2시\n이순신 장군'];

describe.runIf(existsSync(bundleFolder))('documents in batches', () => {
  it('gives each document what analysing it alone gives, in one batch per turn, and a bad document fails alone', async () => {
    const bundle = await readBundleFolder(bundleFolder);
    const model = await createNodeEmissionModel(join(bundleFolder, bundle.modelConfig.onnxPath), bundle.modelConfig);
    try {
      const alone = createPipeline({ ...bundle, runEmissions: model.runEmissions, keptGroups: 0 });
      const expected = await Promise.all(DOCUMENTS.map(async (text) => (await alone.analyze(text)).entities));
      expect(expected.flat().length).toBeGreaterThan(0);

      const pipeline = createPipeline({ ...bundle, runEmissions: model.runEmissions, keptGroups: 0, batchAcrossGroups: true });
      const batches: number[] = [];
      const analyze = batchedAnalyze((texts) => {
        batches.push(texts.length);
        return pipeline.analyzeMany(texts);
      }, 4);
      const documents = [...DOCUMENTS, ...DOCUMENTS];
      const results = await Promise.all(documents.map((text) => analyze(text)));
      expect(results).toEqual([...expected, ...expected]);
      // asked for in one turn: batches of the cap, then the rest
      expect(batches).toEqual([4, 4, 2]);

      batches.length = 0;
      const mixed = await Promise.allSettled([analyze(DOCUMENTS[0]), analyze(42 as unknown as string), analyze(DOCUMENTS[1])]);
      expect(mixed.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect((mixed[1] as PromiseRejectedResult).reason.message).toBe('expected every text to be a string, got number');
      expect((mixed[2] as PromiseFulfilledResult<unknown>).value).toEqual(expected[1]);
      // the batch failed, then each document on its own
      expect(batches).toEqual([3, 1, 1, 1]);
    } finally {
      await model.release();
    }
  });
});
