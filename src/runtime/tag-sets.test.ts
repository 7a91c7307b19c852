/**
 * Integration: a two-tag-set bundle (public/models/tiny-random-two: one encoder, a KMOU head on "logits"
 * and a KLUE-NER head on "logits_klue", random weights; tools/make_tiny_two_bundle.py) through
 * onnxruntime-node: each tag set decodes its own output with its own CRF, on one session.
 */
import { describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createNodeEmissionModel, loadNodePipeline, readBundleFolder } from './ort-node';
import { createPipeline, type EmissionBatch, type Entity } from '../core/pipeline';
import { KLUE_TYPES, KMOU_TYPES } from '../core/labels/tag-sets';

const repoRoot = resolve(import.meta.dirname, '../..');
const twoFolder = join(repoRoot, 'public/models/tiny-random-two');
const oneFolder = join(repoRoot, 'public/models/tiny-random');
const SAMPLE = '김철수는 2024년 3월 서울에서 삼성전자에 입사했다. 이순신 장군은 조선 수군을 이끌었다.\n'.repeat(3);
const spans = (entities: Entity[]) => entities.map(({ start, end, label }) => [start, end, label]);

function copyWith(edit: (config: { ner: Record<string, unknown> }) => void, files: Record<string, string> = {}): string {
  const folder = mkdtempSync(join(tmpdir(), 'two-tag-sets-'));
  cpSync(twoFolder, folder, { recursive: true });
  const config = JSON.parse(readFileSync(join(folder, 'config.json'), 'utf8'));
  edit(config);
  writeFileSync(join(folder, 'config.json'), JSON.stringify(config));
  for (const [path, text] of Object.entries(files)) writeFileSync(join(folder, path), text);
  return folder;
}

describe.runIf(existsSync(twoFolder))('a bundle with two tag sets on onnxruntime-node', () => {
  it('decodes KMOU by default (the same entities as the one-tag-set bundle with the same encoder) and KLUE when asked, on one session', async () => {
    const bundle = await readBundleFolder(twoFolder);
    expect(bundle.modelConfig.tagSets.map((tagSet) => tagSet.name)).toEqual(['kmou', 'klue']);
    const model = await createNodeEmissionModel(join(twoFolder, 'onnx/model.onnx'), bundle.modelConfig);
    const outputs: (string | undefined)[] = [];
    const pipeline = createPipeline({
      ...bundle,
      keptGroups: 0,
      runEmissions: (batch: EmissionBatch, output?: string) => {
        outputs.push(output);
        return model.runEmissions(batch, output);
      },
    });
    const single = await loadNodePipeline(oneFolder, { quantized: false });
    try {
      const kmou = await pipeline.analyze(SAMPLE);
      expect(kmou.tagSet).toBe('kmou');
      expect(spans(kmou.entities)).toEqual(spans((await single.pipeline.analyze(SAMPLE)).entities));
      expect(kmou.entities.length).toBeGreaterThan(0);
      const klue = await pipeline.analyze(SAMPLE, { tagSet: 'klue' });
      expect(klue.tagSet).toBe('klue');
      expect(klue.entities.length).toBeGreaterThan(0);
      for (const entity of klue.entities) expect(KLUE_TYPES as readonly string[]).toContain(entity.label);
      for (const entity of kmou.entities) expect(KMOU_TYPES as readonly string[]).toContain(entity.label);
      expect(new Set(outputs)).toEqual(new Set(['logits', 'logits_klue']));
      // back to KMOU: the same as the first time (nothing of KLUE's leaks into it)
      expect(spans((await pipeline.analyze(SAMPLE, { tagSet: 'kmou' })).entities)).toEqual(spans(kmou.entities));
      const many = await pipeline.analyzeMany(['이순신 장군', SAMPLE], { tagSet: 'klue' });
      expect(spans(many[1])).toEqual(spans(klue.entities));
      await expect(pipeline.analyze(SAMPLE, { tagSet: 'conll' })).rejects.toThrow('model "tiny-random-two" has no tag set "conll"; it has 2: "kmou", "klue"');
    } finally {
      await model.release();
      await single.release();
    }
  });

  it('keeps results per tag set: the same text under the other tag set runs the model again', async () => {
    const { pipeline, release } = await loadNodePipeline(twoFolder);
    try {
      const first = await pipeline.analyze(SAMPLE, { tagSet: 'klue' });
      expect((await pipeline.analyze(SAMPLE, { tagSet: 'klue' })).stats.windowsRun).toBe(0);
      const other = await pipeline.analyze(SAMPLE, { tagSet: 'kmou' });
      expect(other.stats.windowsRun).toBe(first.stats.windowsRun);
      expect(spans(other.entities)).not.toEqual(spans(first.entities));
    } finally {
      await release();
    }
  });

  it('refuses at load a tag set whose output the ONNX file lacks, or whose crf file has other labels', async () => {
    const missingOutput = copyWith((config) => ((config.ner.tag_sets as { output: string }[])[1].output = 'logits_conll'));
    const otherLabels = copyWith(() => {}, {
      'crf-klue.json': JSON.stringify({ ...JSON.parse(readFileSync(join(twoFolder, 'crf-klue.json'), 'utf8')), labels: ['O', 'B-PS', 'I-PS', 'B-LC', 'I-LC', 'B-OG', 'I-OG', 'B-DT', 'I-DT', 'B-TI', 'I-TI', 'B-QT', 'I-NOH'] }),
    });
    try {
      await expect(loadNodePipeline(missingOutput)).rejects.toThrow('expected an output named "logits_conll" (tag set "klue"), got ["logits","logits_klue"]');
      await expect(loadNodePipeline(otherLabels)).rejects.toThrow('crf-klue.json: expected labels to equal config.json ner.tag_sets[1].labels ("klue")');
    } finally {
      rmSync(missingOutput, { recursive: true, force: true });
      rmSync(otherLabels, { recursive: true, force: true });
    }
  });

  it('checks every tag set\'s crf file against config.json\'s digests (ner.files)', async () => {
    const crf = JSON.parse(readFileSync(join(twoFolder, 'crf-klue.json'), 'utf8'));
    crf.start_transitions[0] += 1;
    const changed = copyWith(() => {}, { 'crf-klue.json': JSON.stringify(crf) });
    try {
      await expect(loadNodePipeline(changed)).rejects.toThrow('crf-klue.json: does not match config.json');
    } finally {
      rmSync(changed, { recursive: true, force: true });
    }
  });
});
