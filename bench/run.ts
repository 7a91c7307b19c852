/**
 * `npm run bench -- [--model DIR] [--quick] [--sizes 1000,10000,100000] [--backends wasm-1,wasm-2,webgpu]
 *   [--peers xenova,huggingface] [--int8] [--tune] [--f1-limit N] [--data DIR] [--out FILE]`
 *
 * Builds the bench page (bench/vite.config.ts), serves it cross-origin isolated, drives it in
 * headless Chromium (/usr/bin/chromium) and measures: our pipeline against transformers.js on
 * the same ONNX model (WASM 1 and 2 threads, WebGPU), the time breakdown, scaling with text
 * length and worker memory, the MatMul ceiling, model load cold and from cache, the CRF alone,
 * and entity F1 (our CRF against the peer's argmax). Prints a table, writes bench/results.json.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from '@playwright/test';
import { build } from 'vite';
import { parseModelConfig } from '../src/core/bundle/bundle';
import { createTextTokenizer } from '../src/core/tokenize/text-tokenizer';
import { tagsToEntities } from '../src/core/spans/entities';
import { EntityScorer } from '../src/eval/entity-metrics';
import { Bench } from './bench-page';
import { serveBench } from './serve';
import { benchTexts, chunkText, kmouDev } from './texts';
import { benchApp, benchLongDocuments, buildAppAt, buildCurrentApp } from './app-bench';
import { benchCliJobs } from './cli-jobs';

const USAGE =
  'usage: npm run bench -- [--model DIR] [--quick] [--sizes 1000,10000,100000] [--backends wasm-1,wasm-2,webgpu] [--peers xenova,huggingface] [--int8] [--tune] [--batch N] [--spin] [--f1-limit N] [--data DIR] [--out FILE]\n' +
  '    [--app-sizes 1000,10000,50000] [--app-paragraphs N] [--baseline REV] [--no-app] [--cli-docs N] [--no-cli]\n' +
  '    [--long-documents [--app-sizes ...] [--repeats N] [--ports P1,P2] [--baseline REV] [--out FILE]]: the in-page long-document measures alone (a few minutes)';
const BACKENDS = ['wasm-1', 'wasm-2', 'webgpu'] as const;
type BackendName = (typeof BACKENDS)[number];
const PEERS = ['xenova', 'huggingface'] as const;
type PeerName = (typeof PEERS)[number];

interface Options {
  model: string;
  data: string;
  out: string;
  quick: boolean;
  sizes: number[];
  backends: BackendName[];
  peers: PeerName[];
  int8: boolean;
  tune: boolean;
  batch: number;
  spin: boolean;
  f1Limit: number;
  /** Edit latency in the app at these text lengths; empty: no app bench. */
  appSizes: number[];
  appParagraphs: number;
  /** Also build the app at this commit and measure it in the same run (before/after). */
  baseline: string | null;
  /** KMOU dev sentences for the CLI jobs scaling; 0: none. */
  cliDocs: number;
  /** Only the app's long-document measures (app-bench.ts benchLongDocuments), written to `out`. */
  longDocuments: boolean;
  repeats: number;
  /** Ports to serve the app builds on (this checkout's, then the baseline's); empty: any free port. */
  ports: number[];
}

