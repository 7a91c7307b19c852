/**
 * Our pipeline (src/core) on onnxruntime-web, in a worker, with every knob the bench turns:
 * execution provider, threads, graph optimisation level, windows per model call, int8 file.
 * Also the MatMul ceiling and the CRF-alone timings, in the same ONNX Runtime instance.
 */
import type * as Ort from 'onnxruntime-web';
import { readBundleFiles } from '../../src/core/bundle/bundle';
import { batchesAcrossGroups } from '../../src/runtime/backends';
import { marginals, viterbi, type CrfParameters } from '../../src/core/crf/crf';
import { createPipeline, type EmissionBatch, type Pipeline } from '../../src/core/pipeline';
import { emissionRunner } from '../../src/runtime/session';
import { matMulModel, randomWeights } from '../matmul-model';
import { naiveMarginals, naiveViterbi } from '../naive-crf';
import { serve } from '../rpc';
import { adapterInfo, loadBytes, type CacheMode } from './shared';

export interface OursInit {
  readonly modelUrl: string;
  readonly ep: 'wasm' | 'webgpu';
  readonly numThreads: number;
  readonly graphOptimizationLevel: 'disabled' | 'basic' | 'extended' | 'all';
  readonly maxBatchSize: number;
  readonly quantized: boolean;
  readonly cacheMode: CacheMode;
  readonly warmupRuns: number;
  /** ORT's intra-op threads busy-wait between ops by default; off, they yield the core to JS (CRF, spans). */
  readonly allowSpinning: boolean;
  /** The pipeline's sentences per group and call cost (defaults: the app's). */
  readonly groupSentences?: number;
  readonly callCostPositions?: number;
  /** Windows of different groups in one call (default: the app's choice, runtime/backends.ts batchesAcrossGroups). */
  readonly batchAcrossGroups?: boolean;
}

/**
 * One ONNX Runtime build per worker: WebGPU needs the JSEP build (28 MB of WASM); plain WASM runs
 * on the smaller build (14 MB), which compiles faster on a cold load.
 */
let ort: typeof Ort;
const WASM_FILES = {
  webgpu: { wasm: '/ort/ort-wasm-simd-threaded.jsep.wasm', mjs: '/ort/ort-wasm-simd-threaded.jsep.mjs' },
  wasm: { wasm: '/ort/ort-wasm-simd-threaded.wasm', mjs: '/ort/ort-wasm-simd-threaded.mjs' },
};

let pipeline: Pipeline | null = null;
let runBatch: ((batch: EmissionBatch) => Promise<Float32Array>) | null = null;
let session: Ort.InferenceSession | null = null;
/** Matmul FLOPs of the model calls since the last analyze() started. */
let modelFlops = 0;
let modelCalls = 0;

async function configureOrt(ep: 'wasm' | 'webgpu', numThreads: number) {
  // 'onnxruntime-web' is the JSEP build (WebGPU + WASM); 'onnxruntime-web/webgpu' would be the newer asyncify one.
  ort ??= ep === 'webgpu' ? ((await import('onnxruntime-web')) as typeof Ort) : ((await import('onnxruntime-web/wasm')) as typeof Ort);
  ort.env.wasm.numThreads = numThreads;
  ort.env.wasm.wasmPaths = WASM_FILES[ep];
}

/** MatMul FLOPs of one BERT call (projections, attention, feed-forward, classifier). */
function bertFlops(config: Record<string, number>, numTags: number, batchSize: number, seqLen: number): number {
  const d = config.hidden_size;
  const tokens = batchSize * seqLen;
  const perLayer = 8 * tokens * d * d + 4 * tokens * d * config.intermediate_size + 4 * batchSize * seqLen * seqLen * d;
  return config.num_hidden_layers * perLayer + 2 * tokens * d * numTags;
}

