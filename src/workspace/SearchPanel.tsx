/**
 * Search across documents with bulk actions (issue 14, part 3): where a text occurs in every
 * document and what stands there (a proposal, a person's decision, nothing), and one decision for
 * every occurrence in every document, never over a person's decision, as one step with its undo
 * (useWorkspace `applyToAllDocuments`, annotation/occurrences.ts).
 */
import { useDeferredValue, useMemo, useState } from 'react';
import { type OccurrenceState, searchDocuments } from '../annotation/occurrences';
import { entityTypeInfo } from '../view/entity-types';
import { useT } from '../view/i18n';
import { useFormat } from '../view/messages';
import { currentDocuments } from './tab-sync';
import type { WorkspaceApi } from './useWorkspace';

/** Shorter searches match too much to act on at once. */
const MIN_SEARCH = 1;
const SHOWN_HITS = 50;

/** "proposed PER ×2, not marked ×1": what stands at the occurrences, in the order first met. */
function describe(occurrences: readonly OccurrenceState[], f: ReturnType<typeof useFormat>): string {
  const counts = new Map<string, { state: 'open' | 'proposed' | 'decided'; label: string; count: number }>();
  for (const o of occurrences) {
    const { state } = o;
    const label = state === 'open' ? '' : (o.label ?? '');
    const key = `${state} ${label}`;
    const seen = counts.get(key);
    counts.set(key, { state, label, count: (seen?.count ?? 0) + 1 });
  }
  return [...counts.values()].map((params) => f('occurrenceState', params)).join(', ');
}

export function SearchPanel({ workspace, types }: { readonly workspace: WorkspaceApi; readonly types: readonly string[] }) {
  const t = useT();
  const f = useFormat();
  const [query, setQuery] = useState('');
  const [label, setLabel] = useState<string>('');
  const { documents, current, history } = workspace;
  const surface = useDeferredValue(query.trim());
  const hits = useMemo(() => {
    if (surface.length < MIN_SEARCH) return [];
    return searchDocuments(currentDocuments({ documents, currentId: current?.id ?? null, history }), surface);
  }, [documents, current, history, surface]);
  const total = hits.reduce((n, hit) => n + hit.occurrences.length, 0);
  const all = hits.flatMap((hit) => hit.occurrences);
  const chosen = label || types[0] || '';
  const proposals = all.filter((o) => o.state === 'proposed').length;

  return (
    <section className="search" aria-label="Search all documents">
      <h3>{t('searchAll')}</h3>
      <input
        type="search"
        data-testid="search-input"
        lang="ko"
        aria-label="Text to find in every document"
        placeholder="text to find · 찾을 말"
        value={query}
        onChange={(event) => setQuery(event.target.value)}
      />
      {surface.length >= MIN_SEARCH && (
        <>
          <p className="muted" data-testid="search-summary" role="status">
            {f('searchSummary', { surface, total, documents: hits.length, states: total > 0 ? describe(all, f) : '' })}
          </p>
          <ul className="search-hits">
            {hits.slice(0, SHOWN_HITS).map(({ document, occurrences }) => (
              <li key={document.id} data-testid="search-hit" data-id={document.id}>
                <button type="button" className="doc-name" onClick={() => workspace.select(document.id)} aria-current={document.id === current?.id ? 'true' : undefined}>
                  {document.name || t('untitled')}
                </button>{' '}
                <span className="muted">{describe(occurrences, f)}</span>
              </li>
            ))}
          </ul>
          {hits.length > SHOWN_HITS && <p className="muted">{f('moreDocuments', { count: hits.length - SHOWN_HITS })}</p>}
          {total > 0 && (
            <div className="search-actions" role="group" aria-label="For every occurrence">
              <label>
                {t('labelEveryAs')}{' '}
                <select data-testid="search-label" value={chosen} onChange={(event) => setLabel(event.target.value)}>
                  {types.map((type) => (
                    <option key={type} value={type}>
                      {type} {entityTypeInfo(type).korean}
                    </option>
                  ))}
                </select>
              </label>{' '}
              <button type="button" data-testid="search-label-all" disabled={!chosen} onClick={() => workspace.applyToAllDocuments(surface, { kind: 'label', label: chosen })}>
                {t('labelAll')}
              </button>{' '}
              <button type="button" data-testid="search-reject-all" disabled={proposals === 0} onClick={() => workspace.applyToAllDocuments(surface, { kind: 'reject' })}>
                {f('rejectProposals', { count: proposals })}
              </button>
              <p className="muted">{t('decisionsStay')}</p>
            </div>
          )}
        </>
      )}
      {workspace.acrossUndo && (
        <button type="button" data-testid="search-undo" onClick={workspace.undoAcross}>
          {f('undoAcrossButton', { surface: workspace.acrossUndo.surface, documents: workspace.acrossUndo.before.size })}
        </button>
      )}
    </section>
  );
}