function parseArgs(argv: string[]): Options {
  const options: Options = {
    model: existsSync('public/models/default/config.json') ? 'public/models/default' : 'public/models/tiny-random',
    data: resolve('..', 'shared', 'data'),
    out: 'bench/results.json',
    quick: false,
    sizes: [1000, 10000, 100000],
    backends: [...BACKENDS],
    peers: [...PEERS],
    int8: false,
    tune: false,
    batch: 8,
    spin: false,
    f1Limit: Infinity,
    appSizes: [1000, 10000, 50000],
    appParagraphs: 0,
    baseline: null,
    cliDocs: 931,
    longDocuments: false,
    repeats: 3,
    ports: [],
  };
  let outGiven = false;
  let backendsGiven = false;
  let sizesGiven = false;
  const list = <T extends string>(value: string, allowed: readonly T[], flag: string): T[] =>
    value.split(',').map((item) => {
      if (!(allowed as readonly string[]).includes(item)) throw new Error(`${flag}: expected one of ${allowed.join(', ')}, got "${item}"`);
      return item as T;
    });
  const positive = (value: string, flag: string) => {
    const number = Number(value);
    if (!Number.isInteger(number) || number < 1) throw new Error(`${flag}: expected a positive integer, got "${value}"`);
    return number;
  };
  for (let index = 0; index < argv.length; index++) {
    const flag = argv[index];
    if (flag === '--quick') options.quick = true;
    else if (flag === '--int8') options.int8 = true;
    else if (flag === '--tune') options.tune = true;
    else if (flag === '--spin') options.spin = true;
    else if (flag === '--no-app') options.appSizes = [];
    else if (flag === '--no-cli') options.cliDocs = 0;
    else if (flag === '--long-documents') options.longDocuments = true;
    else if (flag === '--help' || flag === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else {
      const value = argv[++index];
      if (value === undefined) throw new Error(`${flag}: expected a value\n${USAGE}`);
      if (flag === '--model') options.model = value;
      else if (flag === '--data') options.data = value;
      else if (flag === '--out') {
        options.out = value;
        outGiven = true;
      } else if (flag === '--repeats') options.repeats = positive(value, flag);
      else if (flag === '--ports') options.ports = value.split(',').map((port) => positive(port, flag));
      else if (flag === '--sizes') {
        options.sizes = value.split(',').map((size) => positive(size, flag));
        sizesGiven = true;
      }
      else if (flag === '--backends') {
        options.backends = list(value, BACKENDS, flag);
        backendsGiven = true;
      } else if (flag === '--app-sizes') options.appSizes = value.split(',').map((size) => positive(size, flag));
      else if (flag === '--app-paragraphs') options.appParagraphs = positive(value, flag);
      else if (flag === '--baseline') options.baseline = value;
      else if (flag === '--cli-docs') options.cliDocs = value === '0' ? 0 : positive(value, flag);
      else if (flag === '--peers') options.peers = value === 'none' ? [] : list(value, PEERS, flag);
      else if (flag === '--batch') options.batch = positive(value, flag);
      else if (flag === '--f1-limit') options.f1Limit = value === '0' ? 0 : positive(value, flag);
      else throw new Error(`unknown flag "${flag}"\n${USAGE}`);
    }
  }
  // the long-document measures alone do not overwrite the whole bench's results
  if (options.longDocuments && !outGiven) options.out = 'bench/results-long-documents.json';
  if (options.quick) {
    // the ratio's text only (the 1k runs took a quarter of the time and feed no headline figure)
    if (!sizesGiven) options.sizes = [10000];
    if (options.f1Limit === Infinity) options.f1Limit = 100;
    // WebGPU here is a software rasteriser (minutes per row), and one WASM setting says enough
    if (!backendsGiven) options.backends = ['wasm-2'];
    options.cliDocs = Math.min(options.cliDocs, 300);
  }
  return options;
}

const BACKEND_SETTINGS: Record<BackendName, { ep: 'wasm' | 'webgpu'; numThreads: number; label: string }> = {
  'wasm-1': { ep: 'wasm', numThreads: 1, label: 'WASM 1 thread' },
  'wasm-2': { ep: 'wasm', numThreads: 2, label: 'WASM 2 threads' },
  // The adapter here is SwiftShader (software): its timings say the path works, not how fast a GPU is.
  'webgpu': { ep: 'webgpu', numThreads: 2, label: 'WebGPU (SwiftShader software adapter)' },
};

const benchStarted = performance.now();
const log = (message: string) => console.error(`bench [${((performance.now() - benchStarted) / 1000).toFixed(0)} s]: ${message}`);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
/**
 * Idle time before each turn: an ONNX Runtime thread pool that spins (the peers' default) keeps
 * its threads busy for a while after its run, which would slow down whoever runs next; on 2 cores
 * a 1k-character run (~0.1 s) lost up to 60% of its speed that way.
 */
const COOL_DOWN_MS = 300;
const coolDown = () => new Promise((resolve) => setTimeout(resolve, COOL_DOWN_MS));

// --quick runs the 10k text twice: the first long run in a page measured up to 3.8x slower than the
// next (the runtime's WASM code still warming up), and the ratio is a best run.
const repeatsFor = (size: number, quick: boolean, backend: BackendName) =>
  backend === 'webgpu' ? 2 : size <= 1000 ? (quick ? 3 : 5) : size <= 10000 ? (quick ? 2 : 5) : 1;

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (options.longDocuments) {
    await longDocuments(options);
    return;
  }
  const modelDir = resolve(options.model);
  const configJson = JSON.parse(readFileSync(join(modelDir, 'config.json'), 'utf8'));
  const modelConfig = parseModelConfig(configJson);
  const maxContentChars = modelConfig.maxSeqLength - 2;
  const texts = benchTexts(options.data, options.sizes);
  log(`model ${modelDir} (${modelConfig.name}); texts ${options.sizes.join(', ')} chars; building the page...`);
  await build({ configFile: resolve('bench/vite.config.ts') });

  const { server, origin, requests } = await serveBench({
    '/models/bench/': modelDir,
    '/ort/': 'node_modules/onnxruntime-web/dist',
    '/hf-ort/': 'node_modules/@huggingface/transformers/node_modules/onnxruntime-web/dist',
    '/xenova-ort/': 'node_modules/@xenova/transformers/node_modules/onnxruntime-web/dist',
    '/': 'bench/dist',
  });
  const userDataDir = mkdtempSync(join(tmpdir(), 'bench-chromium-'));
  const browser = await chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--enable-unsafe-webgpu',
      // measureUserAgentSpecificMemory answers at once instead of waiting for the next GC
      '--enable-blink-features=ForceEagerMeasureMemory',
    ],
  });
  const page = browser.pages()[0] ?? (await browser.newPage());
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  await page.goto(`${origin}/index.html`);
  await page.waitForFunction(() => document.title === 'bench ready');
  const bench = new Bench(page);
  if (!(await page.evaluate(() => (window as any).bench.crossOriginIsolated()))) throw new Error('bench: the page is not cross-origin isolated');

  const chromiumVersion = browser.browser()?.version() ?? 'unknown';
  const results: any = {
    machine: {
      cpu: cpus()[0]?.model ?? 'unknown',
      cores: cpus().length,
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      chromium: chromiumVersion,
      node: process.version,
      loadAverageAtStart: readFileSync('/proc/loadavg', 'utf8').trim(),
      note: 'headless Debian Chromium, no GPU (WebGPU = SwiftShader software adapter)',
    },
    model: {
      dir: options.model,
      id: modelConfig.id,
      name: modelConfig.name,
      trained: !/random/i.test(modelConfig.id),
      hiddenSize: configJson.hidden_size,
      layers: configJson.num_hidden_layers,
      maxSeqLength: modelConfig.maxSeqLength,
      onnxQuantized: modelConfig.onnxQuantizedPath,
    },
    settings: { maxBatchSize: options.batch, graphOptimizationLevel: 'all', warmupRuns: 3, allowSpinning: options.spin, sizes: options.sizes, quick: options.quick },
    backends: {} as Record<string, unknown>,
  };
  // --quick: the file the app runs (int8 where the bundle has one) and no other
  const quickInt8 = options.quick && !options.int8 && modelConfig.onnxQuantizedPath !== null;
  const variants: { name: string; quantized: boolean }[] = [quickInt8 ? { name: 'int8', quantized: true } : { name: 'fp32', quantized: false }];
  if (options.int8) {
    if (!modelConfig.onnxQuantizedPath) throw new Error('--int8: the bundle names no ner.onnx_quantized');
    variants.push({ name: 'int8', quantized: true });
  }

  const oursInit = (backend: BackendName, quantized: boolean, cacheMode: 'network' | 'cache', batch = options.batch, graph = 'all', allowSpinning = options.spin) => ({
    modelUrl: '/models/bench/',
    ep: BACKEND_SETTINGS[backend].ep,
    numThreads: BACKEND_SETTINGS[backend].numThreads,
    graphOptimizationLevel: graph,
    maxBatchSize: batch,
    quantized,
    cacheMode,
    warmupRuns: BACKEND_SETTINGS[backend].ep === 'webgpu' ? 1 : 3,
    allowSpinning,
  });

  for (const backend of options.backends) {
    const settings = BACKEND_SETTINGS[backend];
    // WebGPU here is a software rasteriser: the 1k text only. Texts over 10k run on WASM with 2 threads only (time).
    const sizes = options.sizes.filter((size) => (backend === 'webgpu' ? size <= 1000 : backend === 'wasm-2' || size <= 10000));
    const backendResult: any = { label: settings.label, ep: settings.ep, numThreads: settings.numThreads, variants: {} };
    results.backends[backend] = backendResult;
    for (const variant of variants) {
      // the app runs the fp32 file on WebGPU (src/worker/ner.worker.ts): int8 there is not what users get
      if (settings.ep === 'webgpu' && variant.quantized) continue;
      const variantResult: any = { ours: { sizes: {} }, peers: {} };
      backendResult.variants[variant.name] = variantResult;
      log(`${settings.label}, ${variant.name}: loading ours and the peers`);
      const ours = await bench.start('ours');
      const { result: load } = await bench.call(ours, 'init', oursInit(backend, variant.quantized, 'network'));
      variantResult.ours.load = load;
      log(`ours loaded: fetch ${load.msFetch.toFixed(0)} ms, session ${load.msSession.toFixed(0)} ms, warm-up ${load.msWarmup.toFixed(0)} ms`);
      const peers = new Map<PeerName, number>();
      for (const peer of options.peers) {
        if (peer === 'xenova' && settings.ep !== 'wasm') {
          variantResult.peers[peer] = { skipped: '@xenova/transformers 2.x has no WebGPU backend' };
          continue;
        }
        const handle = await bench.start('peer');
        try {
          const { result: peerLoad } = await bench.call(handle, 'init', { library: peer, modelId: 'bench', ep: settings.ep, numThreads: settings.numThreads, quantized: variant.quantized });
          variantResult.peers[peer] = { load: peerLoad, sizes: {} };
          peers.set(peer, handle);
          log(`${peer} ${peerLoad.version} loaded: ${peerLoad.msLoad.toFixed(0)} ms, warm-up ${peerLoad.msWarmup.toFixed(0)} ms`);
        } catch (error) {
          variantResult.peers[peer] = { error: (error as Error).message.split('\n')[0] };
          log(`${peer} failed: ${variantResult.peers[peer].error}`);
          await bench.stop(handle);
        }
      }
      // Sizes in increasing order (WASM memory only grows: the worker's size after a text is its peak so far);
      // ours and the peers take turns, run by run, so a change in the machine's load hits all of them alike.
      for (const size of [...sizes].sort((x, y) => x - y)) {
        const text = texts.get(size)!;
        const chunks = chunkText(text, maxContentChars);
        const oursRuns: any[] = [];
        const peerRuns = new Map<PeerName, number[]>([...peers.keys()].map((peer) => [peer, []]));
        let entities = 0;
        for (let run = 0; run < repeatsFor(size, options.quick, backend); run++) {
          await coolDown();
          const { result } = await bench.call(ours, 'analyze', { text, repeats: 1 });
          oursRuns.push(...result.runs);
          entities = result.entities;
          // The peers run texts up to 10k characters (time): the ratio is taken there.
          for (const [peer, handle] of size <= 10000 ? peers : new Map<PeerName, number>()) {
            try {
              await coolDown();
              const { result: peerResult } = await bench.call(handle, 'analyze', { chunks, batchSize: options.batch, repeats: 1 });
              peerRuns.get(peer)!.push(peerResult.runs[0].msTotal);
            } catch (error) {
              variantResult.peers[peer].error = (error as Error).message.split('\n')[0];
              log(`${peer} failed at ${size} chars: ${variantResult.peers[peer].error}`);
              peers.delete(peer);
            }
          }
        }
        const peakWorkerBytes = (await bench.memory('ours')) ?? null;
        variantResult.ours.sizes[size] = summarizeOurs(size, oursRuns, peakWorkerBytes, entities);
        const line = [`ours ${variantResult.ours.sizes[size].ms.toFixed(0)} ms`];
        for (const [peer, times] of peerRuns) {
          if (!times.length) continue;
          const ms = median(times);
          const best = Math.min(...times);
          variantResult.peers[peer].sizes[size] = { ms, msBest: best, charsPerSecond: (size / ms) * 1000, charsPerSecondBest: (size / best) * 1000, msPerKChar: (ms / size) * 1000, chunks: chunks.length, runs: times.length };
          line.push(`${peer} ${ms.toFixed(0)} ms`);
        }
        log(`${size} chars: ${line.join(', ')}; ours' worker ${mib(peakWorkerBytes)} MiB`);
      }
      // what a call costs by its shape, fitted as a fixed cost per call plus a cost per position
      // (WASM only: the software WebGPU adapter is too slow to say anything)
      if (settings.ep === 'wasm') {
        const shapes: [number, number][] = [1, 2, 4, 8].flatMap((rows) => [32, 64, 128].map((positions): [number, number] => [rows, positions]));
        const { result: costs } = await bench.call(ours, 'callCosts', { shapes, runs: options.quick ? 5 : 10, vocabSize: configJson.vocab_size });
        variantResult.ours.callCost = fitCallCost(costs);
        log(`a call costs ${variantResult.ours.callCost.msPerCall.toFixed(2)} ms + ${(variantResult.ours.callCost.msPerPosition * 1000).toFixed(1)} us per position (${variantResult.ours.callCost.positionsPerCall.toFixed(0)} positions' worth)`);
      }
      await bench.stop(ours);
      for (const handle of peers.values()) await bench.stop(handle);
    }
  }

  // The ceiling, model load from cache, the CRF alone: on WASM with 2 threads (or the first backend).
  const ceilingBackend: BackendName = options.backends.includes('wasm-2') ? 'wasm-2' : options.backends[0];
  {
    log(`MatMul ceiling, cached load and CRF alone (${BACKEND_SETTINGS[ceilingBackend].label})`);
    const handle = await bench.start('ours');
    const { result: cachedLoad } = await bench.call(handle, 'init', oursInit(ceilingBackend, false, 'cache'));
    const shapes: [number, number, number][] = [[2048, 256, 1024], [2048, 1024, 256], [1024, 1024, 1024], [4096, 256, 768]];
    const { result: matmul } = await bench.call(handle, 'matmulCeiling', { shapes, runs: options.quick ? 5 : 10, ep: BACKEND_SETTINGS[ceilingBackend].ep });
    const { result: crf } = await bench.call(handle, 'crfAlone', { length: 512, numTags: modelConfig.labels.length, repeats: options.quick ? 20 : 50 });
    await bench.stop(handle);
    const coldLoad = (Object.values((results.backends[ceilingBackend] as any).variants)[0] as any).ours.load;
    results.load = {
      backend: ceilingBackend,
      cold: { msFetch: coldLoad.msFetch, msSession: coldLoad.msSession, msWarmup: coldLoad.msWarmup, source: coldLoad.source },
      cached: { msFetch: cachedLoad.msFetch, msSession: cachedLoad.msSession, msWarmup: cachedLoad.msWarmup, source: cachedLoad.source },
      onnxBytes: coldLoad.onnxBytes,
    };
    results.matmulCeiling = { backend: ceilingBackend, shapes: matmul, bestGflops: Math.max(...matmul.map((shape: { gflops: number }) => shape.gflops)) };
    results.crfAlone = crf;
  }

  if (options.tune) results.tuning = await tune(bench, texts, options, oursInit);

  if (options.f1Limit > 0) results.f1 = await entityF1(bench, options, modelConfig, configJson, variants);

  await browser.close();
  server.close();
  rmSync(userDataDir, { recursive: true, force: true });
  const foreign = requests.filter((path) => path.startsWith('http'));
  if (foreign.length) log(`unexpected requests: ${foreign.join(', ')}`);
  if (consoleErrors.length) results.consoleErrors = [...new Set(consoleErrors)].slice(0, 20);

  if (options.appSizes.length > 0) results.app = await appFigures(options);
  if (options.cliDocs > 0) {
    log(`CLI jobs scaling on ${options.cliDocs} KMOU dev sentences`);
    results.cliJobs = benchCliJobs({ model: options.model, sentences: kmouDev(options.data).slice(0, options.cliDocs).map((sentence) => sentence.text), jobs: [1, 2], runs: options.quick ? 1 : 2, log });
  }

  Object.assign(results, headlineNumbers(results, options));
  writeFileSync(options.out, JSON.stringify(results, null, 2) + '\n');
  console.log(formatTable(results, options));
  log(`wrote ${options.out}`);
}

