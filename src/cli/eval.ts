/**
 * `npm run eval -- [--model DIR] [--data DIR] [--limit N]`: scores a bundle on the KMOU dev split
 * THROUGH the TypeScript pipeline (the code the browser runs, here on onnxruntime-node), prints
 * strict entity P/R/F1 per type and the gap to the Python figure recorded in the bundle.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EntityScorer, formatScoreTable } from '../eval/entity-metrics';
import { readKmouDevSplit } from '../eval/kmou-dev';
import { loadNodePipeline } from '../runtime/ort-node';

const USAGE = 'usage: npm run eval -- [--model DIR] [--data DIR] [--limit N]';

async function main(argv: string[]): Promise<number> {
  const options = { model: 'public/models/default', data: resolve('..', 'shared', 'data'), limit: Infinity };
  for (let index = 0; index < argv.length; index++) {
    const flag = argv[index];
    const value = argv[index + 1];
    if (flag === '--help' || flag === '-h') {
      console.log(USAGE);
      return 0;
    }
    if (value === undefined || !['--model', '--data', '--limit'].includes(flag)) {
      console.error(`eval: expected one of --model DIR, --data DIR, --limit N, got ${JSON.stringify(flag)}\n${USAGE}`);
      return 2;
    }
    index++;
    if (flag === '--limit') {
      options.limit = Number(value);
      if (!Number.isInteger(options.limit) || options.limit < 1) {
        console.error(`eval: expected --limit to be a positive integer, got ${JSON.stringify(value)}`);
        return 2;
      }
    } else options[flag === '--model' ? 'model' : 'data'] = value;
  }
  const jsonl = join(options.data, 'kmou-ner', 'kmou_ner.jsonl');
  if (!existsSync(jsonl)) {
    console.error(`eval: the KMOU corpus is not at ${jsonl} (pass --data DIR, the folder holding kmou-ner/)`);
    return 2;
  }
  const sentences = readKmouDevSplit(jsonl).slice(0, options.limit);
  const { pipeline, release } = await loadNodePipeline(options.model);
  const scorer = new EntityScorer();
  let chars = 0;
  const started = performance.now();
  try {
    for (const sentence of sentences) {
      const { entities } = await pipeline.analyze(sentence.text);
      scorer.add(entities, sentence.entities);
      chars += sentence.text.length;
    }
  } finally {
    await release();
  }
  const seconds = (performance.now() - started) / 1000;
  const scores = scorer.scores();
  console.log(`model: ${options.model} (${pipeline.config.name})`);
  console.log(`KMOU dev split: ${sentences.length} sentences, ${scores.micro.support} entities; ${(chars / seconds).toFixed(0)} chars/s on onnxruntime-node\n`);
  console.log('strict entity scores (TypeScript pipeline):');
  console.log(formatScoreTable(scores));
  const configPath = join(options.model, 'config.json');
  const python = (JSON.parse(readFileSync(configPath, 'utf8')) as { ner?: { metrics?: { dev_entity_f1?: number } } }).ner?.metrics?.dev_entity_f1;
  if (typeof python === 'number' && options.limit === Infinity) {
    const gap = (scores.micro.f1 - python) * 100;
    console.log(`\nPython pipeline F1 (config.json): ${python.toFixed(4)}; TypeScript - Python = ${gap >= 0 ? '+' : ''}${gap.toFixed(2)} points`);
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
