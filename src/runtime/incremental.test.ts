/**
 * Integration: incremental analysis on a real ONNX bundle (public/models/tiny-random) via
 * onnxruntime-node. After any sequence of edits (some analyses stopped half-way, as when a
 * newer text arrives), the pipeline that kept its groups gives exactly what a fresh one gives.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createNodeEmissionModel, readBundleFolder } from './ort-node';
import { AnalysisStopped, createPipeline, type EmissionBatch, type Entity, type RunEmissions } from '../core/pipeline';
import { planTextGroups } from '../core/windows/text-groups';

const repoRoot = resolve(import.meta.dirname, '../..');
const bundleFolder = join(repoRoot, 'public/models/tiny-random');

const SENTENCES = [
  '김병현은 9회말 마운드에 올랐다.',
  '서울특별시 종로구에서 만났다.',
  '삼성전자는 3억 원을 투자했고 주가는 2% 올랐다!',
  '한국해양대학교 언어처리실',
  '이순신 장군은 조선 수군을 이끌었다?',
  '2024년 3월 15일 오후 2시',
  'Hello world (test) [x] {y} <z>',
];
const PIECES = [...SENTENCES, ' ', '\n', '. ', '김', '서울', '3', '...', '\n\n'];

const edit = fc.record({
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  deleted: fc.integer({ min: 0, max: 12 }),
  inserted: fc.array(fc.constantFrom(...PIECES), { maxLength: 3 }).map((parts) => parts.join('')),
  /** Stop that analysis after this many model calls (a newer text arrived); null: let it finish. */
  stopAfter: fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }),
});

function applyEdit(text: string, { at, deleted, inserted }: { at: number; deleted: number; inserted: string }) {
  const start = Math.floor(at * text.length);
  return text.slice(0, start) + inserted + text.slice(Math.min(text.length, start + deleted));
}

describe.runIf(existsSync(bundleFolder))('incremental analysis on the tiny ONNX bundle', () => {
  // batchAcrossGroups: an analysis batches the windows of the groups it runs, so after edits they share
  // calls with other neighbours than in a fresh analysis; fp32 rows on onnxruntime-node are independent
  it.each([false, true])('gives exactly the fresh analysis of the final text after any sequence of edits (batchAcrossGroups %s)', async (batchAcrossGroups) => {
    const bundle = await readBundleFolder(bundleFolder);
    const model = await createNodeEmissionModel(join(bundleFolder, bundle.modelConfig.onnxPath), bundle.modelConfig);
    let calls = 0;
    const counted: RunEmissions = (batch: EmissionBatch) => {
      calls++;
      return model.runEmissions(batch);
    };
    let windowsKept = 0;
    try {
      const start = fc.array(fc.constantFrom(...SENTENCES), { minLength: 1, maxLength: 24 }).chain((sentences) =>
        fc.array(fc.constantFrom(' ', '\n', '  '), { minLength: sentences.length, maxLength: sentences.length }).map((gaps) =>
          sentences.map((sentence, index) => sentence + gaps[index]).join(''),
        ),
      );
      await fc.assert(
        fc.asyncProperty(start, fc.array(edit, { minLength: 1, maxLength: 6 }), async (first, edits) => {
          const incremental = createPipeline({ ...bundle, runEmissions: counted, batchAcrossGroups });
          await incremental.analyze(first);
          let text = first;
          for (const change of edits) {
            text = applyEdit(text, change);
            const stopAt = change.stopAfter === null ? Infinity : calls + change.stopAfter;
            try {
              // the edited group first, as the page asks (useLiveAnalysis: focusChar where the text changed)
              await incremental.analyze(text, { isStale: () => calls >= stopAt, focusChar: Math.floor(change.at * text.length) });
            } catch (error) {
              if (!(error instanceof AnalysisStopped)) throw error;
            }
          }
          const again = await incremental.analyze(text);
          const fresh = await createPipeline({ ...bundle, runEmissions: model.runEmissions, batchAcrossGroups }).analyze(text);
          expect(again.entities).toEqual(fresh.entities);
          expect({ tokens: again.stats.tokens, windows: again.stats.windows }).toEqual({ tokens: fresh.stats.tokens, windows: fresh.stats.windows });
          windowsKept += again.stats.windows - again.stats.windowsRun;
        }),
        { numRuns: 60 },
      );
      // the property is about kept results: make sure there were some
      expect(windowsKept).toBeGreaterThan(100);
    } finally {
      await model.release();
    }
  }, 120_000);

  it.each([false, true])('runs the real model only on the group an edit at the end of a long text changed (batchAcrossGroups %s)', async (batchAcrossGroups) => {
    const bundle = await readBundleFolder(bundleFolder);
    const model = await createNodeEmissionModel(join(bundleFolder, bundle.modelConfig.onnxPath), bundle.modelConfig);
    try {
      const pipeline = createPipeline({ ...bundle, runEmissions: model.runEmissions, batchAcrossGroups });
      const text = Array.from({ length: 200 }, (_, index) => SENTENCES[index % SENTENCES.length]).join(' ');
      const first = await pipeline.analyze(text);
      const typed = await pipeline.analyze(`${text} 김`);
      expect(first.stats.windows).toBeGreaterThan(100);
      expect(typed.stats.windowsRun).toBeGreaterThan(0);
      expect(typed.stats.windowsRun).toBeLessThanOrEqual(3);
      // the entities before the group the edit changed are the ones kept
      const lastGroupStart = planTextGroups(`${text} 김`).at(-1)!.charStart;
      const before = (entities: Entity[]) => entities.filter((entity) => entity.end <= lastGroupStart);
      expect(before(typed.entities).length).toBeGreaterThan(100);
      expect(before(typed.entities)).toEqual(before(first.entities));
    } finally {
      await model.release();
    }
  }, 120_000);
});

