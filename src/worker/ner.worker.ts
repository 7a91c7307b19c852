/**
 * The NER worker: loads a bundle (/models/<id>/) with per-file progress, validates it,
 * opens the ONNX session (ort-web.ts picks the backend), warms it up, then answers
 * `analyze` requests one at a time. Messages: protocol.ts.
 */
import { MODEL_CARD_PATH, onnxFileOf, readBundleFiles, verifyBundleFiles } from '../core/bundle/bundle';
import { AnalysisStopped, createPipeline, type AnalyzeProgress, type Pipeline, type RunEmissions } from '../core/pipeline';
import { chooseBackends, createWebEmissionModel, prepareWebRuntime, type WebEmissionModel } from '../runtime/ort-web';
import { batchesAcrossGroups, type BackendName } from '../runtime/backends';
import { installedIdOfUrl, readInstalledFile } from '../models/model-store';
import { modelInfoOf } from '../models/model-info';
import { fetchWithProgress, throttleProgress } from '../models/fetch-progress';
import { MAX_TEXT_LENGTH, type AdaptRequest, type AnalyzeRequest, type LoadRequest, type WorkerReply, type WorkerRequest } from './protocol';
import type { BundleFiles } from '../core/bundle/bundle';
import type { RunFeatures } from '../core/adapt/sequences';
import { AdaptCancelled, runAdaptJob } from './adapt-job';
import { adaptableProblem } from '../core/adapt/adapted-bundle';

const scope = self as unknown as DedicatedWorkerGlobalScope;

/**
 * Warm-up runs before the page is told the model is ready, per backend. WebGPU: one run of a short
 * sentence compiles the shaders before the first real text. WASM: none. Its first run is slower (the
 * engine tiers the code up), but a dummy run costs more than it saves: 20 alternating cold starts
 * from the cache each way, in-page clock (bench/app-bench.ts's observer): ready 1,126 ms and first
 * marks 1,247 ms without it, 1,347 ms and 1,432 ms with one run (medians, 2026-12-02). One run at most:
 * the pipeline keeps what it analysed, so a second run of the same text would not run the model.
 */
const WARMS_UP: Readonly<Record<BackendName, boolean>> = { wasm: false, webgpu: true };
const WARMUP_TEXT = '김민준 씨는 2024년 3월 15일 오후 2시 서울 종로구에서 삼성전자 관계자를 만나 30분 동안 이야기했다.';
/**
 * A long analysis sends what it has this often (and not before): each partial costs the page a
 * render, so an edit that re-runs a group or two (tens of ms) sends none. Except once the edited
 * sentences (the request's focusChar) are done while the rest still runs: that one goes at once.
 */
const PARTIAL_INTERVAL_MS = 300;
/**
 * A text this short is analysed whole in about the time of one partial's render (a 1,000-character
 * paste: about 130 ms of pipeline): no partial, not even the edited sentences', so the page draws
 * once and its render does not take a core from the model's two threads while they run.
 */
const PARTIALS_FROM_CHARS = 3_000;

interface Loaded {
  readonly pipeline: Pipeline;
  readonly model: WebEmissionModel;
  readonly bundle: BundleFiles;
  /** A file of the loaded bundle: those read at load from memory, others from where it came from. */
  readonly readFile: (path: string) => Promise<Uint8Array | null>;
}

let loaded: Loaded | null = null;
let loadError: string | null = null;
/** Requests run one at a time, in arrival order. */
let queue: Promise<void> = Promise.resolve();
/** The newest replaceable request: an older one still queued is skipped. */
let newestReplaceableId = -Infinity;
/** The adaptation running (one at a time), and whether it was asked to stop. */
let adapting: { readonly id: number; cancelled: boolean } | null = null;

/**
 * Lets the messages waiting for this worker in (a newer request) after each model call. ONNX
 * Runtime's WASM run resolves without giving the event loop a turn, so without this a long analysis
 * read no message until its end, and its isStale never saw the newer request that should stop it.
 * A message channel, not a timer: timers chained this way are clamped to 4 ms each.
 */