function mib(bytes: number | null): number | null {
  return bytes === null ? null : Math.round((bytes / 2 ** 20) * 10) / 10;
}

/** Least squares ms = msPerCall + msPerPosition * rows * positions over the shapes measured. */
function fitCallCost(costs: readonly { batchSize: number; seqLen: number; msBest: number }[]) {
  const xs = costs.map((cost) => cost.batchSize * cost.seqLen);
  const ys = costs.map((cost) => cost.msBest);
  const meanX = xs.reduce((a, b) => a + b, 0) / xs.length;
  const meanY = ys.reduce((a, b) => a + b, 0) / ys.length;
  const sxx = xs.reduce((sum, x) => sum + (x - meanX) ** 2, 0);
  const sxy = xs.reduce((sum, x, index) => sum + (x - meanX) * (ys[index] - meanY), 0);
  const msPerPosition = sxy / sxx;
  const msPerCall = meanY - msPerPosition * meanX;
  return { msPerCall, msPerPosition, positionsPerCall: msPerCall / msPerPosition, shapes: costs };
}

function summarizeOurs(size: number, runs: any[], peakWorkerBytes: number | null, entities: number) {
  const best = runs.reduce((a, b) => (b.msTotal < a.msTotal ? b : a));
  const ms = median(runs.map((run) => run.msTotal));
  const pick = (key: string) => median(runs.map((run) => run[key]));
  return {
    ms,
    msBest: best.msTotal,
    charsPerSecond: (size / ms) * 1000,
    charsPerSecondBest: (size / best.msTotal) * 1000,
    msPerKChar: (ms / size) * 1000,
    msTokenize: pick('msTokenize'),
    msModel: pick('msModel'),
    msCrf: pick('msCrf'),
    msSpans: pick('msSpans'),
    crfShare: (pick('msCrf') + pick('msSpans')) / ms,
    modelGflops: best.modelFlops / (best.msModel * 1e6),
    tokens: best.tokens,
    windows: best.windows,
    modelCalls: best.modelCalls,
    paddedTokens: best.paddedTokens,
    entities,
    peakWorkerMiB: mib(peakWorkerBytes),
    runs: runs.length,
  };
}

