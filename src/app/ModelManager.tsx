/**
 * "Models": the built-in bundles and those a person loaded (a folder, files, a .zip or a URL),
 * each with its card; use one, remove an installed one. Built-in models cannot be removed.
 * Storage and checks: src/models (useModelStore, install.worker, model-store).
 */
import { useContext, useEffect, useState, type ChangeEvent, type FormEvent } from 'react';
import { type ModelCardInfo, tagSetsOfInfo } from '../models/model-info';
import { LanguageContext, useT } from '../view/i18n';
import { say, useFormat, useFormatMessage } from '../view/messages';
import { NoticeLine } from '../view/notice';
import type { GivenFile, InstallSource } from '../models/install-protocol';
import { INSTALLED_PREFIX } from '../models/model-store';
import { useModelStore } from '../models/useModelStore';
import { DEFAULT_MODEL_ID, listedModels } from '../models/model-choice';
import { metricTitle, shownMetrics } from './model-metrics';
import { formatBytes } from './ModelStatus';
import { heldOutOf } from './model-metrics';
import { AdaptPanel } from './AdaptPanel';
import type { NerWorker } from '../worker/useNerWorker';
import type { AnnotatedDocument } from '../annotation/document';
import { readInstalledFiles } from '../models/model-store';
import { zipBundle } from '../models/bundle-zip';
import { download } from '../workspace/download';
import './model-manager.css';

export interface ModelManagerProps {
  /** The model in use: a built-in folder name or `installed:<id>`. */
  readonly selected: string;
  readonly onSelect: (modelId: string) => void;
  /** The NER worker and the workspace's documents: with both, the model can be adapted to them (AdaptPanel). */
  readonly ner?: Pick<NerWorker, 'state' | 'adapt'>;
  readonly documents?: readonly AnnotatedDocument[];
}

const MODELS_BASE_URL = new URL(`${import.meta.env.BASE_URL}models/`, location.href).href;

export function ModelManager({ selected, onSelect, ner, documents }: ModelManagerProps) {
  // Which built-ins are listed is fixed at load: the test bundle shows only when the address asked for it.
  const [builtinIds] = useState(() => listedModels(selected));
  const store = useModelStore(builtinIds, MODELS_BASE_URL);
  const { installed, setNotice } = store;
  const [url, setUrl] = useState('');

  // A remembered model that is gone (removed in another tab, evicted by the browser): back to the default.
  useEffect(() => {
    if (installed === null || !selected.startsWith(INSTALLED_PREFIX)) return;
    const id = selected.slice(INSTALLED_PREFIX.length);
    if (!installed.some((model) => model.id === id)) {
      setNotice({ kind: 'error', message: say('modelGone', { id }) });
      onSelect(DEFAULT_MODEL_ID);
    }
  }, [installed, selected, onSelect, setNotice]);

  const install = async (source: InstallSource) => {
    const model = await store.install(source);
    if (model) onSelect(`${INSTALLED_PREFIX}${model.id}`);
  };

  const onFiles = (event: ChangeEvent<HTMLInputElement>, fromFolder: boolean) => {
    const input = event.currentTarget;
    const files = [...(input.files ?? [])];
    input.value = ''; // so that choosing the same files again fires again
    if (files.length === 0) return;
    const given: GivenFile[] = files.map((file) => ({ path: file.webkitRelativePath || file.name, file }));
    const label = fromFolder
      ? `folder ${given[0].path.split('/')[0]}`
      : files.length === 1 && /\.zip$/i.test(files[0].name)
        ? `zip ${files[0].name}`
        : `${files.length} files`;
    void install({ kind: 'files', files: given, label });
  };

  const onUrl = (event: FormEvent) => {
    event.preventDefault();
    if (url.trim()) void install({ kind: 'url', url: url.trim(), label: url.trim() });
  };

  const exportZip = async (id: string) => {
    setNotice(null);
    try {
      download(`${id}.zip`, zipBundle(id, await readInstalledFiles(id)), 'application/zip');
    } catch (error) {
      setNotice({ kind: 'error', message: say('modelNotExported', { detail: error instanceof Error ? error.message : String(error) }) });
    }
  };

  const remove = async (id: string) => {
    const modelId = `${INSTALLED_PREFIX}${id}`;
    if (await store.remove(id)) {
      if (selected === modelId) onSelect(DEFAULT_MODEL_ID);
      setNotice({ kind: 'info', message: say('modelRemoved', { id }) });
    }
  };

  const t = useT();
  const words = useFormatMessage();
  const f = useFormat();
  const busy = store.busy !== null;
  return (
    <section className="model-manager" aria-label="Models" data-testid="model-manager">
      <h2>{t('models')}</h2>
      <ul className="model-list" data-testid="model-list">
        {store.builtins.map((model) => (
          <ModelRow key={model.id} modelId={model.id} card={model.card} source="built-in" selected={selected === model.id} busy={busy} onUse={onSelect} />
        ))}
        {(installed ?? []).map((model) => (
          <ModelRow
            key={model.id}
            modelId={`${INSTALLED_PREFIX}${model.id}`}
            card={model.card}
            source={model.source}
            selected={selected === `${INSTALLED_PREFIX}${model.id}`}
            busy={busy}
            onUse={onSelect}
            onRemove={() => void remove(model.id)}
            onExport={() => void exportZip(model.id)}
          />
        ))}
      </ul>
      {ner && documents && <AdaptPanel ner={ner} documents={documents} onAdapted={() => void store.refresh()} />}
      <details className="load-model">
        <summary>{t('loadModel')}</summary>
        <p className="muted">{t('bundleIntro')}</p>
        <div className="load-inputs">
          <label>
            {t('folder')}{' '}
            <input type="file" data-testid="load-folder" disabled={busy} onChange={(event) => onFiles(event, true)} {...{ webkitdirectory: '' }} />
          </label>
          <label>
            {t('filesOrZip')}{' '}
            <input type="file" multiple data-testid="load-files" disabled={busy} onChange={(event) => onFiles(event, false)} />
          </label>
          <form onSubmit={onUrl}>
            {/* type="text": a path like /models/x/ is the usual answer, and type="url" would refuse it. */}
            <input
              type="text"
              inputMode="url"
              data-testid="load-url"
              aria-label={t('bundleUrl')}
              aria-describedby="load-url-help"
              placeholder={t('bundleUrlPlaceholder')}
              value={url}
              disabled={busy}
              onChange={(event) => setUrl(event.target.value)}
            />{' '}
            <button type="submit" disabled={busy || !url.trim()}>
              {t('loadFromUrl')}
            </button>
          </form>
          <p className="muted" id="load-url-help" data-testid="load-url-help">
            {f('loadUrlHelp', { origin: location.origin })}
          </p>
        </div>
      </details>
      {store.busy !== null && (
        <p className="muted" role="status" data-testid="model-install-status">
          {words(store.busy)}
        </p>
      )}
      {store.notice && <NoticeLine notice={store.notice} testId={`model-notice-${store.notice.kind}`} />}
    </section>
  );
}

