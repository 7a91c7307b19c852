/**
 * The converted KoBERT tokenizer (tools/convert_kobert.py -> tokenizer.json, read by
 * @huggingface/tokenizers) must give the ids the reference model saw: SentencePiece pieces looked up
 * in the gluonnlp vocabulary (tools/kobert_ids.py), on 1,000 corpus sentences plus NFKC and
 * whitespace cases; and every token's character span must be valid. Needs ../shared/data (the
 * KoBERT files and the corpora; absent on a user's machine: then it says so and skips).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTextTokenizer } from './text-tokenizer';
import { BERT_SPECIAL_TOKENS } from './fixtures';
import { PYTHON as python, dataPath, missingData, missingPython } from '../../eval/third-party-data';

const root = join(import.meta.dirname, '..', '..', '..');
const DATA_FILES = ['kobert-tokenizer/tokenizer_78b3253a26.model', 'kobert-tokenizer/kobertvocab_f38b8a4d6d.json', 'kmou-ner/kmou_ner.jsonl', 'corpora/klue_train_sentences.txt', 'corpora/nsmc_reviews.txt'];
const [spModel, vocab, corpusPath, kluePath, nsmcPath] = DATA_FILES.map(dataPath);
const missing = missingData(...DATA_FILES) ?? missingPython();
const haveData = missing === null;

const EDGE_CASES = [
  'ㅋㅋㅋ ㈜삼성 ＡＢＣ１２３ ﬁ ① ㎞ 10～20',
  '\u1100\u1161\u11a8 decomposed 한글 \u1112\u1161\u11ab\u1100\u1173\u11af',
  'tabs\tand\n\nnewlines   and  spaces',
  '  leading and trailing spaces  ',
  'emoji 😀👍🏽 and 👨‍👩‍👧 and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
  'zero\u200bwidth\u00a0nbsp\u3000ideographic \u200d joiner',
  'control\u0007\u0007char ☆ unknown ꙮꙮ run',
  '<b>HTML</b> &amp; "quotes"',
  'literal [CLS] and [UNK] are text, ▁ too',
];

function sampleTexts(): string[] {
  const kmou = readFileSync(corpusPath, 'utf8').split('\n').filter(Boolean).map((line) => (JSON.parse(line) as { text: string }).text);
  const klue = readFileSync(kluePath, 'utf8').split('\n').filter(Boolean);
  const nsmc = readFileSync(nsmcPath, 'utf8').split('\n', 20_000).filter(Boolean);
  // every 30th KMOU sentence, every 100th KLUE sentence, every 200th of the first 20,000 reviews
  return [...kmou.filter((_, i) => i % 30 === 0), ...klue.filter((_, i) => i % 100 === 0), ...nsmc.filter((_, i) => i % 200 === 0), ...EDGE_CASES];
}

describe.skipIf(!haveData)(`KoBERT tokenizer parity with SentencePiece + gluonnlp ids${missing ? ` (${missing})` : ''}`, () => {
  const converted = haveData
    ? spawnSync(python, ['-c', [
      'import json, sys',
      `sys.path.insert(0, ${JSON.stringify(join(root, 'tools'))})`,
      'import convert_kobert as c',
      'tok, specials, dropped = c.sentencepiece_tokenizer_json(sys.argv[1], sys.argv[2])',
      'print(json.dumps({"tokenizer": tok, "config": c.tokenizer_config(specials, 512, "[MASK]")}))',
    ].join('\n'), spModel, vocab], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
    : null;

  it('converts the real KoBERT files', () => {
    expect(converted?.status, converted?.stderr).toBe(0);
  });

  it('gives the reference ids on 1,000 corpus sentences and the NFKC cases (ties aside)', () => {
    const { tokenizer: tokenizerJson, config } = JSON.parse(converted!.stdout) as { tokenizer: unknown; config: unknown };
    const tokenizer = createTextTokenizer(tokenizerJson, config, BERT_SPECIAL_TOKENS);
    const texts = sampleTexts();
    expect(texts.length).toBeGreaterThanOrEqual(1000);
    const result = spawnSync(python, [join(root, 'tools', 'kobert_ids.py'), spModel, vocab], {
      input: texts.map((text) => JSON.stringify(text)).join('\n'), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024,
    });
    expect(result.status, result.stderr).toBe(0);
    const pythonIds = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as number[]);
    expect(pythonIds.length).toBe(texts.length);

    // a character SentencePiece normalizes to a space (tab, "▁", ...) may lie outside every token
    const isBlank = (character: string) => tokenizer.library.normalizer!(character).trim() === '';
    let ties = 0;
    texts.forEach((text, index) => {
      const tokenized = tokenizer.tokenize(text);
      const ours = Array.from(tokenized.ids);
      const expected = pythonIds[index];
      if (JSON.stringify(ours) !== JSON.stringify(expected)) {
        // An equal-score tie: the same pieces in another order (e.g. "...." as "." + "..." or "..." + "."),
        // which the two Viterbi implementations break differently. Anything else fails here.
        const sorted = (ids: number[]) => [...ids].sort((a, b) => a - b);
        expect(sorted(ours), `text ${JSON.stringify(text)}`).toEqual(sorted(expected));
        const unkId = tokenizer.library.token_to_id('[UNK]');
        if (!expected.includes(unkId!)) {
          expect(tokenized.tokens.join(''), `text ${JSON.stringify(text)}`).toBe(expected.map((id) => tokenizer.library.id_to_token(id)).join(''));
        }
        ties++;
      }
      // every token span lies inside the text, in order, and the tokens cover every character that is not blank
      const covered = new Uint8Array(text.length);
      let previousStart = 0;
      for (let t = 0; t < ours.length; t++) {
        const start = tokenized.charStarts[t];
        const end = tokenized.charEnds[t];
        expect(0 <= start && start <= end && end <= text.length && start >= previousStart, `token ${t} of ${JSON.stringify(text)}`).toBe(true);
        covered.fill(1, start, end);
        previousStart = start;
      }
      for (let i = 0; i < text.length; i++) {
        if (!covered[i] && !isBlank(text[i])) throw new Error(`character ${i} (${JSON.stringify(text[i])}) of ${JSON.stringify(text)} is in no token`);
      }
      expect(tokenized.exactOffsets).toBe(true);
    });
    expect(ties).toBeLessThanOrEqual(texts.length / 100);
  });
});
