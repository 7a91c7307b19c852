/**
 * `npm run convert-kobert` end to end: a reference-layout checkpoint (tiny config, random weights,
 * TorchCRF naming, DataParallel `module.` prefix; made by tools/kobert_fixture.py) -> bundle ->
 * onnxruntime-node emissions equal PyTorch's, and the CLI's entities equal PyTorch + Viterbi's.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEmissionModel, readBundleFolder } from '../runtime/ort-node';
import { createTextTokenizer } from '../core/tokenize/text-tokenizer';

const root = resolve(import.meta.dirname, '../..');
const python = '/usr/bin/python3';
const env = { ...process.env, OMP_WAIT_POLICY: 'PASSIVE' };

// Text the tiny SentencePiece model knows, with plain single spaces (the reference spans need that).
const TEXTS = ['김철수는 서울에 갔다.', '영희는 부산에서 이순신 장군을 만났다.', '대한민국의 수도는 서울이다.', '삼성전자는 10억 원을 투자했다.'];

interface Reference {
  text: string;
  ids: number[];
  /** shape: (ids.length, numTags) */
  emissions: number[][];
  entities: { start: number; end: number; label: string; text: string }[];
}

describe.runIf(existsSync(python))('npm run convert-kobert on a tiny reference-layout checkpoint', () => {
  let work: string;
  let bundle: string;
  let references: Reference[];

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'convert-kobert-'));
    bundle = join(work, 'bundle');
    const paths = JSON.parse(
      execFileSync(python, ['tools/kobert_fixture.py', 'make', work, '--crf', 'TorchCRF', '--module-prefix'], { cwd: root, env, encoding: 'utf8' }),
    ) as Record<string, string>;
    const converted = spawnSync('npm', ['run', '-s', 'convert-kobert', '--', '--checkpoint', paths.checkpoint, '--ner-to-index', paths.ner_to_index,
      '--sentencepiece', paths.sentencepiece, '--vocab', paths.vocab, '--bert-config', paths.bert_config, '--out', bundle], { cwd: root, env, encoding: 'utf8' });
    expect(converted.status, converted.stderr).toBe(0);
    expect(converted.stdout).toMatch(/25 labels, CRF from TorchCRF/);
    const output = execFileSync(python, ['tools/kobert_fixture.py', 'reference', work], {
      cwd: root, env, encoding: 'utf8', input: TEXTS.map((text) => JSON.stringify(text)).join('\n'),
    });
    references = output.trim().split('\n').map((line) => JSON.parse(line) as Reference);
  }, 120_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('tokenizes to the ids SentencePiece + the gluonnlp vocabulary give', async () => {
    const { modelConfig, tokenizerJson, tokenizerConfig } = await readBundleFolder(bundle);
    const tokenizer = createTextTokenizer(tokenizerJson, tokenizerConfig, modelConfig.specialTokens);
    for (const reference of references) {
      expect([tokenizer.clsId, ...tokenizer.tokenize(reference.text).ids, tokenizer.sepId], reference.text).toEqual(reference.ids);
    }
  });

  it('gives ONNX emissions equal to the PyTorch module within 1e-4, batched and padded', async () => {
    const { modelConfig } = await readBundleFolder(bundle);
    expect(modelConfig.modelInputs).toEqual(['input_ids', 'attention_mask', 'token_type_ids']);
    const model = await createNodeEmissionModel(join(bundle, modelConfig.onnxPath), modelConfig);
    try {
      const batchSize = references.length;
      const seqLen = Math.max(...references.map((reference) => reference.ids.length));
      const numTags = modelConfig.labels.length;
      const padId = 1; // [PAD] in the gluonnlp layout
      // shape: (batchSize, seqLen), row-major
      const inputIds = new BigInt64Array(batchSize * seqLen).fill(BigInt(padId));
      const attentionMask = new BigInt64Array(batchSize * seqLen);
      references.forEach((reference, row) => reference.ids.forEach((id, position) => {
        inputIds[row * seqLen + position] = BigInt(id);
        attentionMask[row * seqLen + position] = 1n;
      }));
      const logits = await model.runEmissions({ batchSize, seqLen, inputIds, attentionMask, tokenTypeIds: new BigInt64Array(batchSize * seqLen) });
      let maxDifference = 0;
      references.forEach((reference, row) => reference.emissions.forEach((scores, position) => scores.forEach((score, tag) => {
        maxDifference = Math.max(maxDifference, Math.abs(logits[(row * seqLen + position) * numTags + tag] - score));
      })));
      expect(maxDifference).toBeLessThan(1e-4);
    } finally {
      await model.release();
    }
  });

  it("gives the CLI's entities equal to PyTorch + BIO-constrained Viterbi's", () => {
    const result = spawnSync('npx', ['tsx', 'src/cli/ner.ts', '--model', bundle], { cwd: root, encoding: 'utf8', input: `${TEXTS.join('\n')}\n` });
    expect(result.status, result.stderr).toBe(0);
    const documents = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as { text: string; entities: Reference['entities'] });
    expect(documents.map((document) => document.text)).toEqual(TEXTS);
    const found = documents.map((document) => document.entities.map(({ start, end, label, text }) => ({ start, end, label, text })));
    expect(found).toEqual(references.map((reference) => reference.entities));
    expect(found.flat().length).toBeGreaterThan(0); // random weights, spread wide: entities do appear
  });

  it('never turns the special labels [CLS] [SEP] [PAD] [MASK] into entities', () => {
    const config = JSON.parse(readFileSync(join(bundle, 'config.json'), 'utf8')) as { ner: { labels: string[] } };
    expect(config.ner.labels.slice(0, 5)).toEqual(['[CLS]', '[SEP]', '[PAD]', '[MASK]', 'O']);
    const labels = references.flatMap((reference) => reference.entities.map((entity) => entity.label));
    for (const label of labels) expect(label).toMatch(/^(POH|NOH|PNT|DAT|PER|TIM|LOC|ORG|MNY|DUR)$/);
  });
});
