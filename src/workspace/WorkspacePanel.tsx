/**
 * The Documents view's panel: the list (open, rename, delete, undo a delete, a new document), the
 * batch run, search across documents, import, export and backup. The save status and notices are
 * WorkspaceStatus (every view); undo, accept all and "done" are the text views' (Annotate).
 */
import { useMemo, useState } from 'react';
import { reviewCounts } from '../annotation/review';
import { CONLL_TOKENS, type ConllTokens } from '../formats/conll';
import { exportSummary } from '../formats/export-summary';
import { useT } from '../view/i18n';
import { useFormat } from '../view/messages';
import { EXPORTS, EXPORT_FORMATS, IMPORT_FORMATS, IMPORT_TITLES, type ImportFormat } from '../formats/formats';
import type { TxtMode } from '../formats/txt';
import type { MaskStyle } from '../core/redact/mask';
import { BatchPanel } from './BatchPanel';
import { SearchPanel } from './SearchPanel';
import type { BatchRun } from './useBatchRun';
import type { WorkspaceApi } from './useWorkspace';
import './workspace.css';

/** sessionStorage keys of the export options "include unreviewed model proposals" and "include identifiers found by rules". */
const INCLUDE_PENDING_KEY = 'korean-ner:export-include-pending';
const INCLUDE_IDENTIFIERS_KEY = 'korean-ner:export-include-identifiers';

/** A yes/no setting kept for this tab's session (sessionStorage), false when storage is unavailable. */
function useSessionFlag(key: string): [boolean, (value: boolean) => void] {
  const [value, setValue] = useState(() => {
    try {
      return sessionStorage.getItem(key) === '1';
    } catch {
      return false;
    }
  });
  const set = (next: boolean) => {
    setValue(next);
    try {
      sessionStorage.setItem(key, next ? '1' : '0');
    } catch {
      // Storage blocked: the setting lasts as long as the page.
    }
  };
  return [value, set];
}

interface Props {
  readonly workspace: WorkspaceApi;
  readonly batch: BatchRun;
  readonly modelReady: boolean;
  /** The masked view's choices, which "masked text" exports use. */
  readonly mask: { readonly style: MaskStyle; readonly types: ReadonlySet<string> };
  /** The model's entity types (search's "label every occurrence as"). */
  readonly types: readonly string[];
  /** The page's tag set: an imported document whose labels fit no known tag set alone takes it. */
  readonly tagSet?: string;
}