interface ModelRowProps {
  readonly modelId: string;
  readonly card: ModelCardInfo | null;
  readonly source: string;
  readonly selected: boolean;
  readonly busy: boolean;
  readonly onUse: (modelId: string) => void;
  readonly onRemove?: () => void;
  readonly onExport?: () => void;
}

function ModelRow({ modelId, card, source, selected, busy, onUse, onRemove, onExport }: ModelRowProps) {
  const language = useContext(LanguageContext);
  const t = useT();
  const f = useFormat();
  const metrics = card ? shownMetrics(card.metrics) : [];
  const heldOut = card ? heldOutOf(card.metrics) : null;
  return (
    <li className={`model-row${selected ? ' selected' : ''}`} data-testid="model-item" data-model-id={modelId} data-selected={selected ? 'true' : 'false'}>
      <div className="model-row-head">
        <strong>{card?.name ?? modelId}</strong> {card && <span className="muted">v{card.version}</span>}
        {selected ? (
          <span className="badge" aria-label={t('inUse')}>
            {t('inUse')}
          </span>
        ) : (
          <button type="button" disabled={busy} onClick={() => onUse(modelId)}>
            {t('use')}
          </button>
        )}
        {onRemove && (
          <button type="button" disabled={busy} onClick={onRemove} aria-label={f('removeModel', { name: card?.name ?? modelId })}>
            {t('remove')}
          </button>
        )}
        {onExport && (
          <button type="button" data-testid="model-export" disabled={busy} onClick={onExport}>
            {t('exportZip')}
          </button>
        )}
      </div>
      {card && (
        <dl className="model-row-card">
          <dt>{t('license')}</dt>
          <dd data-testid="model-item-license">{card.license}</dd>
          <dt>{t('tagSets')}</dt>
          <dd data-testid="model-item-tag-sets">
            {tagSetsOfInfo(card).map((tagSet, index) => (
              <span key={tagSet.name} data-tag-set={tagSet.name}>
                {index > 0 && '; '}
                {tagSet.title === tagSet.name ? tagSet.name : `${tagSet.title} [${tagSet.name}]`}
                {tagSet.license !== card.license && <span className="muted"> ({tagSet.license})</span>}
              </span>
            ))}
          </dd>
          <dt>{t('labels')}</dt>
          <dd data-testid="model-item-labels" title={card.labels.join(' ')}>
            {card.labels.length} ({card.entityTypes.join(', ') || t('noEntityTypes')})
          </dd>
          {heldOut && (
            <div className="model-row-metric">
              <dt>{t('heldOutF1')}</dt>
              <dd data-testid="model-item-held-out-f1" data-adapted={heldOut.adapted ?? ''} data-base={heldOut.base ?? ''}>
                {f('heldOutComparison', heldOut)}
              </dd>
            </div>
          )}
          {metrics.map(([name, value]) => (
            <div key={name} className="model-row-metric">
              <dt title={name}>{metricTitle(name, language)}</dt>
              <dd>{value}</dd>
            </div>
          ))}
          <dt title={t('allFilesTitle')}>{t('allFiles')}</dt>
          <dd data-testid="model-item-size">{card.bytes > 0 ? formatBytes(card.bytes) : '—'}</dd>
          <dt>{t('source')}</dt>
          <dd data-testid="model-item-source">{source}</dd>
        </dl>
      )}
    </li>
  );
}