async function init(options: OursInit) {
  await configureOrt(options.ep, options.numThreads);
  const started = performance.now();
  const bundle = await readBundleFiles(async (path) => {
    const response = await fetch(options.modelUrl + path);
    return response.ok ? response.text() : null;
  });
  const onnxPath = options.quantized ? bundle.modelConfig.onnxQuantizedPath : bundle.modelConfig.onnxPath;
  if (!onnxPath) throw new Error('the bundle names no ner.onnx_quantized');
  const msJson = performance.now() - started;
  const { bytes, msFetch, source } = await loadBytes(options.modelUrl + onnxPath, options.cacheMode);
  let clock = performance.now();
  session = await ort.InferenceSession.create(bytes, {
    executionProviders: [options.ep],
    graphOptimizationLevel: options.graphOptimizationLevel,
    extra: { session: { intra_op: { allow_spinning: options.allowSpinning ? '1' : '0' } } },
  });
  const msSession = performance.now() - clock;
  const config = bundle.config as Record<string, number>;
  const numTags = bundle.modelConfig.labels.length;
  runBatch = emissionRunner(ort.Tensor, session, bundle.modelConfig, { where: onnxPath });
  pipeline = createPipeline({
    ...bundle,
    maxBatchSize: options.maxBatchSize,
    groupSentences: options.groupSentences,
    callCostPositions: options.callCostPositions,
    batchAcrossGroups: options.batchAcrossGroups ?? batchesAcrossGroups(bundle.modelConfig, onnxPath, options.ep),
    // every run from scratch, as the peers do (kept groups would make a repeated text free)
    keptGroups: 0,
    // the app's adapter (src/runtime/session.ts), counting the FLOPs of each call
    runEmissions: emissionRunner(ort.Tensor, session, bundle.modelConfig, {
      where: onnxPath,
      onRun: (batch) => {
        modelFlops += bertFlops(config, numTags, batch.batchSize, batch.seqLen);
        modelCalls++;
      },
    }),
  });
  clock = performance.now();
  // The first runs after a load are several times slower (the WASM is recompiled in a faster tier).
  const warmupText = '김철수는 2024년 3월 서울 종로구에서 삼성전자 관계자를 만났다. '.repeat(12);
  for (let run = 0; run < options.warmupRuns; run++) await pipeline.analyze(warmupText);
  const msWarmup = performance.now() - clock;
  return {
    source,
    onnxPath,
    onnxBytes: bytes.byteLength,
    msJson,
    msFetch,
    msSession,
    msWarmup,
    adapter: options.ep === 'webgpu' ? await adapterInfo() : null,
    crossOriginIsolated: self.crossOriginIsolated,
    ortVersion: ort.env.versions.web,
    ortBuild: WASM_FILES[options.ep].wasm,
  };
}

async function analyze({ text, repeats }: { text: string; repeats: number }) {
  if (!pipeline) throw new Error('init first');
  const runs = [];
  let entities = 0;
  for (let run = 0; run < repeats; run++) {
    modelFlops = 0;
    modelCalls = 0;
    const started = performance.now();
    const result = await pipeline.analyze(text);
    const msTotal = performance.now() - started;
    entities = result.entities.length;
    runs.push({ msTotal, ...result.stats, modelFlops, modelCalls, paddedTokens: result.stats.modelTokens });
  }
  return { runs, entities };
}

/** Entities of each text (for entity F1). */
async function entitiesOf({ texts }: { texts: string[] }) {
  if (!pipeline) throw new Error('init first');
  const out = [];
  for (const text of texts) out.push((await pipeline.analyze(text)).entities.map(({ start, end, label }) => ({ start, end, label })));
  return out;
}

