/**
 * The adaptation's measurements (docs/adaptation.md), through the same code as `npm run adapt` and
 * `npm run ner` (adapt-node.ts, then the adapted bundle on the TypeScript pipeline):
 *
 *   tsx src/cli/adapt-curve.ts klue --model DIR [--sizes 25,50,100,300] [--held-out N] [--data DIR]
 *     adapts the base model to KLUE-NER's text and labels on N sentences of KLUE's train file (never
 *     its validation share, crc32(id) % 20 == 0) and scores the adapted bundle and the base model
 *     (its labels mapped PER->PS, LOC->LC, ORG->OG, DAT->DT, TIM->TI, NOH/MNY/PNT/DUR->QT, POH
 *     dropped) on held-out sentences of the same file.
 *   tsx src/cli/adapt-curve.ts new-type --model DIR [--type POH] [--as PRODUCT] [--sizes 50]
 *     KMOU documents of its validation files (the base model never fitted on them) with one type
 *     renamed (a type the tag set does not have: the head has no base column for it, it learns it
 *     from the documents alone), scored on the KMOU dev split: the new type, and the old types
 *     beside the base model's.
 *   Both take --seeds 1,2,3 (seed k: pool sentences (k-1)N .. kN), --lr, --epochs, --share; A/B switches:
 *   --fit-all (fit the base types too, as before a new type kept them), --no-keep-start (the starting
 *   point is no candidate epoch), --no-warm-start (a new type starts from nothing), --zero-start (a label with
 *   nothing to start from starts at zero, not from prototypes and the base's average type).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import type { TrainingDocument } from '../core/adapt/training-data';
import { EntityScorer, formatScoreTable, type EntityScores, type LabeledSpan } from '../eval/entity-metrics';
import { readKmouSplit } from '../eval/kmou-dev';
import { loadNodePipeline } from '../runtime/ort-node';
import { adaptNode } from './adapt-node';

interface Gold {
  readonly text: string;
  readonly entities: readonly LabeledSpan[];
}

const KLUE_MAP = new Map<string, string | null>([
  ['PER', 'PS'], ['LOC', 'LC'], ['ORG', 'OG'], ['DAT', 'DT'], ['TIM', 'TI'],
  ['NOH', 'QT'], ['MNY', 'QT'], ['PNT', 'QT'], ['DUR', 'QT'], ['POH', null],
]);

function option(argv: string[], name: string, fallback: string): string {
  const index = argv.indexOf(name);
  return index >= 0 && argv[index + 1] !== undefined ? argv[index + 1] : fallback;
}

const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');

/** KLUE's train file without the model team's validation share, in a fixed pseudo-random order. */
function kluePool(dataFolder: string): Gold[] {
  const rows = readFileSync(join(dataFolder, 'klue-ner', 'klue_ner_train.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as { id: string; text: string; entities: LabeledSpan[] });
  return rows
    .filter((row) => crc32(Buffer.from(row.id, 'utf8')) % 20 !== 0)
    .map((row) => ({ key: md5(`adapt:${row.id}`), text: row.text, entities: row.entities.map(({ start, end, label }) => ({ start, end, label })) }))
    .sort((a, b) => (a.key < b.key ? -1 : 1));
}

async function score(model: string, gold: readonly Gold[], map?: ReadonlyMap<string, string | null>): Promise<EntityScores> {
  const { pipeline, release } = await loadNodePipeline(model);
  try {
    const predicted = await pipeline.analyzeMany(gold.map((item) => item.text));
    const scorer = new EntityScorer();
    predicted.forEach((entities, index) => {
      const spans = entities.flatMap(({ start, end, label }) => {
        const mapped = map && map.has(label) ? map.get(label) : label;
        return mapped ? [{ start, end, label: mapped }] : [];
      });
      scorer.add(spans, gold[index].entities);
    });
    return scorer.scores();
  } finally {
    await release();
  }
}

const pct = (value: number) => (value * 100).toFixed(1);

/** Micro F1 over every label but one. */
function microWithout(scores: EntityScores, left: string): number {
  let correct = 0;
  let predicted = 0;
  let support = 0;
  for (const [label, prf] of scores.byLabel) {
    if (label === left) continue;
    correct += prf.correct;
    predicted += prf.predicted;
    support += prf.support;
  }
  const precision = predicted === 0 ? 0 : correct / predicted;
  const recall = support === 0 ? 0 : correct / support;
  return precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
}

async function main(argv: string[]): Promise<void> {
  const experiment = argv[0];
  const model = resolve(option(argv, '--model', 'public/models/default'));
  const data = resolve(option(argv, '--data', join('..', 'shared', 'data')));
  const sizes = option(argv, '--sizes', experiment === 'klue' ? '25,50,100,300' : '50').split(',').map(Number);
  const seeds = option(argv, '--seeds', '1').split(',').map(Number);
  const work = await mkdtemp(join(tmpdir(), 'adapt-curve-'));
  try {
    let pool: Gold[];
    let heldOut: Gold[];
    let baseMap: ReadonlyMap<string, string | null> | undefined;
    let rename: ReadonlyMap<string, string> = new Map();
    if (experiment === 'klue') {
      const all = kluePool(data);
      const count = Number(option(argv, '--held-out', '1000'));
      heldOut = all.slice(0, count);
      pool = all.slice(count);
      baseMap = KLUE_MAP;
      console.log(`KLUE-NER train file without its validation share: ${all.length} sentences; held out ${heldOut.length}, adaptation pool ${pool.length}`);
    } else if (experiment === 'new-type') {
      const type = option(argv, '--type', 'POH');
      const as = option(argv, '--as', 'PRODUCT');
      rename = new Map([[type, as]]);
      const corpus = join(data, 'kmou-ner', 'kmou_ner.jsonl');
      pool = readKmouSplit(corpus, 'valid')
        .map((sentence) => ({ key: md5(`adapt:${sentence.id}`), ...sentence }))
        .sort((a, b) => (a.key < b.key ? -1 : 1));
      heldOut = readKmouSplit(corpus, 'dev').map((sentence) => ({ text: sentence.text, entities: sentence.entities.map((entity) => ({ ...entity, label: rename.get(entity.label) ?? entity.label })) }));
      baseMap = new Map([[type, as]]);
      console.log(`KMOU: adaptation pool ${pool.length} sentences (validation files), scored on the dev split (${heldOut.length} sentences); ${type} learnt as the new type ${as}`);
    } else throw new Error('usage: tsx src/cli/adapt-curve.ts klue|new-type --model DIR [--sizes 25,50,100,300] [--seeds 1,2,3]');

    const started = performance.now();
    const base = await score(model, heldOut, baseMap);
    console.log(`\nbase model (${experiment === 'klue' ? 'labels mapped to KLUE' : 'labels as they are'}): held-out strict entity F1 ${pct(base.micro.f1)} (${((performance.now() - started) / 1000).toFixed(1)} s to score)`);
    console.log(formatScoreTable(base));
    const rows: string[] = [];
    for (const size of sizes) {
      for (const seed of seeds) {
        const documents: TrainingDocument[] = pool.slice((seed - 1) * size, seed * size).map((item, index) => ({ text: item.text, entities: item.entities, line: index + 1 }));
        const out = join(work, `adapted-${size}-${seed}`);
        const result = await adaptNode({
          model,
          documents,
          out,
          renames: rename,
          baseLabelMap: baseMap,
          minNewTypeEntities: 1,
          warmStart: !argv.includes('--no-warm-start'),
          fit: { seed, ...(argv.includes('--lr') ? { learningRate: Number(option(argv, '--lr', '')) } : {}), ...(argv.includes('--epochs') ? { maxEpochs: Number(option(argv, '--epochs', '')) } : {}), ...(argv.includes('--share') ? { heldOutShare: Number(option(argv, '--share', '')) } : {}), ...(argv.includes('--fit-all') ? { keepBaseTypes: [] } : {}), ...(argv.includes('--no-keep-start') ? { keepStart: false } : {}), ...(argv.includes('--zero-start') ? { newLabelStart: 'zero' as const } : {}), ...(argv.includes('--min-epochs') ? { minEpochs: Number(option(argv, '--min-epochs', '')) } : {}), ...(argv.includes('--patience') ? { patience: Number(option(argv, '--patience', '')) } : {}), ...(argv.includes('--zero-crf') ? { averageCrf: false } : {}), ...(argv.includes('--select') ? { select: option(argv, '--select', '') as 'f1' | 'loss' } : {}) },
          log: (line) => console.log(line),
        });
        const adapted = await score(out, heldOut);
        const entities = documents.reduce((sum, document) => sum + document.entities.length, 0);
        const row = `| ${size} | ${seed} | ${entities} | ${pct(base.micro.f1)} | ${pct(adapted.micro.f1)} | ${(adapted.micro.f1 - base.micro.f1 >= 0 ? '+' : '') + pct(adapted.micro.f1 - base.micro.f1)} | ${result.seconds.total.toFixed(1)} (${result.seconds.features.toFixed(1)} + ${result.seconds.fit.toFixed(1)}) | ${result.fit.bestEpoch}/${result.fit.epochs} | ${result.summary.heldOutF1 === null ? 'n/a' : pct(result.summary.heldOutF1)} |`;
        rows.push(row);
        console.log(`\nadapted on ${size} sentences (seed ${seed}): held-out strict entity F1 ${pct(adapted.micro.f1)}`);
        if (experiment === 'new-type') {
          const as = option(argv, '--as', 'PRODUCT');
          console.log(`old types (all but ${as}): strict entity F1 ${pct(microWithout(base, as))} base, ${pct(microWithout(adapted, as))} adapted; ${as}: ${pct(adapted.byLabel.get(as)?.f1 ?? 0)} adapted (the base model's ${option(argv, '--type', 'POH')} as ${as}: ${pct(base.byLabel.get(as)?.f1 ?? 0)})`);
        }
        console.log(formatScoreTable(adapted));
        await rm(out, { recursive: true, force: true });
      }
    }
    console.log('\n| sentences | seed | entities | base F1 | adapted F1 | gain | seconds (features + fit) | best/last epoch | F1 on its own held-out share |');
    console.log('|---|---|---|---|---|---|---|---|---|');
    for (const row of rows) console.log(row);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

main(process.argv.slice(2)).catch((error: Error) => {
  console.error(`adapt-curve: ${error.message}`);
  process.exitCode = 1;
});
