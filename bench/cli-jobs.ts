/**
 * CLI jobs scaling: `npm run ner -- --jobs N` on KMOU dev sentences, one per line, for each N,
 * taking turns; and `--jobs 1 --threads 1` (one job on one core: one job otherwise runs ONNX
 * Runtime on every core, so N jobs against it is not N cores against one). Throughput counts documents after start-up: (documents - 1) / (time of the
 * whole input - time of its first line alone), so loading the workers' models is left out.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface CliJobsOptions {
  readonly model: string;
  readonly sentences: readonly string[];
  readonly jobs: readonly number[];
  readonly runs: number;
  readonly log: (message: string) => void;
}

function timeCli(model: string, jobs: number, file: string, threads?: number): number {
  const started = performance.now();
  const threadArgs = threads === undefined ? [] : ['--threads', String(threads)];
  execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/ner.ts', '--model', model, '--jobs', String(jobs), ...threadArgs, file], { stdio: ['ignore', 'ignore', 'inherit'] });
  return performance.now() - started;
}

export function benchCliJobs({ model, sentences, jobs, runs, log }: CliJobsOptions) {
  const folder = mkdtempSync(join(tmpdir(), 'bench-cli-'));
  try {
    const all = join(folder, 'all.txt');
    const one = join(folder, 'one.txt');
    writeFileSync(all, `${sentences.join('\n')}\n`);
    writeFileSync(one, `${sentences[0]}\n`);
    const perJobs = new Map<number, number[]>(jobs.map((count) => [count, []]));
    const oneThread: number[] = [];
    const time = (count: number, threads?: number) => {
      const msAll = timeCli(model, count, all, threads);
      const msOne = timeCli(model, count, one, threads);
      const documentsPerSecond = ((sentences.length - 1) / Math.max(1, msAll - msOne)) * 1000;
      log(`CLI --jobs ${count}${threads === undefined ? '' : ` --threads ${threads}`}: ${sentences.length} documents in ${msAll.toFixed(0)} ms (one alone ${msOne.toFixed(0)} ms): ${documentsPerSecond.toFixed(0)} documents/s`);
      return documentsPerSecond;
    };
    for (let run = 0; run < runs; run++) {
      for (const count of jobs) perJobs.get(count)!.push(time(count));
      oneThread.push(time(1, 1));
    }
    const best = (count: number) => Math.max(...perJobs.get(count)!);
    const last = jobs[jobs.length - 1];
    return {
      documents: sentences.length,
      characters: sentences.reduce((sum, sentence) => sum + sentence.length, 0),
      jobs: Object.fromEntries(jobs.map((count) => [count, { documentsPerSecondBest: best(count), runs: perJobs.get(count)!.map(Math.round) }])),
      oneJobOneThread: { documentsPerSecondBest: Math.max(...oneThread), runs: oneThread.map(Math.round) },
      speedup: jobs.length > 1 ? best(last) / best(jobs[0]) : null,
      /** the most jobs against one job on one core */
      speedupVsOneThread: best(last) / Math.max(...oneThread),
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
