/**
 * `npm run adapt` end to end on a tiny random bundle with a hidden-states output (real ONNX file on
 * onnxruntime-node): the adapted bundle is written, loads like any bundle and runs in `npm run ner`'s
 * pipeline with the file's labels; bad input writes nothing.
 */
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadNodePipeline } from '../runtime/ort-node';
import { runAdaptCli } from './adapt-cli';

const BASE = join(import.meta.dirname, '__fixtures__', 'tiny-hidden');
const TINY_RANDOM = join(import.meta.dirname, '..', '..', 'public', 'models', 'tiny-random');

/** Documents whose PRODUCT entities are the word 삼성전자 and PER the name 이순신 (characters of the tiny vocabulary). */
function documents(count: number): string {
  const lines: string[] = [];
  for (let index = 0; index < count; index++) {
    const text = index % 2 === 0 ? '삼성전자는 10억 원을 투자했다.' : '이순신 장군은 조선 수군을 이끌었다.';
    const entities = index % 2 === 0 ? [{ start: 0, end: 4, label: 'PRODUCT' }] : [{ start: 0, end: 3, label: 'PER' }];
    lines.push(JSON.stringify({ text, entities }));
  }
  return `${lines.join('\n')}\n`;
}

function io() {
  const out = { stdout: '', stderr: '' };
  return { out, io: { stdout: { write: (text: string) => (out.stdout += text) }, stderr: { write: (text: string) => (out.stderr += text) } } };
}

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'adapt-cli-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('npm run adapt', () => {
  it('writes an adapted bundle that loads and runs with the file\'s labels, the base folder unchanged', async () => {
    const train = join(work, 'train.jsonl');
    await writeFile(train, documents(40));
    const out = join(work, 'adapted');
    const baseConfig = await readFile(join(BASE, 'config.json'), 'utf8');
    const { out: output, io: cliIo } = io();
    // the random base model's PER is nothing like the file's: --same-labels takes the name as it is
    const code = await runAdaptCli(['--model', BASE, '--train', train, '--out', out, '--epochs', '60', '--lr', '0.01', '--fp32', '--same-labels'], cliIo);
    expect(output.stderr).not.toMatch(/nothing was written/);
    expect(code).toBe(0);
    expect(output.stdout).toMatch(/wrote .*adapted.*40 documents, 40 entities; held-out 8 documents: entity F1/);
    expect(await readFile(join(BASE, 'config.json'), 'utf8')).toBe(baseConfig);
    const config = JSON.parse(await readFile(join(out, 'config.json'), 'utf8'));
    expect(config.ner.labels).toEqual(['O', 'B-PER', 'I-PER', 'B-PRODUCT', 'I-PRODUCT']);
    expect(config.ner.adapted_from.id).toBe('tiny-random-hidden');
    expect(config.ner.head).toEqual({ file: 'head-adapted.json', input: 'hidden', base_output: 'logits' });
    expect(config.ner.adaptation).toMatchObject({ documents: 40, entities: 40, new_types: ['PRODUCT'] });
    expect(typeof config.ner.metrics.held_out_entity_f1).toBe('number');

    const { pipeline, release } = await loadNodePipeline(out, { quantized: false });
    try {
      const [first, second] = await pipeline.analyzeMany(['삼성전자는 10억 원을 투자했다.', '이순신 장군은 조선 수군을 이끌었다.']);
      // the random encoder still separates these two fixed sentences: the fit learns them
      expect(first.map(({ start, end, label }) => [start, end, label])).toEqual([[0, 4, 'PRODUCT']]);
      expect(second.map(({ start, end, label }) => [start, end, label])).toEqual([[0, 3, 'PER']]);
    } finally {
      await release();
    }
  });

  it('keeps O and the base types the base model finds when the file brings a new type (bit-identical head rows), unless --fit-all', async () => {
    // 40 documents: PRODUCT (new) in 36, the base model's PER in 4 (too few to say the base disagrees: kept)
    const lines = documents(40).trim().split('\n').map((line, index) => (index % 2 === 1 && index > 7 ? JSON.stringify({ text: '삼성전자는 10억 원을 투자했다.', entities: [{ start: 0, end: 4, label: 'PRODUCT' }] }) : line));
    const train = join(work, 'new-type.jsonl');
    await writeFile(train, `${lines.join('\n')}\n`);
    const rows = async (out: string) => {
      const head = JSON.parse(await readFile(join(out, 'head-adapted.json'), 'utf8'));
      return { labels: head.labels as string[], weight: head.weight as number[][], bias: head.bias as number[], width: head.hidden_size as number, baseLabels: head.base_labels as string[] };
    };
    const kept = io();
    const out = join(work, 'kept');
    expect(await runAdaptCli(['--model', BASE, '--train', train, '--out', out, '--epochs', '5', '--lr', '0.01', '--fp32', '--held-out', '0'], kept.io)).toBe(0);
    expect(kept.out.stderr).toMatch(/O and the base model's PER keep their parameters; 2 labels are fitted/);
    const head = await rows(out);
    expect(head.labels).toEqual(['O', 'B-PER', 'I-PER', 'B-PRODUCT', 'I-PRODUCT']);
    // the starting point: weight 1 on the label's own base column, 0 elsewhere, bias 0
    const unit = (label: string) => Array.from({ length: head.width + head.baseLabels.length }, (_, f) => (f === head.width + head.baseLabels.indexOf(label) ? 1 : 0));
    for (const [k, label] of ['O', 'B-PER', 'I-PER'].entries()) {
      expect(head.weight[k]).toEqual(unit(label));
      expect(head.bias[k]).toBe(0);
    }
    expect(head.weight[3]).not.toEqual(Array(head.width + head.baseLabels.length).fill(0));

    const all = io();
    const outAll = join(work, 'fit-all');
    expect(await runAdaptCli(['--model', BASE, '--train', train, '--out', outAll, '--epochs', '5', '--lr', '0.01', '--fp32', '--held-out', '0', '--fit-all'], all.io)).toBe(0);
    expect(all.out.stderr).not.toMatch(/keep their parameters/);
    expect((await rows(outAll)).weight[0]).not.toEqual(unit('O'));
  });

  it('refuses a file with overlapping or out-of-range spans, naming the line, and writes nothing', async () => {
    const train = join(work, 'bad.jsonl');
    await writeFile(
      train,
      [
        JSON.stringify({ text: '이순신 장군', entities: [{ start: 0, end: 3, label: 'PER' }] }),
        JSON.stringify({ text: '이순신 장군', label: [[0, 3, 'PER'], [2, 5, 'PER']] }),
        JSON.stringify({ text: '이순신', entities: [{ start: 0, end: 9, label: 'PER' }] }),
      ].join('\n'),
    );
    const out = join(work, 'never');
    const { out: output, io: cliIo } = io();
    expect(await runAdaptCli(['--model', BASE, '--train', train, '--out', out], cliIo)).toBe(2);
    expect(output.stderr).toMatch(/bad\.jsonl:2: entities 1 \[0, 3, PER\] and 2 \[2, 5, PER\] overlap/);
    expect(output.stderr).toMatch(/bad\.jsonl:3: entity 1 \[0, 9, "PER"\]: out of range \(the text has 3 UTF-16 units\)/);
    await expect(readdir(out)).rejects.toThrow(/ENOENT/);
  });

  it('refuses a label the base model has under the same name for a different thing, and says how to rename it', async () => {
    const train = join(work, 'clash.jsonl');
    await writeFile(train, documents(40));
    const out = join(work, 'clash-out');
    const { out: output, io: cliIo } = io();
    expect(await runAdaptCli(['--model', BASE, '--train', train, '--out', out], cliIo)).toBe(2);
    expect(output.stderr).toMatch(/label clash: the file uses PER \(the base model's PER matches 0% of the file's 20 PER entities\).*--rename PER=PER2/);
    await expect(readdir(out)).rejects.toThrow(/ENOENT/);
    // renamed, it is learnt as a new type
    const renamed = io();
    expect(await runAdaptCli(['--model', BASE, '--train', train, '--out', out, '--rename', 'PER=PERSON', '--epochs', '2'], renamed.io)).toBe(0);
    expect(JSON.parse(await readFile(join(out, 'config.json'), 'utf8')).ner.labels).toEqual(['O', 'B-PRODUCT', 'I-PRODUCT', 'B-PERSON', 'I-PERSON']);
  });

  it('says how many examples are needed, and of which type', async () => {
    const train = join(work, 'few.jsonl');
    await writeFile(train, documents(8));
    const { out: output, io: cliIo } = io();
    expect(await runAdaptCli(['--model', BASE, '--train', train, '--out', join(work, 'few-out'), '--same-labels'], cliIo)).toBe(2);
    expect(output.stderr).toMatch(/too few examples to adapt: 8 documents: at least 10 are needed \(2 more\)/);
    expect(output.stderr).toMatch(/nothing was written/);
  });

  it('refuses a bundle without the hidden-states output, saying why', async () => {
    const train = join(work, 'train2.jsonl');
    await writeFile(train, documents(40));
    const { out: output, io: cliIo } = io();
    expect(await runAdaptCli(['--model', TINY_RANDOM, '--train', train, '--out', join(work, 'no-hidden')], cliIo)).toBe(2);
    expect(output.stderr).toMatch(/does not output the encoder's hidden states \(config.json ner.hidden_output\), so it cannot be adapted/);
  });
});