const shippedFolder = join(repoRoot, 'public/models/default');

describe.runIf(existsSync(shippedFolder))('windows of different groups in one call, on the shipped int8 model', () => {
  it('gives each group exactly what its own calls give (static activation scales), in fewer calls', async () => {
    const bundle = await readBundleFolder(shippedFolder);
    expect(bundle.modelConfig.onnxQuantizedActivations).toBe('static');
    const model = await createNodeEmissionModel(join(shippedFolder, bundle.modelConfig.onnxQuantizedPath!), bundle.modelConfig, { intraOpNumThreads: 1 });
    try {
      const text = Array.from({ length: 60 }, (_, index) => `${SENTENCES[index % SENTENCES.length]} ${SENTENCES[(index * 3 + 1) % SENTENCES.length]}${index % 5 === 4 ? '\n' : ' '}`).join('');
      const analyse = async (batchAcrossGroups: boolean) => {
        let calls = 0;
        const counted: RunEmissions = (batch) => {
          calls++;
          return model.runEmissions(batch);
        };
        const result = await createPipeline({ ...bundle, runEmissions: counted, batchAcrossGroups, keptGroups: 0 }).analyze(text);
        return { ...result, calls };
      };
      const alone = await analyse(false);
      const shared = await analyse(true);
      expect(shared.entities.length).toBeGreaterThan(20);
      // scores included, bit for bit
      expect(shared.entities).toEqual(alone.entities);
      expect(shared.stats.windows).toBe(alone.stats.windows);
      expect(shared.calls).toBeLessThan(alone.calls);
    } finally {
      await model.release();
    }
  }, 120_000);

  it('runs a sentence typed during a long analysis before the rest, and no group twice', async () => {
    const bundle = await readBundleFolder(shippedFolder);
    const model = await createNodeEmissionModel(join(shippedFolder, bundle.modelConfig.onnxQuantizedPath!), bundle.modelConfig, { intraOpNumThreads: 1 });
    try {
      const batches: EmissionBatch[] = [];
      const recorded: RunEmissions = (batch) => {
        batches.push(batch);
        return model.runEmissions(batch);
      };
      const pipeline = createPipeline({ ...bundle, runEmissions: recorded, batchAcrossGroups: true });
      const text = Array.from({ length: 120 }, (_, index) => `${SENTENCES[index % SENTENCES.length]} ${index}번째.`).join(' ');
      // the pasted text's analysis, stopped after 3 calls: a sentence was typed at the end
      await expect(pipeline.analyze(text, { isStale: () => batches.length >= 3 })).rejects.toThrow(AnalysisStopped);
      const windowsBefore = batches.reduce((sum, batch) => sum + batch.batchSize, 0);
      const edited = `${text} 김민준은 서울에 갔다.`;
      const callsBefore = batches.length;
      const { entities, stats } = await pipeline.analyze(edited, { focusChar: text.length });
      // its first call: the edited group's windows, as an analysis of that group alone calls them
      const lastGroup = planTextGroups(edited).at(-1)!;
      const alone: EmissionBatch[] = [];
      await createPipeline({ ...bundle, runEmissions: async (batch) => (alone.push(batch), model.runEmissions(batch)), batchAcrossGroups: true, keptGroups: 0 }).analyze(
        edited.slice(lastGroup.charStart),
      );
      expect(alone).toHaveLength(1);
      expect(batches[callsBefore].inputIds).toEqual(alone[0].inputIds);
      // over the two analyses the model ran what one fresh analysis of the final text runs (the stopped one's
      // finished groups were kept; a text's repeated groups run once either way)
      const fresh = await createPipeline({ ...bundle, runEmissions: model.runEmissions, batchAcrossGroups: true }).analyze(edited);
      expect(windowsBefore).toBeGreaterThan(0);
      expect(windowsBefore + stats.windowsRun).toBe(fresh.stats.windowsRun);
      expect(entities).toEqual(fresh.entities);
      expect(entities.some((entity) => entity.text === '김민준' && entity.start > text.length)).toBe(true);
    } finally {
      await model.release();
    }
  }, 120_000);
});
