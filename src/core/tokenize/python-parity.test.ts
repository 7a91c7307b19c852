/**
 * The browser tokenizer (@huggingface/tokenizers on the bundle's tokenizer.json) must give the
 * ids the model was trained on (tools/kner/tokenizer.py), on 1,000 real corpus sentences plus
 * normalisation cases. Needs ../shared/data (absent on a user's machine: then it says so and skips).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseModelConfig } from '../bundle/bundle';
import { createTextTokenizer } from './text-tokenizer';
import { PYTHON as python, dataPath, missingData, missingPython } from '../../eval/third-party-data';

const root = join(import.meta.dirname, '..', '..', '..');
const corpusPath = dataPath('kmou-ner/kmou_ner.jsonl');
const kluePath = dataPath('corpora/klue_train_sentences.txt');
const bundles = [...['default', 'tiny-random'].map((id) => join(root, 'public', 'models', id)), ...(process.env.PARITY_BUNDLE ? [process.env.PARITY_BUNDLE] : [])].filter((dir) => existsSync(join(dir, 'tokenizer.json')));
const missing = missingData('kmou-ner/kmou_ner.jsonl', 'corpora/klue_train_sentences.txt') ?? missingPython();
const haveData = missing === null;

const EDGE_CASES = [
  'ㅋㅋㅋ ㈜삼성 ＡＢＣ１２３ ﬁ ① ㎞',
  '\u1100\u1161\u11a8 decomposed 한글 \u1112\u1161\u11ab\u1100\u1173\u11af',
  'tabs\tand\n\nnewlines   and  spaces',
  'emoji 😀👍🏽 and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
  'zero\u200bwidth\u00a0nbsp\u3000ideographic',
  '<b>HTML</b> &amp; "quotes"',
];

function sampleTexts(): string[] {
  const kmou = readFileSync(corpusPath, 'utf8').split('\n').filter(Boolean).map((line) => (JSON.parse(line) as { text: string }).text);
  const klue = readFileSync(kluePath, 'utf8').split('\n').filter(Boolean);
  // every 30th KMOU sentence and every 100th KLUE sentence: about 1,000 in all
  return [...kmou.filter((_, index) => index % 30 === 0), ...klue.filter((_, index) => index % 100 === 0), ...EDGE_CASES];
}

describe.skipIf(!haveData)(`tokenizer parity with Python${missing ? ` (${missing})` : ''}`, () => {
  for (const dir of bundles) {
    it(`gives the Python ids on 1,000 corpus sentences for ${dir.split('/').pop()}`, () => {
      const texts = sampleTexts();
      expect(texts.length).toBeGreaterThanOrEqual(1000);
      const result = spawnSync(python, [join(root, 'tools', 'tokenize_ids.py'), join(dir, 'tokenizer.json')], {
        input: texts.map((text) => JSON.stringify(text)).join('\n'),
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      });
      expect(result.status, result.stderr).toBe(0);
      const pythonIds = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as number[]);
      expect(pythonIds.length).toBe(texts.length);
      const config = parseModelConfig(JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')));
      const tokenizer = createTextTokenizer(
        JSON.parse(readFileSync(join(dir, 'tokenizer.json'), 'utf8')),
        JSON.parse(readFileSync(join(dir, 'tokenizer_config.json'), 'utf8')),
        config.specialTokens,
      );
      let mismatches = 0;
      texts.forEach((text, index) => {
        const ours = Array.from(tokenizer.tokenize(text).ids);
        if (JSON.stringify(ours) !== JSON.stringify(pythonIds[index])) {
          mismatches++;
          if (mismatches <= 3) expect(ours, `text ${JSON.stringify(text)}`).toEqual(pythonIds[index]);
        }
      });
      expect(mismatches).toBe(0);
    });
  }
});