async function tune(bench: Bench, texts: Map<number, string>, options: Options, oursInit: (...args: any[]) => unknown) {
  const size = options.sizes.includes(10000) ? 10000 : options.sizes[options.sizes.length - 1];
  const text = texts.get(size);
  const out: any[] = [];
  const backends: BackendName[] = options.backends.filter((backend) => backend !== 'webgpu');
  const trials: { backend: BackendName; batch: number; graph: string; quantized: boolean; spin: boolean; groupSentences?: number; callCostPositions?: number }[] = [];
  const last = backends[backends.length - 1];
  for (const batch of [1, 2, 4, 8, 16]) trials.push({ backend: last, batch, graph: 'all', quantized: false, spin: options.spin });
  // sentences per group (fewer, larger calls; an edit re-runs more) and the call cost batching weighs against padding
  for (const groupSentences of [2, 8]) trials.push({ backend: last, batch: options.batch, graph: 'all', quantized: false, spin: options.spin, groupSentences });
  for (const callCostPositions of [0, 48]) trials.push({ backend: last, batch: options.batch, graph: 'all', quantized: false, spin: options.spin, callCostPositions });
  for (const graph of ['disabled', 'basic', 'extended']) trials.push({ backend: last, batch: options.batch, graph, quantized: false, spin: options.spin });
  for (const backend of backends) trials.push({ backend, batch: options.batch, graph: 'all', quantized: false, spin: !options.spin });
  for (const trial of trials) {
    const handle = await bench.start('ours');
    await bench.call(handle, 'init', { ...(oursInit(trial.backend, trial.quantized, 'cache', trial.batch, trial.graph, trial.spin) as object), groupSentences: trial.groupSentences, callCostPositions: trial.callCostPositions });
    const { result } = await bench.call(handle, 'analyze', { text, repeats: 2 });
    await bench.stop(handle);
    const summary = summarizeOurs(size, result.runs, null, result.entities);
    out.push({ ...trial, size, crfShare: summary.crfShare, ms: summary.ms, charsPerSecond: summary.charsPerSecond, modelGflops: summary.modelGflops, paddedTokens: summary.paddedTokens });
    log(`tune ${JSON.stringify(trial)}: ${summary.ms.toFixed(0)} ms, ${summary.charsPerSecond.toFixed(0)} chars/s, CRF+spans ${(100 * summary.crfShare).toFixed(1)}%`);
  }
  return out;
}

