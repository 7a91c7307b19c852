/** Models: choose, install (ModelManager, moved here whole), the backend, and the card of the model in use (tag sets, license, metrics). */
import { BACKEND_PREFERENCES, type BackendPreference } from '../../runtime/backends';
import { useT } from '../../view/i18n';
import type { ModelChoice } from '../../models/model-choice';
import type { NerWorker, WorkerState } from '../../worker/useNerWorker';
import type { AnnotatedDocument } from '../../annotation/document';
import { ModelManager } from '../ModelManager';
import { ModelCard } from '../ModelStatus';

interface Props {
  readonly choice: ModelChoice;
  readonly state: WorkerState;
  readonly onSelect: (modelId: string) => void;
  readonly onBackend: (backend: BackendPreference) => void;
  /** For adapting the model to the workspace's decided documents (AdaptPanel, in the model manager). */
  readonly ner: NerWorker;
  readonly documents: readonly AnnotatedDocument[];
}

export function ModelsView({ choice, state, onSelect, onBackend, ner, documents }: Props) {
  const t = useT();
  return (
    <div className="models-grid">
      <ModelManager selected={choice.modelId} onSelect={onSelect} ner={ner} documents={documents} />
      <div className="side-column models-side">
        <section className="backend-choice" aria-label={t('backend')}>
          <label>
            {t('backend')}{' '}
            <select data-testid="backend-choice" value={choice.backend} onChange={(event) => onBackend(event.target.value as BackendPreference)}>
              {BACKEND_PREFERENCES.map((name) => (
                <option key={name}>{name}</option>
              ))}
            </select>
          </label>
        </section>
        {state.phase === 'ready' && <ModelCard model={state.model} msLoad={state.msLoad} msWarmup={state.msWarmup} />}
      </div>
    </div>
  );
}