/** Best FLOP/s of a large MatMul on the same runtime and threads. */
async function matmulCeiling({ shapes, runs, ep }: { shapes: [number, number, number][]; runs: number; ep: 'wasm' | 'webgpu' }) {
  const results = [];
  for (const [m, k, n] of shapes) {
    const matmul = await ort.InferenceSession.create(matMulModel(k, n, randomWeights(k * n)), { executionProviders: [ep], graphOptimizationLevel: 'all' });
    const input = new ort.Tensor('float32', randomWeights(m * k, 2), [m, k]);
    for (let run = 0; run < 3; run++) await matmul.run({ X: input });
    const times = [];
    for (let run = 0; run < runs; run++) {
      const started = performance.now();
      await matmul.run({ X: input });
      times.push(performance.now() - started);
    }
    await matmul.release();
    times.sort((a, b) => a - b);
    const best = times[0];
    results.push({ m, k, n, msBest: best, msMedian: times[Math.floor(times.length / 2)], gflops: (2 * m * k * n) / (best * 1e6) });
  }
  return results;
}

/** Our typed-array CRF against number[][], on random emissions of the given size. */
function crfAlone({ length, numTags, repeats }: { length: number; numTags: number; repeats: number }) {
  const random = randomWeights(length * numTags + numTags * (numTags + 2), 5);
  const emissions = random.slice(0, length * numTags).map((value) => value * 5);
  const crf: CrfParameters = {
    numTags,
    startTransitions: random.slice(length * numTags, length * numTags + numTags),
    endTransitions: random.slice(length * numTags + numTags, length * numTags + 2 * numTags),
    transitions: random.slice(length * numTags + 2 * numTags),
  };
  const nested = {
    start: Array.from(crf.startTransitions),
    end: Array.from(crf.endTransitions),
    transitions: Array.from({ length: numTags }, (_, from) => Array.from(crf.transitions.subarray(from * numTags, (from + 1) * numTags))),
  };
  const nestedEmissions = Array.from({ length }, (_, position) => Array.from(emissions.subarray(position * numTags, (position + 1) * numTags)));
  const time = (run: () => unknown) => {
    for (let warm = 0; warm < 5; warm++) run();
    const times = [];
    for (let repeat = 0; repeat < repeats; repeat++) {
      const started = performance.now();
      run();
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    const ms = times[Math.floor(times.length / 2)];
    return { ms, nsPerTokenTag2: (ms * 1e6) / (length * numTags * numTags) };
  };
  const typedPath = viterbi(crf, emissions, length);
  const naivePath = naiveViterbi(nested, nestedEmissions);
  const samePath = naivePath.every((tag, position) => tag === typedPath[position]);
  return {
    length,
    numTags,
    samePath,
    viterbi: time(() => viterbi(crf, emissions, length)),
    forwardBackward: time(() => marginals(crf, emissions, length)),
    naiveViterbi: time(() => naiveViterbi(nested, nestedEmissions)),
    naiveForwardBackward: time(() => naiveMarginals(nested, nestedEmissions)),
  };
}

async function release() {
  await session?.release();
  session = null;
  pipeline = null;
  runBatch = null;
}

/**
 * What one model call costs by its shape: the best of `runs` calls of each (rows, positions) shape,
 * token ids drawn from the vocabulary, every position real (no padding). A line fitted through
 * them gives the fixed cost of a call and the cost of a position.
 */
async function callCosts({ shapes, runs, vocabSize }: { shapes: [number, number][]; runs: number; vocabSize: number }) {
  if (!runBatch) throw new Error('init first');
  const results = [];
  for (const [batchSize, seqLen] of shapes) {
    const inputIds = BigInt64Array.from({ length: batchSize * seqLen }, (_, index) => BigInt(5 + ((index * 7919) % (vocabSize - 5))));
    const batch: EmissionBatch = { batchSize, seqLen, inputIds, attentionMask: new BigInt64Array(batchSize * seqLen).fill(1n), tokenTypeIds: null };
    await runBatch(batch);
    const times = [];
    for (let run = 0; run < runs; run++) {
      const started = performance.now();
      await runBatch(batch);
      times.push(performance.now() - started);
    }
    results.push({ batchSize, seqLen, msBest: Math.min(...times) });
  }
  return results;
}

serve({ init, analyze, entitiesOf, matmulCeiling, crfAlone, callCosts, release });
