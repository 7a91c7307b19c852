/** "Analyse all documents": the batch run's button, progress bar, cancel and outcome. */
import { useT } from '../view/i18n';
import { useFormat, useFormatMessage } from '../view/messages';
import type { BatchRun } from './useBatchRun';

export function BatchPanel({ batch, ready }: { readonly batch: BatchRun; readonly ready: boolean }) {
  const t = useT();
  const f = useFormat();
  const words = useFormatMessage();
  const { state } = batch;
  const running = state.phase === 'running';
  return (
    <div className="batch" data-testid="batch" data-phase={state.phase}>
      <button type="button" data-testid="batch-run" disabled={!ready || running} onClick={batch.start}>
        {t('analyseAll')}
      </button>
      {running && (
        <>
          <progress data-testid="batch-progress" value={state.done} max={state.total} aria-label={t('documentsAnalysed')} />{' '}
          <span data-testid="batch-count" role="status">
            {f('batchCount', state)}
          </span>{' '}
          <button type="button" data-testid="batch-cancel" disabled={state.cancelling} onClick={batch.cancel}>
            {t('cancel')}
          </button>
        </>
      )}
      {state.phase === 'finished' && (
        <p className={state.problems.length > 0 ? 'error' : 'muted'} data-testid="batch-result" data-done={state.done} data-total={state.total} role="status">
          {f('batchResult', { ...state, problems: state.problems.map((p) => `"${p.name}" (${words(p.message)})`).join('; ') })}
        </p>
      )}
    </div>
  );
}
