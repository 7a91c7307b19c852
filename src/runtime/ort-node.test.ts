/** Integration: the pipeline on a real ONNX bundle (public/models/tiny-random, random weights) via onnxruntime-node. */
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { createNodeEmissionModel, loadNodePipeline, readBundleFolder } from './ort-node';
import { createPipeline, type Entity } from '../core/pipeline';

const repoRoot = resolve(import.meta.dirname, '../..');
const bundleFolder = join(repoRoot, 'public/models/tiny-random');
const run = promisify(execFile);

const SAMPLE = '김철수는 2024년 3월 서울에서 ㈜삼성전자에 입사했다. 😀 그는 "한국"을 좋아한다.';

const spans = (entities: Entity[]) => entities.map(({ start, end, label }) => [start, end, label]);

describe.runIf(existsSync(bundleFolder))('the pipeline on the tiny ONNX bundle', () => {
  it('analyzes text into entities with valid offsets', async () => {
    const { pipeline, release } = await loadNodePipeline(bundleFolder);
    try {
      const { entities, stats } = await pipeline.analyze(SAMPLE);
      expect(stats.tokens).toBe([...SAMPLE].length + 2); // one token per code point, but "㈜" (NFKC "(주)") is three
      for (const entity of entities) {
        expect(0 <= entity.start && entity.start < entity.end && entity.end <= SAMPLE.length).toBe(true);
        expect(entity.text).toBe(SAMPLE.slice(entity.start, entity.end));
      }
    } finally {
      await release();
    }
  });

  it('gives the same entities for windows batched and padded as for windows run one by one', async () => {
    const bundle = await readBundleFolder(bundleFolder);
    const model = await createNodeEmissionModel(join(bundleFolder, bundle.modelConfig.onnxPath), bundle.modelConfig);
    try {
      const longText = `${SAMPLE} 이 문장은 길이가 서로 다른 창을 만든다.\n`.repeat(8);
      const batched = await createPipeline({ ...bundle, runEmissions: model.runEmissions, maxBatchSize: 16 }).analyze(longText);
      const oneByOne = await createPipeline({ ...bundle, runEmissions: model.runEmissions, maxBatchSize: 1 }).analyze(longText);
      expect(batched.stats.windows).toBeGreaterThan(2);
      expect(spans(batched.entities)).toEqual(spans(oneByOne.entities));
      batched.entities.forEach((entity, index) => expect(entity.score).toBeCloseTo(oneByOne.entities[index].score, 4));
    } finally {
      await model.release();
    }
  });

  it('gives the logits PyTorch gave for the same token ids (src/runtime/__golden__/tiny-random.json, tools/make_goldens.py)', async () => {
    const golden = JSON.parse(readFileSync(join(import.meta.dirname, '__golden__/tiny-random.json'), 'utf8')) as {
      input_ids: number[][]; attention_mask: number[][]; logits: number[][][];
    };
    const bundle = await readBundleFolder(bundleFolder);
    const model = await createNodeEmissionModel(join(bundleFolder, bundle.modelConfig.onnxPath), bundle.modelConfig);
    try {
      const [batchSize, seqLen] = [golden.input_ids.length, golden.input_ids[0].length];
      const logits = await model.runEmissions({
        batchSize,
        seqLen,
        inputIds: BigInt64Array.from(golden.input_ids.flat(), BigInt),
        attentionMask: BigInt64Array.from(golden.attention_mask.flat(), BigInt),
        tokenTypeIds: null,
      });
      const expected = golden.logits.flat(2);
      expect(logits.length).toBe(expected.length);
      const numTags = bundle.modelConfig.labels.length;
      let worst = 0;
      expected.forEach((value, index) => {
        const position = Math.floor(index / numTags);
        if (golden.attention_mask[Math.floor(position / seqLen)][position % seqLen] === 1) worst = Math.max(worst, Math.abs(logits[index] - value));
      });
      expect(worst).toBeLessThan(1e-4);
    } finally {
      await model.release();
    }
  });

  it('ends quietly when its reader closes the pipe early (| head), with exit code 0', async () => {
    const { spawn } = await import('node:child_process');
    const lines = Array.from({ length: 400 }, (_, i) => `${SAMPLE} ${i}`).join('\n');
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/ner.ts', '--model', bundleFolder, '--jobs', '1'], { cwd: repoRoot });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdin.end(lines);
    // Read the first line, then close the pipe as `head -1` does.
    await new Promise<void>((resolve) => child.stdout.once('data', () => { child.stdout.destroy(); resolve(); }));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toMatch(/EPIPE|Error/);
    expect(code).toBe(0);
  });

  it('runs the CLI: one JSON line per non-empty input line, exit code 0', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'ner-input-'));
    try {
      const input = join(folder, 'input.txt');
      const { writeFileSync } = await import('node:fs');
      writeFileSync(input, `${SAMPLE}\r\n\n둘째 줄\n`);
      const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/cli/ner.ts', '--model', bundleFolder, input], { cwd: repoRoot });
      const documents = stdout.trimEnd().split('\n').map((line) => JSON.parse(line));
      expect(documents.map((document) => document.text)).toEqual([SAMPLE, '둘째 줄']);
      for (const document of documents) {
        for (const entity of document.entities) expect(entity.text).toBe(document.text.slice(entity.start, entity.end));
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('exits with 2 and names the missing file of a broken bundle', async () => {
    const broken = mkdtempSync(join(tmpdir(), 'ner-bundle-'));
    try {
      cpSync(bundleFolder, broken, { recursive: true });
      rmSync(join(broken, 'crf.json'));
      const failure = await run(process.execPath, ['--import', 'tsx', 'src/cli/ner.ts', '--model', broken], { cwd: repoRoot }).catch((error) => error);
      expect(failure.code).toBe(2);
      expect(failure.stderr).toContain('model bundle: missing file crf.json');
      rmSync(join(broken, 'onnx'), { recursive: true });
      cpSync(join(bundleFolder, 'crf.json'), join(broken, 'crf.json'));
      await expect(loadNodePipeline(broken)).rejects.toThrow('model bundle: missing file onnx/model.onnx');
    } finally {
      rmSync(broken, { recursive: true, force: true });
    }
  });

  it('refuses a folder whose crf.json comes from another version of the model (config.json ner.files)', async () => {
    const mixed = mkdtempSync(join(tmpdir(), 'ner-mixed-'));
    try {
      cpSync(bundleFolder, mixed, { recursive: true });
      const crfPath = join(mixed, 'crf.json');
      const crf = JSON.parse(readFileSync(crfPath, 'utf8'));
      crf.transitions[0][0] += 1; // still a valid CRF: only the digest can tell
      writeFileSync(crfPath, JSON.stringify(crf));
      await expect(loadNodePipeline(mixed)).rejects.toThrow(/^crf\.json: does not match config\.json/);
    } finally {
      rmSync(mixed, { recursive: true, force: true });
    }
  });
});
