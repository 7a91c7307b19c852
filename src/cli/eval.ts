/**
 * `npm run eval -- [--model DIR] [--data DIR] [--limit N] [--split dev|valid]`: scores a bundle on the KMOU dev split
 * THROUGH the TypeScript pipeline (the code the browser runs, here on onnxruntime-node), prints
 * strict entity P/R/F1 per type and the gap to the Python figure recorded in the bundle.
 * `--docs N` joins N consecutive sentences into one text: long inputs that take several windows.
 * `--fp32` runs the bundle's fp32 model where it also has an int8 one (the default).
 * `--split valid` scores the validation split the training tools carve from train instead (where
 * choices are made: the dev split only reports).
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { formatScoreTable } from '../eval/entity-metrics';
import { evaluateBundle } from '../eval/evaluate-bundle';
import type { KmouSplit } from '../eval/kmou-dev';

const USAGE = 'usage: npm run eval -- [--model DIR] [--data DIR] [--limit N] [--docs N] [--split dev|valid] [--fp32]';

async function main(argv: string[]): Promise<number> {
  const options = { model: 'public/models/default', data: resolve('..', 'shared', 'data'), limit: Infinity, docs: 1, fp32: false, split: 'dev' as KmouSplit };
  for (let index = 0; index < argv.length; index++) {
    const flag = argv[index];
    const value = argv[index + 1];
    if (flag === '--help' || flag === '-h') {
      console.log(USAGE);
      return 0;
    }
    if (flag === '--fp32') {
      options.fp32 = true;
      continue;
    }
    if (value === undefined || !['--model', '--data', '--limit', '--docs', '--split'].includes(flag)) {
      console.error(`eval: expected one of --model DIR, --data DIR, --limit N, --docs N, --split dev|valid, --fp32, got ${JSON.stringify(flag)}\n${USAGE}`);
      return 2;
    }
    index++;
    if (flag === '--split') {
      if (value !== 'dev' && value !== 'valid') {
        console.error(`eval: expected --split to be dev or valid, got ${JSON.stringify(value)}`);
        return 2;
      }
      options.split = value;
      continue;
    }
    if (flag === '--limit' || flag === '--docs') {
      const number = Number(value);
      if (!Number.isInteger(number) || number < 1) {
        console.error(`eval: expected ${flag} to be a positive integer, got ${JSON.stringify(value)}`);
        return 2;
      }
      options[flag === '--limit' ? 'limit' : 'docs'] = number;
    } else options[flag === '--model' ? 'model' : 'data'] = value;
  }
  const jsonl = join(options.data, 'kmou-ner', 'kmou_ner.jsonl');
  if (!existsSync(jsonl)) {
    console.error(`eval: the KMOU corpus is not at ${jsonl} (pass --data DIR, the folder holding kmou-ner/)`);
    return 2;
  }
  const result = await evaluateBundle(options.model, jsonl, options.limit, options.docs, !options.fp32, options.split);
  console.log(`model: ${options.model} (${result.modelName}, ${result.quantized ? 'int8' : 'fp32'})`);
  console.log(
    `KMOU ${options.split === 'dev' ? 'dev' : 'validation'} split: ${result.sentences} ${options.docs > 1 ? `documents of ${options.docs} sentences` : 'sentences'}, ${result.scores.micro.support} entities; ${result.charsPerSecond.toFixed(0)} chars/s on onnxruntime-node; the model ran ${result.modelTokensPerToken.toFixed(3)} token positions per text token\n`,
  );
  console.log('strict entity scores (TypeScript pipeline):');
  console.log(formatScoreTable(result.scores));
  if (result.pythonF1 !== null && options.split === 'dev' && options.limit === Infinity && options.docs === 1) {
    const gap = (result.scores.micro.f1 - result.pythonF1) * 100;
    console.log(`\nPython pipeline F1 (config.json): ${result.pythonF1.toFixed(4)}; TypeScript - Python = ${gap >= 0 ? '+' : ''}${gap.toFixed(2)} points`);
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`eval: ${error.message}`);
    process.exit(1);
  },
);