/** Strict entity F1 on the KMOU dev split: our CRF entities against the peer's argmax tags turned into spans. */
async function entityF1(bench: Bench, options: Options, modelConfig: ReturnType<typeof parseModelConfig>, configJson: any, variants: { name: string; quantized: boolean }[]) {
  const sentences = kmouDev(options.data).slice(0, options.f1Limit);
  const texts = sentences.map((sentence) => sentence.text);
  const tokenizer = createTextTokenizer(
    JSON.parse(readFileSync(join(options.model, modelConfig.tokenizerPath), 'utf8')),
    JSON.parse(readFileSync(join(options.model, 'tokenizer_config.json'), 'utf8')),
    modelConfig.specialTokens,
  );
  const labelIndex = new Map(modelConfig.labels.map((label, index) => [label, index]));
  const backend: BackendName = options.backends.includes('wasm-2') ? 'wasm-2' : 'wasm-1';
  const out: any = { split: 'KMOU dev (EXOBRAIN_NE_CORPUS_009, _010)', sentences: sentences.length, model: modelConfig.id, backend };
  for (const variant of variants) {
    log(`entity F1 (${variant.name}), ours`);
    const handle = await bench.start('ours');
    await bench.call(handle, 'init', { modelUrl: '/models/bench/', ep: 'wasm', numThreads: BACKEND_SETTINGS[backend].numThreads, graphOptimizationLevel: 'all', maxBatchSize: options.batch, quantized: variant.quantized, cacheMode: 'cache', warmupRuns: 1, allowSpinning: options.spin });
    const { result: ours } = await bench.call(handle, 'entitiesOf', { texts });
    await bench.stop(handle);
    const oursScorer = new EntityScorer();
    ours.forEach((entities: any[], index: number) => oursScorer.add(entities, sentences[index].entities));
    out[`ours-${variant.name}`] = prfOf(oursScorer);
    for (const peer of options.peers) {
      log(`entity F1 (${variant.name}), ${peer} argmax`);
      const peerHandle = await bench.start('peer');
      try {
        await bench.call(peerHandle, 'init', { library: peer, modelId: 'bench', ep: 'wasm', numThreads: BACKEND_SETTINGS[backend].numThreads, quantized: variant.quantized });
        const { result: tagLists } = await bench.call(peerHandle, 'tagsOf', { texts });
        const scorer = new EntityScorer();
        tagLists.forEach((tagged: [number, string][], index: number) => {
          const text = texts[index];
          const tokenized = tokenizer.tokenize(text);
          // The peer gives no character offsets: its token j is our content token j - 1 ([CLS] first).
          const tags = new Int32Array(tokenized.ids.length);
          for (const [tokenIndex, label] of tagged) if (tokenIndex >= 1 && tokenIndex <= tags.length) tags[tokenIndex - 1] = labelIndex.get(label) ?? 0;
          const entities = tagsToEntities(text, { labels: modelConfig.labels, tags, tagProbabilities: new Float32Array(tags.length).fill(1), charStarts: tokenized.charStarts, charEnds: tokenized.charEnds });
          scorer.add(entities, sentences[index].entities);
        });
        out[`${peer}-argmax-${variant.name}`] = prfOf(scorer);
      } catch (error) {
        out[`${peer}-argmax-${variant.name}`] = { error: (error as Error).message.split('\n')[0] };
      } finally {
        await bench.stop(peerHandle);
      }
    }
  }
  out.pythonDevF1 = configJson.ner?.metrics?.dev_entity_f1 ?? null;
  return out;
}

