/**
 * `npm run bench:models -- [--size N] [--rounds N] [--fp32] DIR [DIR ...]`
 *
 * Model time of several bundles on the same text, in one page, taking turns run by run (so a change
 * in the machine's load hits them all alike): our pipeline, WASM 2 threads, the int8 file where a
 * bundle has one. For sizing a model against the browser budget ("model time for a 1,000-character
 * text at most 1.5x today's"); `python3 -m kner.timing_bundle` writes bundles of any encoder size
 * with random weights (time does not depend on the weights). Prints, per bundle, the median and best
 * model time and the ratio of medians to the first bundle's.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { chromium } from '@playwright/test';
import { build } from 'vite';
import { Bench } from './bench-page';
import { serveBench } from './serve';
import { benchTexts } from './texts';

const USAGE = 'usage: npm run bench:models -- [--size N] [--rounds N] [--fp32] [--data DIR] DIR [DIR ...]';

function parseArgs(argv: string[]) {
  const options = { size: 1000, rounds: 16, quantized: true, data: resolve('..', 'shared', 'data'), models: [] as string[] };
  for (let index = 0; index < argv.length; index++) {
    const flag = argv[index];
    if (flag === '--fp32') options.quantized = false;
    else if (flag === '--size' || flag === '--rounds') {
      const value = Number(argv[++index]);
      if (!Number.isInteger(value) || value < 1) throw new Error(`${flag}: expected a positive integer, got ${argv[index]}\n${USAGE}`);
      options[flag === '--size' ? 'size' : 'rounds'] = value;
    } else if (flag === '--data') options.data = argv[++index];
    else if (flag.startsWith('--')) throw new Error(`unknown flag ${flag}\n${USAGE}`);
    else options.models.push(resolve(flag));
  }
  if (options.models.length === 0) throw new Error(`expected at least one bundle folder\n${USAGE}`);
  return options;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const text = benchTexts(options.data, [options.size]).get(options.size)!;
  await build({ configFile: resolve('bench/vite.config.ts'), logLevel: 'error' });
  const routes: Record<string, string> = { '/ort/': 'node_modules/onnxruntime-web/dist', '/': 'bench/dist' };
  options.models.forEach((dir, index) => (routes[`/models/m${index}/`] = dir));
  const { server, origin } = await serveBench(routes);
  const userDataDir = mkdtempSync(join(tmpdir(), 'bench-models-'));
  const browser = await chromium.launchPersistentContext(userDataDir, { executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = browser.pages()[0] ?? (await browser.newPage());
    await page.goto(`${origin}/index.html`);
    await page.waitForFunction(() => document.title === 'bench ready');
    const bench = new Bench(page);
    const handles: number[] = [];
    for (let index = 0; index < options.models.length; index++) {
      const handle = await bench.start('ours');
      await bench.call(handle, 'init', {
        modelUrl: `/models/m${index}/`, ep: 'wasm', numThreads: 2, graphOptimizationLevel: 'all', maxBatchSize: 8,
        quantized: options.quantized && JSON.parse(readFileSync(join(options.models[index], 'config.json'), 'utf8')).ner?.onnx_quantized !== undefined,
        cacheMode: 'network', warmupRuns: 3, allowSpinning: false,
      });
      // the first long runs in a page are slower (the runtime's code still warming up)
      await bench.call(handle, 'analyze', { text, repeats: 2 });
      handles.push(handle);
    }
    const modelTimes: number[][] = options.models.map(() => []);
    for (let round = 0; round < options.rounds; round++) {
      for (let turn = 0; turn < handles.length; turn++) {
        const index = round % 2 ? handles.length - 1 - turn : turn;
        // idle time before each turn, as in bench/run.ts
        await new Promise((resolveTimer) => setTimeout(resolveTimer, 300));
        const { result } = await bench.call(handles[index], 'analyze', { text, repeats: 1 });
        modelTimes[index].push(result.runs[0].msModel);
      }
    }
    const first = median(modelTimes[0]);
    console.log(`model time for the ${options.size}-character bench text, WASM 2 threads, ${options.rounds} turns each (ms):`);
    console.log('| bundle | median | best | median / first |\n|---|---:|---:|---:|');
    options.models.forEach((dir, index) => {
      const times = modelTimes[index];
      console.log(`| ${basename(dir)} | ${median(times).toFixed(1)} | ${Math.min(...times).toFixed(1)} | ${(median(times) / first).toFixed(2)} |`);
    });
  } finally {
    await browser.close();
    server.close();
    rmSync(userDataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(`bench:models: ${(error as Error).message}`);
  process.exit(1);
});
