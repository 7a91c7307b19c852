/** The backend indicator, the model download progress and the model card summary. */
import type { BackendReport } from '../runtime/ort-web';
import type { ModelSummary } from '../worker/protocol';
import type { FileProgress, WorkerState } from '../worker/useNerWorker';
import { useT } from '../view/i18n';
import { useFormat } from '../view/messages';

/** "wasm · 2 threads" or "webgpu · google swiftshader (software adapter)", as the params of `backend`. */
function backendParams(report: BackendReport) {
  if (report.backend === 'wasm') return { backend: 'wasm', threads: report.numThreads, adapter: null, software: false } as const;
  const adapter = report.adapter;
  return { backend: 'webgpu', threads: 0, adapter: adapter ? `${adapter.vendor} ${adapter.architecture}` : null, software: adapter?.isFallbackAdapter === true } as const;
}

export function BackendIndicator({ state }: { readonly state: WorkerState }) {
  const f = useFormat();
  if (state.phase !== 'ready') {
    return (
      <span className="backend" data-testid="backend" data-backend="">
        {state.phase === 'loading' ? f('backendStarting') : f('backendNone')}
      </span>
    );
  }
  const { backend } = state;
  const title = f('backendTitle', { version: backend.ortVersion, isolated: backend.crossOriginIsolated, notUsed: backend.notUsed });
  return (
    <span className="backend" data-testid="backend" data-backend={backend.backend} title={title}>
      {f('backend', backendParams(backend))}
    </span>
  );
}

/** Bytes so far over bytes expected, across the bundle's files; null when no size is known. */
function overallFraction(files: Readonly<Record<string, FileProgress>>): number | null {
  let loaded = 0;
  let total = 0;
  for (const file of Object.values(files)) {
    loaded += file.loaded;
    total += file.total ?? (file.done ? file.loaded : 0);
  }
  return total > 0 ? Math.min(1, loaded / total) : null;
}

export function LoadProgress({ state }: { readonly state: WorkerState }) {
  const f = useFormat();
  if (state.phase !== 'loading') return null;
  const fraction = overallFraction(state.files);
  const receivedBytes = Object.values(state.files).reduce((sum, file) => sum + file.loaded, 0);
  return (
    <div className="load-progress" role="status">
      <label>
        {f('downloadingModel')}
        <progress data-testid="model-progress" max={1} value={fraction ?? undefined} />
      </label>
      <span className="muted">{formatBytes(receivedBytes)}</span>
    </div>
  );
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

const NON_COMMERCIAL = /non[- ]?commercial|비영리/i;

/**
 * The running model: what it is for, its license, the file in use and its text card. Its
 * measured figures are in its row of the model list (ModelManager), drawn once, beside the others'.
 */
export function ModelCard({ model, msLoad, msWarmup }: { readonly model: ModelSummary; readonly msLoad: number; readonly msWarmup: number }) {
  const f = useFormat();
  const t = useT();
  return (
    <section className="model-card" data-testid="model-card" aria-label={t('model')}>
      <h2>{t('model')}</h2>
      <p className="model-name">
        {model.name} <span className="muted">v{model.version}</span>
      </p>
      <p data-testid="model-language">{t('modelLanguage')}</p>
      <p className="model-license">
        {t('licenseLabel')} <span data-testid="model-license">{model.license}</span>
      </p>
      {NON_COMMERCIAL.test(model.license) && (
        <p className="badge-noncommercial" data-testid="non-commercial">
          Non-commercial use only · 비상업적 용도로만 사용할 수 있습니다
        </p>
      )}
      <p className="muted" data-testid="model-runs" data-onnx-file={model.onnxFile}>
        {f('modelRuns', { file: model.onnxFile, size: formatBytes(model.onnxBytes), msLoad, msWarmup })}
      </p>
      {model.modelCard !== null && (
        <details>
          <summary>{t('modelCardSummary')}</summary>
          <pre className="model-card-text" tabIndex={0} role="region" aria-label={t('modelCardText')}>
            {model.modelCard}
          </pre>
        </details>
      )}
    </section>
  );
}
