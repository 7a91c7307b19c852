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
import { currentDocuments } from './tab-sync';
import type { WorkspaceApi } from './useWorkspace';

/** Shorter searches match too much to act on at once. */
const MIN_SEARCH = 1;
const SHOWN_HITS = 50;

function describe(occurrences: readonly OccurrenceState[]): string {
  const counts = new Map<string, number>();
  for (const o of occurrences) {
    const key = o.state === 'open' ? 'not marked' : `${o.state === 'proposed' ? 'proposed' : 'decided'} ${o.label}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([key, n]) => `${key} ×${n}`).join(', ');
}

export function SearchPanel({ workspace, types }: { readonly workspace: WorkspaceApi; readonly types: readonly string[] }) {
  const t = useT();
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
            “{surface}”: {total.toLocaleString('en')} occurrence{total === 1 ? '' : 's'} in {hits.length} document{hits.length === 1 ? '' : 's'}
            {total > 0 ? ` (${describe(all)})` : ''}
          </p>
          <ul className="search-hits">
            {hits.slice(0, SHOWN_HITS).map(({ document, occurrences }) => (
              <li key={document.id} data-testid="search-hit" data-id={document.id}>
                <button type="button" className="doc-name" onClick={() => workspace.select(document.id)} aria-current={document.id === current?.id ? 'true' : undefined}>
                  {document.name || '(untitled)'}
                </button>{' '}
                <span className="muted">{describe(occurrences)}</span>
              </li>
            ))}
          </ul>
          {hits.length > SHOWN_HITS && <p className="muted">… and {hits.length - SHOWN_HITS} more documents.</p>}
          {total > 0 && (
            <div className="search-actions" role="group" aria-label="For every occurrence">
              <label>
                Label every occurrence as{' '}
                <select data-testid="search-label" value={chosen} onChange={(event) => setLabel(event.target.value)}>
                  {types.map((type) => (
                    <option key={type} value={type}>
                      {type} {entityTypeInfo(type).korean}
                    </option>
                  ))}
                </select>
              </label>{' '}
              <button type="button" data-testid="search-label-all" disabled={!chosen} onClick={() => workspace.applyToAllDocuments(surface, { kind: 'label', label: chosen })}>
                Label all
              </button>{' '}
              <button type="button" data-testid="search-reject-all" disabled={proposals === 0} onClick={() => workspace.applyToAllDocuments(surface, { kind: 'reject' })}>
                Reject {proposals} proposal{proposals === 1 ? '' : 's'}
              </button>
              <p className="muted">A person’s decisions stay as they are; everything else changes in one step.</p>
            </div>
          )}
        </>
      )}
      {workspace.acrossUndo && (
        <button type="button" data-testid="search-undo" onClick={workspace.undoAcross}>
          Undo “{workspace.acrossUndo.surface}” in {workspace.acrossUndo.before.size} document{workspace.acrossUndo.before.size === 1 ? '' : 's'}
        </button>
      )}
    </section>
  );
}
