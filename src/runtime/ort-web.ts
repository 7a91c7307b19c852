/**
 * The emission model on onnxruntime-web (browser worker). The only browser module that
 * imports ONNX Runtime; Node has its own (ort-node.ts); both hand their session to the one
 * adapter (session.ts).
 *
 * One place chooses the execution backend (`chooseBackends`): WebGPU when the browser gives a
 * real adapter, else WASM (multithreaded when the page is cross-origin isolated). Every
 * backend that was not used gets its reason, so the UI can say why.
 */
import type * as Ort from 'onnxruntime-web';
// Each backend loads its own ONNX Runtime build, served from the app's origin (without local
// wasmPaths ORT reaches for a CDN, and numThreads > 1 hangs): WebGPU needs the JSEP build
// (28 MB of WASM; the package's default entry), the WASM backend runs the plain one (14 MB,
// the same CPU kernels), so a browser without WebGPU downloads and compiles half as much.
import jsepWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.jsep.wasm?url';
import jsepMjsUrl from 'onnxruntime-web/ort-wasm-simd-threaded.jsep.mjs?url';
import plainWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url';
import plainMjsUrl from 'onnxruntime-web/ort-wasm-simd-threaded.mjs?url';
import type { ModelConfig } from '../core/bundle/bundle';
import type { RunEmissions } from '../core/pipeline';
import { emissionRunner } from './session';
import { featureRunner, headEmissionRunner } from './head-session';
import type { RunFeatures } from '../core/adapt/sequences';
import { parseHead } from '../core/bundle/head';
import { identityModel } from './identity-model';
import type { BackendName, BackendPreference } from './backends';

export interface AdapterSummary {
  readonly vendor: string;
  readonly architecture: string;
  readonly description: string;
  /** True for a software adapter (SwiftShader): it works, but runs slower than WASM. */
  readonly isFallbackAdapter: boolean;
}

/** Which backend ran, and why each other one did not. */
export interface BackendReport {
  readonly backend: BackendName;
  /** WASM threads (1 unless cross-origin isolated); also the CPU side of WebGPU. */
  readonly numThreads: number;
  readonly crossOriginIsolated: boolean;
  /** The WebGPU adapter that ran, null on WASM. */
  readonly adapter: AdapterSummary | null;
  readonly notUsed: readonly { readonly backend: BackendName; readonly reason: string }[];
  readonly ortVersion: string;
}

export interface WebEmissionModel {
  readonly runEmissions: RunEmissions;
  /** The encoder's hidden states and base logits on this session (an adaptation's features); throws when the ONNX file lacks them. */
  featureRunner(): RunFeatures;
  readonly report: BackendReport;
  release(): Promise<void>;
}

const MAX_THREADS = 4;

/** The slice of WebGPU this module uses (TypeScript's DOM library has no WebGPU types). */
interface GpuAdapterLike {
  readonly isFallbackAdapter?: boolean;
  readonly info?: { vendor?: string; architecture?: string; description?: string; isFallbackAdapter?: boolean };
}
interface GpuLike {
  requestAdapter(options?: { powerPreference?: string }): Promise<GpuAdapterLike | null>;
}

type OrtModule = typeof Ort;

/** How many WASM threads ONNX Runtime gets: up to 4 when the page is cross-origin isolated, else 1. */
function wasmThreads(): number {
  const isolated = globalThis.crossOriginIsolated === true;
  const cores = globalThis.navigator?.hardwareConcurrency ?? 1;
  return isolated ? Math.max(1, Math.min(MAX_THREADS, cores)) : 1;
}

/**
 * Hands WebGPU the adapter checked in chooseBackends (ORT otherwise asks for one of its own). Once
 * WebGPU is initialised the field is read-only, so the same adapter is not set again.
 */
function giveAdapter(ort: OrtModule, candidate: Candidate): void {
  if (candidate.backend !== 'webgpu') return;
  const env = ort.env.webgpu as { adapter: unknown };
  if (env.adapter !== candidate.adapter) env.adapter = candidate.adapter;
}

/** The ONNX Runtime build for a backend, configured before its first session. */
async function loadOrt(backend: BackendName, numThreads: number): Promise<OrtModule> {
  const ort: OrtModule = backend === 'webgpu' ? await import('onnxruntime-web') : await import('onnxruntime-web/wasm');
  ort.env.wasm.wasmPaths = backend === 'webgpu' ? { wasm: jsepWasmUrl, mjs: jsepMjsUrl } : { wasm: plainWasmUrl, mjs: plainMjsUrl };
  ort.env.wasm.numThreads = numThreads;
  return ort;
}

function summarizeAdapter(adapter: GpuAdapterLike): AdapterSummary {
  const info = adapter.info ?? {};
  return {
    vendor: info.vendor || 'unknown vendor',
    architecture: info.architecture || 'unknown architecture',
    description: info.description ?? '',
    isFallbackAdapter: Boolean(info.isFallbackAdapter ?? adapter.isFallbackAdapter),
  };
}

type Candidate = { backend: 'webgpu'; adapter: GpuAdapterLike } | { backend: 'wasm' };

/** The backends to try, in order, and the reasons for those left out before trying. */
export interface BackendChoice {
  readonly candidates: readonly Candidate[];
  readonly notUsed: readonly BackendReport['notUsed'][number][];
}

/**
 * The backends to try, in order, and the reasons for those left out before trying.
 * "auto" passes over a software (fallback) WebGPU adapter: it is slower than WASM.
 * Quick (no ONNX Runtime is loaded): a caller can learn the first backend before fetching a model.
 */
