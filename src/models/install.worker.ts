/**
 * The install worker: input (files, a .zip or a URL) -> checked bundle -> Cache Storage.
 * Off the page's thread because a bundle can be hundreds of MB (unzip, an ONNX session), and
 * in a worker of its own so that a model that fails (or exhausts memory) here never disturbs the
 * NER worker or the model in use. Messages: install-protocol.ts.
 */
import { createPipeline } from '../core/pipeline';
import { createWebEmissionModel } from '../runtime/ort-web';
import { fetchWithProgress, throttleProgress } from './fetch-progress';
import { MODEL_CARD_PATH, onnxFilesOf } from '../core/bundle/bundle';
import { bundleFilesFrom, checkBundle, installIdOf, readerOf, type CheckedBundle, type InputFile, type ReadBundleBytes } from './bundle-input';
import type { InstallReply, InstallRequest, InstallSource } from './install-protocol';
import { installFiles } from './model-store';
import { checkModelUrl, otherSiteMessage } from './model-url';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const TRIAL_TEXT = '김철수는 2024년 3월 서울에서 삼성전자 관계자를 만났다.';

function post(reply: InstallReply): void {
  scope.postMessage(reply);
}

scope.onmessage = (event: MessageEvent<InstallRequest>) => {
  const request = event.data;
  if (request?.type !== 'install') {
    post({ status: 'failed', message: `unknown request type ${JSON.stringify((request as { type?: unknown })?.type)}` });
    return;
  }
  install(request.source).catch((error: unknown) => post({ status: 'failed', message: messageOf(error) }));
};

async function install(source: InstallSource): Promise<void> {
  const read = source.kind === 'files' ? await readerOfFiles(source.files) : readerOfUrl(source.url);
  post({ status: 'progress', step: { kind: 'checking' } });
  const checked = await checkBundle(read);
  post({ status: 'progress', step: { kind: 'opening', file: checked.modelConfig.onnxPath } });
  await trialRun(checked);
  post({ status: 'progress', step: { kind: 'storing' } });
  const modelCardBytes = checked.files.get(MODEL_CARD_PATH);
  const result = await installFiles(installIdOf(checked.modelConfig.id), checked.files, {
    card: checked.card,
    source: `${source.kind === 'files' ? '' : 'URL '}${source.label}`,
    modelCard: modelCardBytes ? new TextDecoder().decode(modelCardBytes) : null,
  });
  post({ status: 'installed', ...result });
}

async function readerOfFiles(given: readonly { path: string; file: Blob }[]): Promise<ReadBundleBytes> {
  post({ status: 'progress', step: { kind: 'reading', files: given.length } });
  const input: InputFile[] = await Promise.all(given.map(async ({ path, file }) => ({ path, bytes: new Uint8Array(await file.arrayBuffer()) })));
  return readerOf(bundleFilesFrom(input));
}

/**
 * A bundle folder URL (files fetched by their bundle path), its config.json, or a .zip, on this
 * site only (model-url.ts: the page's policy lets it connect nowhere else).
 */
function readerOfUrl(text: string): ReadBundleBytes {
  const check = checkModelUrl(text, scope.location.href);
  if (!check.ok) throw new Error(check.message);
  const { url } = check;
  if (/\.zip$/i.test(url.pathname)) {
    let files: Promise<ReadBundleBytes> | null = null;
    return async (path) => {
      files ??= fetchBytes(url.href).then((bytes) => {
        if (bytes === null) throw new Error(`${url.href}: not found (HTTP 404)`);
        return readerOf(bundleFilesFrom([{ path: url.pathname, bytes }]));
      });
      return (await files)(path);
    };
  }
  const base = new URL(url.pathname.endsWith('/config.json') ? '.' : url.pathname.endsWith('/') ? url.href : `${url.href}/`, url);
  return (path) => fetchBytes(new URL(path, base).href);
}

async function fetchBytes(href: string): Promise<Uint8Array | null> {
  // A file path in config.json can name another site too (an absolute URL).
  if (new URL(href).origin !== scope.location.origin) throw new Error(otherSiteMessage(href, scope.location.origin));
  const file = href.slice(href.lastIndexOf('/') + 1);
  try {
    return await fetchWithProgress(
      href,
      throttleProgress((loaded, total) => {
        if (loaded > 0) post({ status: 'progress', step: { kind: 'downloading', file, loaded, total: total || null } });
      }),
    );
  } catch (error) {
    // fetch() rejects with a bare TypeError when no answer came, and when the page's policy
    // blocked a redirect to another site.
    if (error instanceof TypeError) {
      throw new Error(`could not fetch ${href}: this site did not answer (offline, or the server is down), or it redirected the request to another site, where this page does not connect`);
    }
    throw error;
  }
}

/** Opens every ONNX file of the bundle and analyses one sentence: the output must fit the labels. */
async function trialRun({ bundle, modelConfig, files }: CheckedBundle): Promise<void> {
  const onnxPaths = onnxFilesOf(modelConfig);
  for (const path of onnxPaths) {
    let model;
    try {
      // an adapted bundle's head (ner.head) is applied over the ONNX outputs, as the NER worker does
      model = await createWebEmissionModel(files.get(path)!, { ...modelConfig, onnxPath: path }, 'wasm', undefined, bundle.head);
    } catch (error) {
      throw new Error(`${path}: not a model ONNX Runtime can open (truncated or not ONNX?): ${messageOf(error)}`);
    }
    try {
      const pipeline = createPipeline({ ...bundle, runEmissions: model.runEmissions });
      await pipeline.analyze(TRIAL_TEXT);
    } catch (error) {
      throw new Error(`${path}: a trial analysis failed (does its output fit config.json's ${modelConfig.labels.length} labels?): ${messageOf(error)}`);
    } finally {
      await model.release();
    }
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
