/**
 * `npm run adapt -- --model DIR --train FILE --out DIR [--rename OLD=NEW ...] [--same-labels] [--name NAME]
 * [--epochs N] [--lr RATE] [--held-out SHARE] [--seed N] [--fit-all] [--fp32]`: adapts a bundle to annotated documents (FILE:
 * JSONL, `{"text", "entities": [{start, end, label}]}` or doccano's `{"text", "label": [[start, end, label]]}`)
 * and writes the adapted bundle to a new folder (docs/adaptation.md). The labels of FILE are the
 * adapted tag set. Exit codes: 0 written, 2 bad usage, input or model (nothing written), 1 failed.
 */
import { readFile } from 'node:fs/promises';
import { parseRenames } from '../core/adapt/labels';
import { parseTrainingJsonl } from '../core/adapt/training-data';
import { adaptNode } from './adapt-node';
import { defaultModelFolder } from './ner-cli';

export const ADAPT_USAGE =
  'usage: npm run adapt -- [--model DIR] --train FILE --out DIR [--rename OLD=NEW ...] [--same-labels] [--name NAME] [--epochs N] [--lr RATE] [--held-out SHARE] [--seed N] [--fit-all] [--fp32]\n' +
  '  FILE: JSONL, one document a line: {"text", "entities": [{"start", "end", "label"}]} or doccano\'s {"text", "label": [[start, end, label]]}\n' +
  '  --held-out SHARE: share of the documents held out from fitting, scored (default 0.2)\n' +
  '  --rename OLD=NEW: learn FILE\'s label OLD as NEW; --same-labels: take a label the base model has as its own even where they disagree\n' +
  '  --fit-all: when FILE brings a new type, fit the base model\'s types too (default: O and the types the base model has and finds in FILE keep its parameters; only the rest is fitted)';

export interface AdaptIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

interface AdaptArguments {
  model: string | null;
  train: string | null;
  out: string | null;
  renames: string[];
  sameLabels: boolean;
  fitAll: boolean;
  name?: string;
  epochs?: number;
  heldOut?: number;
  learningRate?: number;
  seed?: number;
  fp32: boolean;
  help: boolean;
}

export function parseAdaptArguments(argv: readonly string[]): AdaptArguments | { error: string } {
  const parsed: AdaptArguments = { model: null, train: null, out: null, renames: [], sameLabels: false, fitAll: false, fp32: false, help: false };
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index];
    if (argument === '--help' || argument === '-h') parsed.help = true;
    else if (argument === '--same-labels') parsed.sameLabels = true;
    else if (argument === '--fp32') parsed.fp32 = true;
    else if (argument === '--fit-all') parsed.fitAll = true;
    else if (['--model', '--train', '--out', '--rename', '--name', '--epochs', '--held-out', '--seed', '--lr'].includes(argument)) {
      const value = argv[++index];
      if (value === undefined) return { error: `${argument} needs a value` };
      if (argument === '--model') parsed.model = value;
      else if (argument === '--train') parsed.train = value;
      else if (argument === '--out') parsed.out = value;
      else if (argument === '--rename') parsed.renames.push(value);
      else if (argument === '--name') parsed.name = value;
      else {
        const number = Number(value);
        if (argument === '--lr') {
          if (!(number > 0 && number < 1)) return { error: `expected --lr to be a number between 0 and 1, got ${JSON.stringify(value)}` };
          parsed.learningRate = number;
        } else if (argument === '--held-out') {
          if (!(number >= 0 && number < 1)) return { error: `expected --held-out to be a share from 0 to below 1, got ${JSON.stringify(value)}` };
          parsed.heldOut = number;
        } else {
          if (!Number.isInteger(number) || number < 1) return { error: `expected ${argument} to be a positive integer, got ${JSON.stringify(value)}` };
          if (argument === '--epochs') parsed.epochs = number;
          else parsed.seed = number;
        }
      }
    } else return { error: `unknown argument ${JSON.stringify(argument)}` };
  }
  if (!parsed.help && (parsed.train === null || parsed.out === null)) return { error: '--train FILE and --out DIR are required' };
  return parsed;
}

/** Exit code: 0 written, 2 bad usage or input (nothing written), 1 failed otherwise (nothing written). */
export async function runAdaptCli(argv: readonly string[], io: AdaptIo): Promise<number> {
  const parsed = parseAdaptArguments(argv);
  if ('error' in parsed) {
    io.stderr.write(`adapt: ${parsed.error}\n${ADAPT_USAGE}\n`);
    return 2;
  }
  if (parsed.help) {
    io.stdout.write(`${ADAPT_USAGE}\n`);
    return 0;
  }
  const model = parsed.model ?? defaultModelFolder();
  if (model === null) {
    io.stderr.write('adapt: no model bundle under public/models; pass --model DIR\n');
    return 2;
  }
  let documents;
  let renames;
  try {
    renames = parseRenames(parsed.renames);
    documents = parseTrainingJsonl(await readFile(parsed.train!, 'utf8'), parsed.train!);
  } catch (error) {
    io.stderr.write(`adapt: ${(error as Error).message}\n`);
    return 2;
  }
  let lastLine = '';
  try {
    const result = await adaptNode({
      model,
      documents,
      out: parsed.out!,
      renames,
      sameLabels: parsed.sameLabels,
      name: parsed.name,
      quantized: !parsed.fp32,
      log: (line) => io.stderr.write(`${line}\n`),
      fit: {
        ...(parsed.epochs === undefined ? {} : { maxEpochs: parsed.epochs }),
        ...(parsed.heldOut === undefined ? {} : { heldOutShare: parsed.heldOut }),
        ...(parsed.seed === undefined ? {} : { seed: parsed.seed }),
        ...(parsed.learningRate === undefined ? {} : { learningRate: parsed.learningRate }),
        ...(parsed.fitAll ? { keepBaseTypes: [] } : {}),
        progressIntervalMs: 1000,
        onProgress: (progress) => {
          const line = `adapt: epoch ${Math.floor(progress.epoch)}/${progress.maxEpochs}${progress.bestF1 === null ? '' : `, best held-out F1 ${(progress.bestF1 * 100).toFixed(1)}`}`;
          if (line !== lastLine) io.stderr.write(`${line}\n`);
          lastLine = line;
        },
      },
    });
    const { summary, seconds } = result;
    const percent = (value: number | null) => (value === null ? 'n/a' : (value * 100).toFixed(1));
    io.stdout.write(
      `wrote ${parsed.out} (${summary.name}): ${result.labels.length} tags; ${summary.documents} documents, ${summary.entities} entities; ` +
        `held-out ${summary.heldOutDocuments} documents: entity F1 ${percent(summary.heldOutF1)} adapted, ${percent(summary.baseHeldOutF1)} base; ` +
        `${summary.epochs} epochs, ${seconds.total.toFixed(1)} s (features ${seconds.features.toFixed(1)} s, fit ${seconds.fit.toFixed(1)} s)\n`,
    );
    return 0;
  } catch (error) {
    const message = (error as Error).message;
    io.stderr.write(`adapt: ${message}\nnothing was written\n`);
    return /too few examples|label clash|cannot be adapted|already exists|adapted model/u.test(message) ? 2 : 1;
  }
}
