/**
 * The peer: transformers.js `pipeline('token-classification')` on the SAME bundle folder
 * (loaded as a local model `/models/<id>/`), @xenova/transformers 2.x or @huggingface/transformers.
 * One library per worker, so each brings only its own ONNX Runtime.
 */
import { serve } from '../rpc';
import { adapterInfo } from './shared';

export interface PeerInit {
  readonly library: 'xenova' | 'huggingface';
  readonly modelId: string;
  readonly ep: 'wasm' | 'webgpu';
  readonly numThreads: number;
  readonly quantized: boolean;
}

type TokenOutput = { entity: string; index: number };
type NerPipeline = (texts: string | string[], options?: object) => Promise<TokenOutput[] | TokenOutput[][]>;

let ner: NerPipeline | null = null;

async function init(options: PeerInit) {
  const started = performance.now();
  let version: string;
  if (options.library === 'xenova') {
    if (options.ep !== 'wasm') throw new Error('@xenova/transformers 2.x runs WASM only (its ONNX Runtime 1.14 has no WebGPU)');
    const { pipeline, env } = await import('@xenova/transformers');
    env.allowRemoteModels = false;
    env.allowLocalModels = true;
    env.localModelPath = '/models/';
    env.useBrowserCache = false;
    env.backends.onnx.wasm.numThreads = options.numThreads;
    env.backends.onnx.wasm.wasmPaths = '/xenova-ort/';
    ner = (await pipeline('token-classification', options.modelId, { quantized: options.quantized })) as unknown as NerPipeline;
    version = env.version;
  } else {
    const { pipeline, env } = await import('@huggingface/transformers');
    env.allowRemoteModels = false;
    env.allowLocalModels = true;
    env.localModelPath = '/models/';
    env.useBrowserCache = false;
    const onnx = env.backends.onnx as { wasm: { numThreads: number; wasmPaths: unknown } };
    onnx.wasm.numThreads = options.numThreads;
    onnx.wasm.wasmPaths = { mjs: '/hf-ort/ort-wasm-simd-threaded.asyncify.mjs', wasm: '/hf-ort/ort-wasm-simd-threaded.asyncify.wasm' };
    ner = (await pipeline('token-classification', options.modelId, { device: options.ep, dtype: options.quantized ? 'q8' : 'fp32' })) as unknown as NerPipeline;
    version = env.version;
  }
  const msLoad = performance.now() - started;
  // Same warm-up as ours: the first runs after a load are several times slower.
  const warmupText = '김철수는 2024년 3월 서울 종로구에서 삼성전자 관계자를 만났다. '.repeat(12);
  const warmStarted = performance.now();
  for (let run = 0; run < 3; run++) await ner(warmupText);
  return { version, msLoad, msWarmup: performance.now() - warmStarted, adapter: options.ep === 'webgpu' ? await adapterInfo() : null };
}

/** The text cut into model-sized chunks (the peer truncates at model_max_length), batchSize chunks per call. */
async function analyze({ chunks, batchSize, repeats }: { chunks: string[]; batchSize: number; repeats: number }) {
  if (!ner) throw new Error('init first');
  const runs = [];
  let tagged = 0;
  for (let run = 0; run < repeats; run++) {
    const started = performance.now();
    tagged = 0;
    for (let start = 0; start < chunks.length; start += batchSize) {
      const out = (await ner(chunks.slice(start, start + batchSize))) as TokenOutput[][];
      tagged += out.reduce((sum, tokens) => sum + tokens.length, 0);
    }
    runs.push({ msTotal: performance.now() - started });
  }
  return { runs, taggedTokens: tagged };
}

/** Argmax tags of each text, aggregation "none": [tokenIndex ([CLS] = 0), label] of non-O tokens. */
async function tagsOf({ texts }: { texts: string[] }) {
  if (!ner) throw new Error('init first');
  const out: [number, string][][] = [];
  for (const text of texts) {
    const tokens = (await ner(text, { ignore_labels: ['O'] })) as TokenOutput[];
    out.push(tokens.map(({ index, entity }) => [index, entity]));
  }
  return out;
}

serve({ init, analyze, tagsOf });
