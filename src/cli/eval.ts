/**
 * `npm run eval -- [--model DIR] [--data DIR] [--limit N] [--split dev|valid] [--tag-set NAME] [--jsonl FILE [--ids FILE]]`:
 * scores a bundle THROUGH the TypeScript pipeline (the code the browser runs, here on onnxruntime-node),
 * prints strict entity P/R/F1 per type (strict spans: start, end and type all equal, as seqeval's strict
 * mode), micro F1 and entity macro F1 over the tag set's types, and on the KMOU dev split the gap to the
 * Python figure recorded in the bundle.
 *
 * Gold data: the KMOU dev split by default (`--split valid`: the validation split the training tools carve
 * from train, where choices are made; the dev split only reports). `--tag-set NAME` decodes the model's
 * tag set NAME (a name it lacks: exit 2, listing the ones it has); `--tag-set klue` without `--jsonl` reads
 * DATA/klue-ner/klue_ner_train.jsonl. `--jsonl FILE`: any KLUE-style gold file ({id, text, entities: [{start,
 * end, label}]}, code-point offsets; src/eval/gold-jsonl.ts); `--ids FILE` keeps the sentences it lists (one
 * id per line or a JSON array): a validation split. Gold labels outside the tag set's types: exit 2.
 * `--docs N` joins N consecutive sentences into one text: long inputs that take several windows.
 * `--fp32` runs the bundle's fp32 model where it also has an int8 one (the default).
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { formatScoreTable } from '../eval/entity-metrics';
import { evaluateSentences, ForeignGoldLabelsError } from '../eval/evaluate-bundle';
import { joinIntoDocuments, readKmouSplit, type GoldSentence } from '../eval/kmou-dev';
import { readGoldJsonl, readIdList } from '../eval/gold-jsonl';
import { readBundleFolder } from '../runtime/ort-node';
import { tagSetOf } from '../core/bundle/bundle';

const USAGE = 'usage: npm run eval -- [--model DIR] [--data DIR] [--limit N] [--docs N] [--split dev|valid] [--tag-set NAME] [--jsonl FILE [--ids FILE]] [--fp32]';
const VALUE_FLAGS = ['--model', '--data', '--limit', '--docs', '--split', '--tag-set', '--jsonl', '--ids'] as const;
type ValueFlag = (typeof VALUE_FLAGS)[number];

async function main(argv: string[]): Promise<number> {
  const values = new Map<ValueFlag, string>();
  let fp32 = false;
  for (let index = 0; index < argv.length; index++) {
    const [flag, inline] = argv[index].startsWith('--') && argv[index].includes('=') ? [argv[index].slice(0, argv[index].indexOf('=')), argv[index].slice(argv[index].indexOf('=') + 1)] : [argv[index], undefined];
    if (flag === '--help' || flag === '-h') {
      console.log(USAGE);
      return 0;
    }
    if (flag === '--fp32') {
      fp32 = true;
      continue;
    }
    const value = inline ?? argv[index + 1];
    if (value === undefined || !(VALUE_FLAGS as readonly string[]).includes(flag)) {
      console.error(`eval: expected one of ${VALUE_FLAGS.join(', ')} with a value, or --fp32, got ${JSON.stringify(argv[index])}\n${USAGE}`);
      return 2;
    }
    if (inline === undefined) index++;
    values.set(flag as ValueFlag, value);
  }
  const positive = (flag: '--limit' | '--docs', fallback: number) => {
    const text = values.get(flag);
    if (text === undefined) return fallback;
    const number = Number(text);
    if (!Number.isInteger(number) || number < 1) throw new UsageError(`expected ${flag} to be a positive integer, got ${JSON.stringify(text)}`);
    return number;
  };
  try {
    const model = values.get('--model') ?? 'public/models/default';
    const data = values.get('--data') ?? resolve('..', 'shared', 'data');
    const limit = positive('--limit', Infinity);
    const docs = positive('--docs', 1);
    const split = values.get('--split') ?? 'dev';
    if (split !== 'dev' && split !== 'valid') throw new UsageError(`expected --split to be dev or valid, got ${JSON.stringify(split)}`);
    // the tag set first: a name the model lacks is refused before any data is read
    const { modelConfig } = await readBundleFolder(model);
    let tagSet;
    try {
      tagSet = tagSetOf(modelConfig, values.get('--tag-set'));
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    let jsonl = values.get('--jsonl');
    if (jsonl === undefined && tagSet.name === 'klue') jsonl = join(data, 'klue-ner', 'klue_ner_train.jsonl');
    if (values.has('--ids') && jsonl === undefined) throw new UsageError('--ids goes with --jsonl FILE (or --tag-set klue)');
    if (values.has('--split') && jsonl !== undefined) throw new UsageError('--split picks a KMOU split; it does not go with --jsonl or --tag-set klue');
    let gold: GoldSentence[];
    let described: string;
    if (jsonl !== undefined) {
      if (!existsSync(jsonl)) throw new UsageError(`the gold file ${jsonl} does not exist (pass --jsonl FILE, or --data DIR holding klue-ner/)`);
      const idsFile = values.get('--ids');
      gold = readGoldJsonl(jsonl, idsFile === undefined ? undefined : readIdList(idsFile));
      described = `${jsonl}${idsFile === undefined ? '' : ` (the ids in ${idsFile})`}`;
    } else {
      const kmou = join(data, 'kmou-ner', 'kmou_ner.jsonl');
      if (!existsSync(kmou)) throw new UsageError(`the KMOU corpus is not at ${kmou} (pass --data DIR, the folder holding kmou-ner/)`);
      gold = readKmouSplit(kmou, split);
      described = `KMOU ${split === 'dev' ? 'dev' : 'validation'} split`;
    }
    const sentences = joinIntoDocuments(gold.slice(0, limit), docs);
    const result = await evaluateSentences(model, sentences, { quantized: !fp32, tagSet: tagSet.name });
    console.log(`model: ${model} (${result.modelName}, ${result.quantized ? 'int8' : 'fp32'}), tag set ${tagSet.name} (${tagSet.title})`);
    console.log(
      `${described}: ${result.sentences} ${docs > 1 ? `documents of ${docs} sentences` : 'sentences'}, ${result.scores.micro.support} entities; ${result.charsPerSecond.toFixed(0)} chars/s on onnxruntime-node; the model ran ${result.modelTokensPerToken.toFixed(3)} token positions per text token\n`,
    );
    console.log('strict entity scores (TypeScript pipeline):');
    console.log(formatScoreTable(result.scores));
    console.log(`entity macro F1 over ${result.tagSetTypes.join(' ')}: ${result.macroF1.toFixed(4)}`);
    if (result.pythonF1 !== null && jsonl === undefined && tagSet.name === modelConfig.defaultTagSet && split === 'dev' && limit === Infinity && docs === 1) {
      const gap = (result.scores.micro.f1 - result.pythonF1) * 100;
      console.log(`\nPython pipeline F1 (config.json): ${result.pythonF1.toFixed(4)}; TypeScript - Python = ${gap >= 0 ? '+' : ''}${gap.toFixed(2)} points`);
    }
    return 0;
  } catch (error) {
    if (!(error instanceof UsageError) && !(error instanceof ForeignGoldLabelsError)) throw error;
    console.error(`eval: ${(error as Error).message}`);
    return 2;
  }
}

class UsageError extends Error {}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`eval: ${error.message}`);
    process.exit(1);
  },
);
