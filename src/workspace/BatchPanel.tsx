/** "Analyse all documents": the batch run's button, progress bar, cancel and outcome. */
import type { BatchRun } from './useBatchRun';

export function BatchPanel({ batch, ready }: { readonly batch: BatchRun; readonly ready: boolean }) {
  const { state } = batch;
  const running = state.phase === 'running';
  return (
    <div className="batch" data-testid="batch" data-phase={state.phase}>
      <button type="button" data-testid="batch-run" disabled={!ready || running} onClick={batch.start}>
        Analyse all documents 모두 분석
      </button>
      {running && (
        <>
          <progress data-testid="batch-progress" value={state.done} max={state.total} aria-label="Documents analysed" />{' '}
          <span data-testid="batch-count" role="status">
            {state.done} / {state.total} · {state.cancelling ? 'stopping after this document…' : state.current}
          </span>{' '}
          <button type="button" data-testid="batch-cancel" disabled={state.cancelling} onClick={batch.cancel}>
            Cancel
          </button>
        </>
      )}
      {state.phase === 'finished' && (
        <p className={state.problems.length > 0 ? 'error' : 'muted'} data-testid="batch-result" data-done={state.done} data-total={state.total} role="status">
          {state.cancelled ? `Cancelled after ${state.done} of ${state.total} documents` : `Analysed ${state.done} of ${state.total} documents`};{' '}
          {state.entities.toLocaleString('en')} entities proposed, a person&apos;s decisions kept.
          {state.problems.length > 0 && ` Not analysed: ${state.problems.map((p) => `"${p.name}" (${p.message})`).join('; ')}.`}
        </p>
      )}
    </div>
  );
}