function messagesIn(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

function post(reply: WorkerReply): void {
  scope.postMessage(reply);
}

function enqueue(task: () => Promise<void>): void {
  queue = queue.then(task).catch((error: unknown) => post({ status: 'error', id: null, message: messageOf(error) }));
}

scope.onmessage = (event: MessageEvent<WorkerRequest>) => {
  const request = event.data;
  switch (request.type) {
    case 'load':
      enqueue(() => load(request));
      break;
    case 'analyze':
      if (request.replaceable) newestReplaceableId = Math.max(newestReplaceableId, request.id);
      enqueue(() => analyze(request));
      break;
    case 'adapt':
      void adapt(request);
      break;
    case 'cancel-adapt':
      if (adapting?.id === request.id) adapting.cancelled = true;
      break;
    default: {
      const unknown: never = request;
      post({ status: 'error', id: null, message: `unknown request type ${JSON.stringify((unknown as { type?: unknown }).type)}` });
    }
  }
};

async function load(request: LoadRequest): Promise<void> {
  const started = performance.now();
  post({ status: 'loading', modelUrl: request.modelUrl });
  if (loaded) {
    const previous = loaded;
    loaded = null;
    await previous.model.release();
  }
  loadError = null;
  // ONNX Runtime initialises while the bundle is fetched and checked
  const backends = chooseBackends(request.backend);
  const runtime = prepareWebRuntime(request.backend, backends);
  try {
    // An installed bundle (src/models/model-store.ts) is read from Cache Storage, not the network.
    const installedId = installedIdOfUrl(request.modelUrl);
    // Every file read, checked at the end against config.json's digests (ner.files): no mix of
    // two versions of a model, whatever the server or a cache answered.
    const fetched = new Map<string, Uint8Array>();
    const fetchFile = async (path: string) => {
      let bytes: Uint8Array | null;
      if (installedId === null) {
        bytes = await fetchWithProgress(
          new URL(path, request.modelUrl).href,
          throttleProgress((loadedBytes, total, done) => post({ status: 'progress', file: path, loaded: loadedBytes, total, done })),
        );
      } else {
        bytes = await readInstalledFile(installedId, path);
        if (bytes !== null) post({ status: 'progress', file: path, loaded: bytes.byteLength, total: bytes.byteLength, done: true });
      }
      if (bytes !== null) fetched.set(path, bytes);
      return bytes;
    };
    const decoder = new TextDecoder();
    const bundle = await readBundleFiles(async (path) => {
      const bytes = await fetchFile(path);
      return bytes === null ? null : decoder.decode(bytes);
    });
    const { modelConfig } = bundle;
    // WebGPU runs the fp32 file: int8 gains nothing there (ONNX Runtime Web runs integer MatMuls on
    // the CPU), and its WebGPU DequantizeLinear gets uint8 with a zero point wrong (onnxruntime #32578)
    const onWebGpu = (await backends).candidates[0]?.backend === 'webgpu';
    const onnxPath = onnxFileOf(modelConfig, request.quantized && !onWebGpu);
    const [onnxBytes, modelCardBytes] = await Promise.all([fetchFile(onnxPath), fetchFile(MODEL_CARD_PATH).catch(() => null)]);
    if (onnxBytes === null) throw new Error(`model bundle: missing file ${onnxPath}`);
    await verifyBundleFiles(modelConfig, fetched);

    const model = await createWebEmissionModel(onnxBytes, modelConfig, request.backend, runtime, bundle.head);
    const runEmissions: RunEmissions = async (batch, output) => {
      const logits = await model.runEmissions(batch, output);
      await messagesIn();
      return logits;
    };
    const pipeline = createPipeline({ ...bundle, runEmissions, batchAcrossGroups: batchesAcrossGroups(modelConfig, onnxPath, model.report.backend) });
    const msLoad = performance.now() - started;
    if (WARMS_UP[model.report.backend]) await pipeline.analyze(WARMUP_TEXT);
    const msWarmup = performance.now() - started - msLoad;
    const readFile = async (path: string) => fetched.get(path) ?? (installedId === null ? fetchWithProgress(new URL(path, request.modelUrl).href, () => {}) : readInstalledFile(installedId, path));
    loaded = { pipeline, model, bundle, readFile };
    post({
      status: 'ready',
      model: {
        ...modelInfoOf(modelConfig),
        maxSeqLength: modelConfig.maxSeqLength,
        onnxFile: onnxPath,
        onnxBytes: onnxBytes.byteLength,
        modelCard: modelCardBytes === null ? null : decoder.decode(modelCardBytes),
        adaptProblem: adaptableProblem(bundle.config),
      },
      backend: model.report,
      msLoad,
      msWarmup,
    });
  } catch (error) {
    loadError = `model ${request.modelUrl} could not be loaded: ${messageOf(error)}`;
    post({ status: 'error', id: null, message: loadError });
  }
}

async function analyze(request: AnalyzeRequest): Promise<void> {
  const { id, text } = request;
  if (request.replaceable && id < newestReplaceableId) {
    post({ status: 'skipped', id });
    return;
  }
  try {
    if (typeof text !== 'string') throw new Error(`expected the text to be a string, got ${typeof text}`);
    if (text.length > MAX_TEXT_LENGTH) {
      throw new Error(`the text has ${text.length.toLocaleString('en')} characters; the limit is ${MAX_TEXT_LENGTH.toLocaleString('en')}`);
    }
    if (!loaded) throw new Error(loadError ?? 'no model is loaded yet');
    const started = performance.now();
    // A live request gives way to a newer one between model calls; what it finished is kept.
    const isStale = request.replaceable ? () => id < newestReplaceableId : undefined;
    let lastSent = started;
    const onProgress = text.length < PARTIALS_FROM_CHARS ? undefined : ({ done, focusDone, entities }: AnalyzeProgress) => {
      const now = performance.now();
      if (!focusDone && now - lastSent < PARTIAL_INTERVAL_MS) return;
      lastSent = now;
      post({ status: 'partial', id, done, entities: entities() });
    };
    const { entities, stats, tagSet } = await loaded.pipeline.analyze(text, { isStale, onProgress, tagSet: request.tagSet, focusChar: request.focusChar });
    post({ status: 'result', id, entities, tagSet, stats, msTotal: performance.now() - started });
  } catch (error) {
    if (error instanceof AnalysisStopped) post({ status: 'skipped', id });
    else post({ status: 'error', id, message: messageOf(error) });
  }
}

/**
 * Adapts the loaded model (adapt-job.ts). Its feature batches take turns in the queue with the
 * analyses; the fit runs outside the queue, in slices, so live analysis goes on meanwhile.
 */
async function adapt(request: AdaptRequest): Promise<void> {
  const { id } = request;
  if (adapting) {
    post({ status: 'adapt-failed', id, message: 'an adaptation is already running: wait for it or cancel it', cancelled: false });
    return;
  }
  const job = { id, cancelled: false };
  adapting = job;
  try {
    // after the loads asked for before it
    await new Promise<void>((resolve) => enqueue(async () => resolve()));
    const current = loaded;
    if (!current) throw new Error(loadError ?? 'no model is loaded yet');
    let features: RunFeatures | null = null;
    const runFeatures: RunFeatures = (batch) =>
      new Promise((resolve, reject) =>
        enqueue(async () => {
          try {
            features ??= current.model.featureRunner();
            resolve(await features(batch));
          } catch (error) {
            reject(error);
          }
        }),
      );
    await runAdaptJob(request, { bundle: current.bundle, readBaseFile: current.readFile, runFeatures, isCancelled: () => job.cancelled, post });
  } catch (error) {
    post({ status: 'adapt-failed', id, message: messageOf(error), cancelled: error instanceof AdaptCancelled });
  } finally {
    adapting = null;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