export async function chooseBackends(preference: BackendPreference): Promise<BackendChoice> {
  const notUsed: { backend: BackendName; reason: string }[] = [];
  const candidates: Candidate[] = [];
  if (preference === 'wasm') {
    notUsed.push({ backend: 'webgpu', reason: 'not requested (backend=wasm)' });
  } else {
    const gpu = (globalThis.navigator as Navigator & { gpu?: GpuLike } | undefined)?.gpu;
    let adapter: GpuAdapterLike | null = null;
    if (!gpu) {
      notUsed.push({ backend: 'webgpu', reason: 'navigator.gpu is missing (this browser or context has no WebGPU)' });
    } else {
      try {
        adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
        if (!adapter) notUsed.push({ backend: 'webgpu', reason: 'navigator.gpu.requestAdapter() gave no adapter' });
      } catch (error) {
        notUsed.push({ backend: 'webgpu', reason: `navigator.gpu.requestAdapter() failed: ${messageOf(error)}` });
      }
    }
    if (adapter && preference === 'auto' && summarizeAdapter(adapter).isFallbackAdapter) {
      const { vendor, architecture } = summarizeAdapter(adapter);
      notUsed.push({ backend: 'webgpu', reason: `the only adapter is a software fallback (${vendor} ${architecture}), slower than WASM` });
    } else if (adapter) {
      candidates.push({ backend: 'webgpu', adapter });
    }
  }
  if (preference === 'webgpu') {
    notUsed.push({ backend: 'wasm', reason: 'not requested (backend=webgpu)' });
  } else {
    candidates.push({ backend: 'wasm' });
  }
  return { candidates, notUsed };
}

/** What `prepareWebRuntime` started: the backends to try and the first one's ONNX Runtime, initialised. */
export interface PreparedWebRuntime {
  readonly candidates: readonly Candidate[];
  readonly notUsed: readonly BackendReport['notUsed'][number][];
  readonly numThreads: number;
  /** The first candidate's ORT build, configured and initialised; null when that failed (the real session then says why). */
  readonly first: OrtModule | null;
}

/**
 * Chooses the backends to try and initialises ONNX Runtime for the first of them (its build
 * loaded, its WASM compiled and instantiated, its threads started, or its WebGPU device
 * opened) by opening a session on a one-node model. Start it before the model's bytes are
 * fetched: the two overlap (on a 2-core laptop the initialisation is about half a second).
 * Never rejects.
 */
export async function prepareWebRuntime(preference: BackendPreference = 'auto', choice?: Promise<BackendChoice>): Promise<PreparedWebRuntime> {
  const numThreads = wasmThreads();
  const { candidates, notUsed } = await (choice ?? chooseBackends(preference));
  let first: OrtModule | null = null;
  const candidate = candidates[0];
  if (candidate) {
    try {
      const ort = await loadOrt(candidate.backend, numThreads);
      giveAdapter(ort, candidate);
      const probe = await ort.InferenceSession.create(identityModel(), { executionProviders: [candidate.backend] });
      await probe.release();
      first = ort;
    } catch {
      // the real session on this backend fails again and its reason is reported
    }
  }
  return { candidates, notUsed, numThreads, first };
}

/**
 * Creates a session on the first backend that works. Throws, listing every backend's
 * reason, when none does. `prepared` (from `prepareWebRuntime`, started earlier) saves the
 * initialisation; without it, it is done here.
 */
export async function createWebEmissionModel(
  onnxBytes: Uint8Array,
  config: ModelConfig,
  preference: BackendPreference = 'auto',
  prepared?: Promise<PreparedWebRuntime>,
  /** The head file's JSON of an adapted bundle (config ner.head; core/bundle/head.ts). */
  headJson?: unknown,
): Promise<WebEmissionModel> {
  const runtime = await (prepared ?? prepareWebRuntime(preference));
  const { candidates, numThreads } = runtime;
  const notUsed = [...runtime.notUsed];
  let session: Ort.InferenceSession | null = null;
  let chosen: Candidate | null = null;
  let ort: OrtModule | null = null;
  for (const [index, candidate] of candidates.entries()) {
    try {
      ort = (index === 0 ? runtime.first : null) ?? (await loadOrt(candidate.backend, numThreads));
      giveAdapter(ort, candidate);
      session = await ort.InferenceSession.create(onnxBytes, {
        executionProviders: [candidate.backend],
        graphOptimizationLevel: 'all',
      });
      chosen = candidate;
      break;
    } catch (error) {
      // e.g. offline before the WebGPU build was ever fetched: the WASM build is precached
      notUsed.push({ backend: candidate.backend, reason: `session creation failed: ${messageOf(error)}` });
    }
  }
  if (!session || !chosen || !ort) {
    const reasons = notUsed.map(({ backend, reason }) => `${backend}: ${reason}`).join('; ');
    throw new Error(`no ONNX Runtime backend could run the model (${reasons})`);
  }
  const activeSession = session;
  const { Tensor } = ort;
  return {
    runEmissions: config.head
      ? headEmissionRunner(ort.Tensor, activeSession, config, parseHead(headJson, config.labels, config.head.file), config.onnxPath)
      : emissionRunner(ort.Tensor, activeSession, config, { where: config.onnxPath }),
    featureRunner: () => featureRunner(Tensor, activeSession, config, config.onnxPath),
    report: {
      backend: chosen.backend,
      numThreads,
      crossOriginIsolated: globalThis.crossOriginIsolated === true,
      adapter: chosen.backend === 'webgpu' ? summarizeAdapter(chosen.adapter) : null,
      notUsed,
      ortVersion: ort.env.versions.web ?? 'unknown',
    },
    release: () => activeSession.release(),
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
