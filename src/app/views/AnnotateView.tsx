/**
 * Annotate: one document at a time, its proposals, accept / correct / next, the review's progress,
 * the least confident proposals first. Every action has a key, shown beside it and in the key
 * sheet (label-keys.ts KEY_SHEET); App binds them (usePageKeys) while this view is open.
 */
import { type ReactNode, useMemo, useState } from 'react';
import { pendingCount } from '../../annotation/history';
import { reviewCounts } from '../../annotation/review';
import type { EntityOrder } from '../../view/entity-order';
import { useT } from '../../view/i18n';
import { useFormat } from '../../view/messages';
import type { WorkspaceApi } from '../../workspace/useWorkspace';
import { KeyedButton } from './KeyedButton';

interface Props {
  readonly active: boolean;
  readonly workspace: Pick<WorkspaceApi, 'documents' | 'current' | 'history' | 'dispatch' | 'selectNext' | 'setDone'>;
  readonly documentText: ReactNode;
  readonly legend: ReactNode;
  readonly entityPanel: (order: EntityOrder, onOrder: (order: EntityOrder) => void) => ReactNode;
  readonly onNextProposal: () => void;
  readonly onDoneNext: () => void;
  readonly onKeySheet: () => void;
}

export function AnnotateView({ active, workspace, documentText, legend, entityPanel, onNextProposal, onDoneNext, onKeySheet }: Props) {
  const t = useT();
  const f = useFormat();
  const { documents, current, history } = workspace;
  const [order, setOrder] = useState<EntityOrder>('confidence');
  const pending = useMemo(() => (history ? pendingCount(history.entities) : 0), [history]);
  const done = documents.filter((d) => d.done).length;
  const at = documents.findIndex((d) => d.id === current?.id) + 1;
  return (
    <div className="annotate-layout">
      <div className="review-bar">
        <div className="review-progress" data-testid="review-progress">
          <h2 className="review-title">{current?.name || t('untitled')}</h2>
          <span className="muted">{at > 0 && f('documentPosition', { at, count: documents.length })}</span>
          <label className="muted">
            {f('documentsReviewed', { done, count: documents.length })}{' '}
            <progress value={done} max={Math.max(documents.length, 1)} aria-label={t('reviewProgress')} />
          </label>
          {current && <span className="muted" data-testid="review-counts">{f('reviewCounts', reviewCounts(current.entities))}</span>}
        </div>
        <div className="review-actions" role="group" aria-label={t('reviewActions')}>
          <KeyedButton testId="previous-doc" shortcut="P" disabled={documents.length < 2} onClick={() => workspace.selectNext(-1)}>
            {t('previousDocument')}
          </KeyedButton>
          <KeyedButton testId="next-doc" shortcut="N" disabled={documents.length < 2} onClick={() => workspace.selectNext(1)}>
            {t('nextDocument')}
          </KeyedButton>
          <KeyedButton testId="next-proposal" shortcut="J" disabled={pending === 0} onClick={onNextProposal}>
            {t('nextProposal')}
          </KeyedButton>
          {pending > 0 && (
            <KeyedButton testId="accept-all" shortcut="Shift+A" data-count={pending} title={t('acceptAllTitle')} onClick={() => workspace.dispatch({ type: 'accept-all' })}>
              {f('acceptAll', { count: pending })}
            </KeyedButton>
          )}
          <KeyedButton testId="done-next" shortcut="D" disabled={!current} onClick={onDoneNext}>
            {t('doneNext')}
          </KeyedButton>
          {current && (
            <button type="button" data-testid="toggle-done" aria-pressed={current.done === true} title={t('markDoneTitle')} onClick={() => workspace.setDone(current.id, !current.done)}>
              {current.done ? t('doneBack') : t('markDone')}
            </button>
          )}
          <KeyedButton testId="annotate-keys" shortcut="?" aria-haspopup="dialog" onClick={onKeySheet}>
            {t('keys')}
          </KeyedButton>
          <span className="muted review-keys">{t('reviewKeys')}</span>
        </div>
      </div>
      {active && (
        <div className="annotate-grid">
          <section className="editor" aria-label={t('textSection')}>
            {documentText}
          </section>
          <div className="side-column">
            {legend}
            {entityPanel(order, setOrder)}
          </div>
        </div>
      )}
    </div>
  );
}