function prfOf(scorer: EntityScorer) {
  const { micro } = scorer.scores();
  return { precision: micro.precision, recall: micro.recall, f1: micro.f1, support: micro.support, predicted: micro.predicted };
}

/** Edit latency and cold start in the app: this checkout, and the baseline commit when asked (same run, taking turns). */
async function appFigures(options: Options) {
  const current = buildCurrentApp(log);
  const baseline = options.baseline ? buildAppAt(options.baseline, log) : null;
  try {
    const builds = baseline ? [current, baseline.build] : [current];
    const texts = benchTexts(options.data, options.appSizes, options.appParagraphs);
    const [ours, before] = await benchApp({ builds, texts, edits: options.quick ? 2 : 5, coldStarts: options.quick ? 5 : 9, log });
    return { ...ours, paragraphSentences: options.appParagraphs || null, baseline: before ?? null };
  } finally {
    baseline?.cleanUp();
  }
}

/**
 * The in-page long-document measures alone (app-bench.ts benchLongDocuments): this checkout and the
 * baseline commit when asked, same run, taking turns. Prints a table, writes options.out.
 */
async function longDocuments(options: Options) {
  const sizes = options.appSizes.length > 0 ? options.appSizes : [1000, 10000, 50000];
  const current = buildCurrentApp(log);
  const baseline = options.baseline ? buildAppAt(options.baseline, log) : null;
  try {
    const builds = baseline ? [current, { ...baseline.build, name: `baseline ${options.baseline}` }] : [current];
    // two texts per size and repeat, none seen before by the page (the worker keeps what it analysed)
    const total = 2 * options.repeats * sizes.reduce((sum, size) => sum + size + 100, 0);
    const corpus = benchTexts(options.data, [total], options.appParagraphs).get(total)!;
    const results = await benchLongDocuments({ builds, sizes, corpus, repeats: options.repeats, ports: options.ports, log });
    const machine = { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, loadAverageAtStart: readFileSync('/proc/loadavg', 'utf8').trim() };
    writeFileSync(options.out, JSON.stringify({ machine, repeats: options.repeats, paragraphSentences: options.appParagraphs || null, builds: results }, null, 2) + '\n');
    const fmt = (value: number) => value.toFixed(0);
    const lines = [
      `${machine.cpu}, ${machine.cores} cores, load average at start ${machine.loadAverageAtStart}; texts ${options.appParagraphs ? `with a line break every ${options.appParagraphs} sentences` : 'of one paragraph'}; medians of ${options.repeats}, ms (longest main-thread task in brackets)`,
      '',
      '| build | chars | paste -> every mark | pipeline (in page) | ratio | type at end -> marks | (typing it) | type 0.5 s after paste -> its mark | (typing it) | that paste -> every mark |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ];
    for (const size of sizes) {
      for (const build of results) {
        const row = build.sizes[size];
        lines.push(
          `| ${build.build} | ${size.toLocaleString('en')} | ${fmt(row.pasteToEveryMark.msMedian)} (${row.pasteToEveryMark.longestTaskMs}) | ${fmt(row.pipelineInPage.msMedian)} | ${row.pasteToEveryMarkOverPipeline.toFixed(2)} | ` +
            `${fmt(row.typeAtEndToMarks.msMedian)} (${row.typeAtEndToMarks.longestTaskMs}) | ${row.typeAtEndToMarks.typingMsMedian} | ` +
            `${fmt(row.typeDuringAnalysisToItsMarks.msMedian)} (${row.typeDuringAnalysisToItsMarks.longestTaskMs}) | ${row.typeDuringAnalysisToItsMarks.typingMsMedian} | ${fmt(row.pasteWithTypingToEveryMark.msMedian)} |`,
        );
      }
    }
    console.log(lines.join('\n'));
    log(`wrote ${options.out}`);
  } finally {
    baseline?.cleanUp();
  }
}

/**
 * The keys issue 4 fixes, from the detailed results. Throughputs are the best of the interleaved runs
 * (the machine is shared: other load only ever adds time).
 */
function headlineNumbers(results: any, options: Options) {
  const wasm = (['wasm-2', 'wasm-1'] as const).filter((backend) => results.backends[backend]);
  const largest = Math.max(...options.sizes);
  const smallest = Math.min(...options.sizes);
  // best backend: the WASM setting (and variant) with the most characters per second on the largest text
  let best: { backend: string; variant: string; ours: any } | null = null;
  for (const backend of wasm) {
    for (const [variant, result] of Object.entries<any>(results.backends[backend].variants)) {
      const ours = result.ours.sizes[largest];
      if (ours && (!best || ours.charsPerSecondBest > best.ours.charsPerSecondBest)) best = { backend, variant, ours };
    }
  }
  if (!best) return {};
  const bestVariant = results.backends[best.backend].variants[best.variant];
  // the ratio: on the largest text both ran
  const ratioSize = Math.max(...options.sizes.filter((size) => Object.values<any>(bestVariant.peers).some((peer) => peer.sizes?.[size])));
  const peerRates = Object.entries<any>(bestVariant.peers)
    .filter(([, peer]) => peer.sizes?.[ratioSize])
    .map(([name, peer]) => ({ name, charsPerSecond: peer.sizes[ratioSize].charsPerSecondBest }));
  const fastestPeer = peerRates.reduce<{ name: string; charsPerSecond: number } | null>((a, b) => (a && a.charsPerSecond >= b.charsPerSecond ? a : b), null);
  const small = bestVariant.ours.sizes[smallest];
  // the ceiling is an fp32 MatMul: set the fp32 model run on the same backend against it (an int8
  // run does different arithmetic and can pass an fp32 ceiling)
  const ceiling = results.matmulCeiling;
  const fp32Sizes = ceiling ? results.backends[ceiling.backend]?.variants?.fp32?.ours?.sizes : null;
  const fp32Run = fp32Sizes ? fp32Sizes[Math.max(...Object.keys(fp32Sizes).map(Number))] : null;
  return {
    headline: {
      backend: best.backend,
      variant: best.variant,
      textChars: largest,
      ratioTextChars: Number.isFinite(ratioSize) ? ratioSize : null,
      fastestPeer: fastestPeer?.name ?? null,
      fastestPeerCharsPerSecond: fastestPeer?.charsPerSecond ?? null,
      note:
        'best of the interleaved runs; ratio: ours / the faster transformers.js peer, same backend, threads, model file and text; ' +
        'crfShare: (CRF + spans) / pipeline time; rooflineFraction: fp32 model-run GFLOP/s / best fp32 MatMul GFLOP/s, same backend and threads',
    },
    throughputRatioVsTransformersJs: fastestPeer ? bestVariant.ours.sizes[ratioSize].charsPerSecondBest / fastestPeer.charsPerSecond : null,
    crfShare: best.ours.crfShare,
    perCharCostRatio100kVs1k: largest >= 100000 && small ? best.ours.msBest / largest / (small.msBest / smallest) : null,
    rooflineFraction: fp32Run ? fp32Run.modelGflops / ceiling.bestGflops : null,
    charsPerSecond: best.ours.charsPerSecondBest,
    ...appHeadline(results.app),
    cliJobsSpeedup: results.cliJobs?.speedup ?? null,
    cliJobsSpeedupVsOneThread: results.cliJobs?.speedupVsOneThread ?? null,
  };
}

function appHeadline(app: any) {
  if (!app) return { editLatencyRatio50kVs1k: null, editLatency1kMs: null, coldStartFromCacheMs: null, coldStartToMarksFromCacheMs: null };
  const sizes = Object.keys(app.editLatency).map(Number);
  const at = (size: number) => app.editLatency[size]?.msMedian ?? null;
  const smallest = Math.min(...sizes);
  return {
    editLatencyRatio50kVs1k: at(50000) !== null && at(1000) !== null ? at(50000) / at(1000) : null,
    editLatency1kMs: at(1000),
    coldStartFromCacheMs: app.coldStartFromCacheMs.msMedian,
    coldStartToMarksFromCacheMs: app.coldStartToMarksFromCacheMs?.msMedian ?? null,
    editLatencySmallestChars: smallest,
  };
}

function formatTable(results: any, options: Options): string {
  const lines: string[] = [];
  const fmt = (value: number | null | undefined, digits = 0) => (value === null || value === undefined || Number.isNaN(value) ? '-' : value.toFixed(digits));
  lines.push(`model: ${results.model.dir} (${results.model.name}); ${results.machine.cpu}, ${results.machine.cores} cores; Chromium ${results.machine.chromium}`);
  lines.push('');
  lines.push('Best of the interleaved runs (ms, chars/s); shares of the median run.');
  lines.push('');
  lines.push('| backend | model file | text chars | ours ms | ours chars/s | @xenova chars/s | @huggingface chars/s | ratio | tokenize | model | CRF | spans | model GFLOP/s | worker MiB |');
  lines.push('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const backendResult of Object.values<any>(results.backends)) {
    for (const [variant, variantResult] of Object.entries<any>(backendResult.variants)) {
      for (const [size, ours] of Object.entries<any>(variantResult.ours.sizes)) {
        const peerRate = (name: string) => variantResult.peers[name]?.sizes?.[size]?.charsPerSecondBest;
        const peers = PEERS.map(peerRate).filter((rate): rate is number => typeof rate === 'number');
        const ratio = peers.length ? ours.charsPerSecondBest / Math.max(...peers) : null;
        const share = (ms: number) => `${fmt((100 * ms) / ours.ms, 1)}%`;
        lines.push(
          `| ${backendResult.label} | ${variant} | ${Number(size).toLocaleString('en')} | ${fmt(ours.msBest)} | ${fmt(ours.charsPerSecondBest)} | ${fmt(peerRate('xenova'))} | ${fmt(peerRate('huggingface'))} | ${ratio === null ? '-' : `${fmt(ratio, 2)}x`} | ${share(ours.msTokenize)} | ${share(ours.msModel)} | ${share(ours.msCrf)} | ${share(ours.msSpans)} | ${fmt(ours.modelGflops, 1)} | ${fmt(ours.peakWorkerMiB, 1)} |`,
        );
      }
    }
  }
  lines.push('');
  if (results.matmulCeiling) {
    lines.push(`MatMul ceiling (${results.matmulCeiling.backend}): ${fmt(results.matmulCeiling.bestGflops, 1)} GFLOP/s (${results.matmulCeiling.shapes.map((s: any) => `${s.m}x${s.k}x${s.n}: ${fmt(s.gflops, 1)}`).join(', ')})`);
  }
  if (results.load) {
    lines.push(`model load (${results.load.backend}, ${(results.load.onnxBytes / 2 ** 20).toFixed(1)} MiB): cold fetch ${fmt(results.load.cold.msFetch)} ms + session ${fmt(results.load.cold.msSession)} ms + warm-up ${fmt(results.load.cold.msWarmup)} ms; from cache fetch ${fmt(results.load.cached.msFetch)} ms + session ${fmt(results.load.cached.msSession)} ms + warm-up ${fmt(results.load.cached.msWarmup)} ms`);
  }
  for (const [backend, backendResult] of Object.entries(results.backends) as [string, any][]) {
    for (const [variant, variantResult] of Object.entries(backendResult.variants) as [string, any][]) {
      const cost = variantResult.ours.callCost;
      if (cost) lines.push(`a model call (${backend}, ${variant}): ${fmt(cost.msPerCall, 2)} ms + ${fmt(cost.msPerPosition * 1000, 1)} us per position, fitted over ${cost.shapes.length} shapes (${cost.shapes.map((c: any) => `${c.batchSize}x${c.seqLen}: ${fmt(c.msBest, 1)}`).join(', ')} ms): a call is worth ${fmt(cost.positionsPerCall, 0)} positions`);
    }
  }
  if (results.crfAlone) {
    const c = results.crfAlone;
    lines.push(`CRF alone (${c.length} tokens x ${c.numTags} tags), ns per token per tag^2: Viterbi ${fmt(c.viterbi.nsPerTokenTag2, 2)} (number[][]: ${fmt(c.naiveViterbi.nsPerTokenTag2, 2)}), forward-backward ${fmt(c.forwardBackward.nsPerTokenTag2, 2)} (number[][]: ${fmt(c.naiveForwardBackward.nsPerTokenTag2, 2)}); ms: ${fmt(c.viterbi.ms, 2)} / ${fmt(c.naiveViterbi.ms, 2)}, ${fmt(c.forwardBackward.ms, 2)} / ${fmt(c.naiveForwardBackward.ms, 2)}; same path: ${c.samePath}`);
  }
  if (results.f1) {
    const entries = Object.entries<any>(results.f1).filter(([, value]) => value && typeof value === 'object' && 'f1' in value);
    lines.push(`entity F1, ${results.f1.split}, ${results.f1.sentences} sentences, model ${results.f1.model}: ${entries.map(([name, value]) => `${name} ${fmt(100 * value.f1, 2)}`).join(', ')}`);
  }
  if (results.tuning) {
    lines.push('tuning (ours): ' + results.tuning.map((t: any) => `${t.backend} batch ${t.batch} graph ${t.graph} spin ${t.spin}: ${fmt(t.charsPerSecond)} chars/s`).join('; '));
  }
  if (results.app) {
    const rows = [results.app, results.app.baseline].filter(Boolean);
    for (const row of rows) {
      lines.push(`app (${row.build}): cold start from cache ${fmt(row.coldStartFromCacheMs.msMedian)} ms to ready, ${fmt(row.coldStartToMarksFromCacheMs?.msMedian)} ms to the first marks; keystroke -> marks ${Object.entries<any>(row.editLatency).map(([size, value]) => `${Number(size).toLocaleString('en')} chars ${fmt(value.msMedian)} ms`).join(', ')}`);
    }
  }
  if (results.cliJobs) {
    lines.push(`CLI (${results.cliJobs.documents} documents): ${Object.entries<any>(results.cliJobs.jobs).map(([jobs, value]) => `--jobs ${jobs} ${fmt(value.documentsPerSecondBest)} documents/s`).join(', ')}, --jobs 1 --threads 1 ${fmt(results.cliJobs.oneJobOneThread.documentsPerSecondBest)} documents/s; speedup ${fmt(results.cliJobs.speedup, 2)}x (${fmt(results.cliJobs.speedupVsOneThread, 2)}x against one job on one core)`);
  }
  lines.push('');
  lines.push(
    `throughputRatioVsTransformersJs ${fmt(results.throughputRatioVsTransformersJs, 2)}, crfShare ${fmt(results.crfShare, 4)}, perCharCostRatio100kVs1k ${fmt(results.perCharCostRatio100kVs1k, 2)}, rooflineFraction ${fmt(results.rooflineFraction, 2)}, charsPerSecond ${fmt(results.charsPerSecond)}, ` +
      `editLatencyRatio50kVs1k ${fmt(results.editLatencyRatio50kVs1k, 2)}, editLatency1kMs ${fmt(results.editLatency1kMs)}, coldStartFromCacheMs ${fmt(results.coldStartFromCacheMs)}, coldStartToMarksFromCacheMs ${fmt(results.coldStartToMarksFromCacheMs)}, cliJobsSpeedup ${fmt(results.cliJobsSpeedup, 2)}, cliJobsSpeedupVsOneThread ${fmt(results.cliJobsSpeedupVsOneThread, 2)}` +
      (results.headline ? ` (${results.headline.backend}, ${results.headline.variant})` : ''),
  );
  void options;
  return lines.join('\n');
}

main().catch((error: Error) => {
  log(`${error.stack ?? error.message}`);
  process.exit(1);
});
