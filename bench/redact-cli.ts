/**
 * CLI throughput with and without --redact, in one run on one loaded model:
 *
 *   npx tsx bench/redact-cli.ts [--lines 3000] [--rounds 2] [--model DIR]
 *
 * The input: the first N sentences of ../shared/data/kmou-ner/kmou_ner.jsonl, one per line,
 * every third with identifiers appended (phone, registration number, e-mail, account, plate),
 * so that the rules have work to do. Each round runs `runCli` (the code behind `npm run ner`)
 * on the same file, plain then --redact then --redact partial, taking turns so that a machine
 * whose speed drifts treats them alike; the best round per mode is printed in lines/s, with
 * the rules and masking alone (no model) for the share they add. On a busy machine, compare
 * the modes within one run, not figures across runs.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { defaultModelFolder, runCli } from '../src/cli/ner-cli';
import { loadNodePipeline } from '../src/runtime/ort-node';
import { redactText } from '../src/core/redact/redact';

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(name);
  return index >= 0 && process.argv[index + 1] ? process.argv[index + 1] : fallback;
}

const lineCount = Number(option('--lines', '3000'));
const rounds = Number(option('--rounds', '2'));
const modelFolder = option('--model', defaultModelFolder() ?? 'public/models/default');

const IDENTIFIER_TAILS = [
  ' 문의: 010-2345-6789, hong@example.co.kr',
  ' (주민등록번호 900101-1234567, 차량 12가 3456)',
  ' 환불 계좌 신한 110-123-456789, 연락처 02-312-3456',
];

const sentences = readFileSync(new URL('../../shared/data/kmou-ner/kmou_ner.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .slice(0, lineCount)
  .map((line, index) => (JSON.parse(line) as { text: string }).text.replace(/[\r\n]+/g, ' ') + (index % 3 === 0 ? IDENTIFIER_TAILS[(index / 3) % 3] : ''));
const file = join(mkdtempSync(join(tmpdir(), 'redact-bench-')), 'sentences.txt');
writeFileSync(file, `${sentences.join('\n')}\n`);
const characters = sentences.reduce((sum, s) => sum + s.length, 0);

const loaded = await loadNodePipeline(modelFolder);
const dependencies = { loadPipeline: async () => ({ pipeline: loaded.pipeline, release: async () => {} }), progressIntervalMs: 1e9 };

class Sink extends Writable {
  bytes = 0;
  _write(chunk: Buffer | string, _encoding: string, callback: () => void) {
    this.bytes += chunk.length;
    callback();
  }
}

async function timeMode(argv: string[]): Promise<{ ms: number; bytes: number }> {
  const stdout = new Sink();
  const stderr = new Sink();
  const started = performance.now();
  const exitCode = await runCli([...argv, file], { stdin: Readable.from([]), stdout, stderr }, dependencies);
  const ms = performance.now() - started;
  if (exitCode !== 0) throw new Error(`ner ${argv.join(' ')} exited with ${exitCode}`);
  return { ms, bytes: stdout.bytes };
}

// Warm-up: the first runs after a model loads are slower.
for (const text of sentences.slice(0, 20)) await loaded.pipeline.analyze(text);

const modes: Record<string, string[]> = { plain: [], 'redact (tag)': ['--redact'], 'redact (partial)': ['--redact', '--mask-style', 'partial'] };
const best: Record<string, number> = {};
for (let round = 0; round < rounds; round++) {
  for (const [name, argv] of Object.entries(modes)) {
    const { ms } = await timeMode(argv);
    best[name] = Math.min(best[name] ?? Infinity, ms);
    console.error(`round ${round + 1} ${name}: ${Math.round(ms)} ms`);
  }
}

// The rules and the masking alone (no model entities: the merge with them is a binary search per entity).
let rulesMs = Infinity;
for (let round = 0; round < 3; round++) {
  const started = performance.now();
  for (const text of sentences) redactText(text, [], { style: 'tag' });
  rulesMs = Math.min(rulesMs, performance.now() - started);
}
await loaded.release();

console.log(`model ${modelFolder}; ${sentences.length} lines, ${characters.toLocaleString('en')} characters; best of ${rounds} rounds`);
console.log('| mode | ms | lines/s | chars/s | vs plain |');
console.log('|---|---:|---:|---:|---:|');
for (const [name, ms] of Object.entries(best)) {
  console.log(`| ${name} | ${Math.round(ms)} | ${Math.round(sentences.length / (ms / 1000))} | ${Math.round(characters / (ms / 1000))} | ${(best.plain / ms).toFixed(3)}x |`);
}
console.log(`rules + masking alone (no model): ${rulesMs.toFixed(1)} ms for ${sentences.length} lines = ${((rulesMs * 1000) / sentences.length).toFixed(1)} µs per line, ${Math.round(sentences.length / (rulesMs / 1000)).toLocaleString('en')} lines/s`);