export function WorkspacePanel({ workspace, batch, modelReady, mask, types, tagSet }: Props) {
  const [format, setFormat] = useState<ImportFormat | 'auto'>('auto');
  const [txtMode, setTxtMode] = useState<TxtMode>('whole');
  const [renaming, setRenaming] = useState<string | null>(null);
  const [includePending, setIncludePending] = useSessionFlag(INCLUDE_PENDING_KEY);
  const [includeIdentifiers, setIncludeIdentifiers] = useSessionFlag(INCLUDE_IDENTIFIERS_KEY);
  const [conllTokens, setConllTokens] = useState<ConllTokens>('words');
  const t = useT();
  const f = useFormat();
  const { documents, current } = workspace;
  const summary = useMemo(() => exportSummary(documents, includePending), [documents, includePending]);

  return (
    <div className="workspace documents-grid">
      <section className="documents-list" id="documents" tabIndex={-1} aria-labelledby="documents-heading">
      <h2 id="documents-heading">{t('documents')}</h2>
      {workspace.trash.length > 0 && (
        <p className="muted" data-testid="trash" role="status">
          {f('deletedDocument', { name: workspace.trash[workspace.trash.length - 1].name, count: workspace.trash.length })}{' '}
          <button type="button" data-testid="undo-delete" onClick={() => void workspace.restoreDeleted()}>
            {t('undoDelete')}
          </button>
        </p>
      )}
      <ul className="doc-list">
        {documents.map((document) => (
          <li
            key={document.id}
            data-testid="doc-item"
            data-id={document.id}
            data-done={document.done ? 'true' : 'false'}
            aria-current={document.id === current?.id ? 'true' : undefined}
          >
            {renaming === document.id ? (
              <input
                aria-label={t('documentName')}
                defaultValue={document.name}
                autoFocus
                onKeyDown={(event) => {
                  if (event.key === 'Enter') {
                    workspace.rename(document.id, event.currentTarget.value);
                    setRenaming(null);
                  } else if (event.key === 'Escape') setRenaming(null);
                }}
                onBlur={(event) => {
                  workspace.rename(document.id, event.currentTarget.value);
                  setRenaming(null);
                }}
              />
            ) : (
              <button type="button" className="doc-name" onClick={() => workspace.select(document.id)}>
                {document.name || t('untitled')}
              </button>
            )}
            <span className="doc-counts muted" data-testid="doc-counts">
              {document.done && (
                <span className="done-badge" data-testid="doc-done">
                  {t('done')}
                </span>
              )}{' '}
              {f('reviewCounts', reviewCounts(document.entities))}
            </span>
            <button type="button" aria-label={f('renameDocument', { name: document.name })} onClick={() => setRenaming(document.id)}>
              ✎
            </button>
            <button type="button" aria-label={f('deleteDocument', { name: document.name })} data-testid="delete-doc" onClick={() => void workspace.remove(document.id)}>
              ✕
            </button>
          </li>
        ))}
      </ul>
      <div className="doc-actions">
        <button type="button" data-testid="new-doc" onClick={() => workspace.newDocument()}>
          {t('newDocument')}
        </button>
      </div>
      </section>
      <div className="documents-tools">
        <SearchPanel workspace={workspace} types={types} />
        <BatchPanel batch={batch} ready={modelReady} />
      </div>
      <div className="documents-files">
      <fieldset className="import">
        <legend>{t('importLegend')}</legend>
        <label>
          {t('importFormat')}{' '}
          <select data-testid="import-format" value={format} onChange={(event) => setFormat(event.target.value as ImportFormat | 'auto')}>
            <option value="auto">{t('importAuto')}</option>
            {IMPORT_FORMATS.map((name) => (
              <option key={name} value={name}>
                {IMPORT_TITLES[name]}
              </option>
            ))}
          </select>
        </label>{' '}
        <label>
          {t('plainText')}{' '}
          <select data-testid="import-txt-mode" value={txtMode} onChange={(event) => setTxtMode(event.target.value as TxtMode)}>
            <option value="whole">{t('txtWhole')}</option>
            <option value="lines">{t('txtLines')}</option>
          </select>
        </label>
        <input
          type="file"
          data-testid="import-file"
          aria-label={t('importFile')}
          accept=".txt,.jsonl,.json,.conll,.bio,.iob,.tsv"
          onChange={(event) => {
            const file = event.currentTarget.files?.[0];
            event.currentTarget.value = '';
            if (file) void workspace.importFromFile(file, { format: format === 'auto' ? undefined : format, txtMode }, tagSet);
          }}
        />
      </fieldset>
      <fieldset className="export">
        <legend>{t('exportLegend')}</legend>
        <div className="export-what" role="radiogroup" aria-label={t('exportWhat')}>
          <label>
            <input type="radio" name="export-what" data-testid="export-decided-only" checked={!includePending} onChange={() => setIncludePending(false)} /> {t('decidedOnly')}
          </label>
          <label title={t('everythingTitle')}>
            <input type="radio" name="export-what" data-testid="export-include-pending" checked={includePending} onChange={() => setIncludePending(true)} /> {t('everything')}
          </label>
        </div>
        <label title={t('identifiersTitle')}>
          <input type="checkbox" data-testid="export-include-identifiers" checked={includeIdentifiers} onChange={(event) => setIncludeIdentifiers(event.target.checked)} />{' '}
          {t('includeIdentifiers')}
        </label>
        <p className="export-summary" data-testid="export-summary" aria-live="polite">
          {f('exportSummary', summary)}
          {includeIdentifiers && f('exportIdentifiersToo')}
        </p>
        <label title={t('conllTitle')}>
          {t('conllTokens')}{' '}
          <select data-testid="export-conll-tokens" value={conllTokens} onChange={(event) => setConllTokens(event.target.value as ConllTokens)}>
            {CONLL_TOKENS.map((mode) => (
              <option key={mode} value={mode}>
                {t(mode === 'words' ? 'conllWords' : 'conllSyllables')}
              </option>
            ))}
          </select>
        </label>
        {EXPORT_FORMATS.map((name) => (
          <button key={name} type="button" data-testid={`export-${name}`} onClick={() => void workspace.exportAll(name, { includePending, includeIdentifiers, conllTokens })}>
            {EXPORTS[name].title}
          </button>
        ))}
        <button
          type="button"
          data-testid="export-masked"
          title={t('maskedExportTitle')}
          onClick={() => void workspace.exportAllMasked(mask.style, mask.types)}
        >
          {t('maskedExport')}
        </button>
      </fieldset>
      <fieldset className="backup">
        <legend>{t('backup')}</legend>
        <p className="muted">{t('backupIntro')}</p>
        <button type="button" data-testid="backup-export" onClick={() => void workspace.exportBackup()}>
          {t('backupAll')}
        </button>{' '}
        <label>
          {t('restoreBackup')}{' '}
          <input
            type="file"
            data-testid="backup-restore"
            accept=".json,application/json"
            onChange={(event) => {
              const file = event.currentTarget.files?.[0];
              event.currentTarget.value = '';
              if (file) void workspace.restoreBackup(file);
            }}
          />
        </label>
      </fieldset>
      </div>
    </div>
  );
}
