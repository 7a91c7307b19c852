/**
 * "Adapt the model to my documents" (issue 31, docs/adaptation.md): the documents marked done in
 * the model's tag set, their decided entities, sent to the NER worker, which adapts the loaded
 * model and stores the result as a new installed model (worker/adapt-job.ts). A progress bar and
 * Cancel while it runs; the page stays usable (the worker does the work). Suggested once there are
 * enough decided documents.
 */
import { useMemo, useRef, useState } from 'react';
import { MIN_DOCUMENTS } from '../core/adapt/training-data';
import type { AnnotatedDocument } from '../annotation/document';
import { trainingDocumentsOf } from '../annotation/training-documents';
import type { InstalledModel } from '../models/model-store';
import { tagSetsOfInfo } from '../models/model-info';
import type { AdaptJob, NerWorker } from '../worker/useNerWorker';
import { useT } from '../view/i18n';
import { type Message, say, useFormat, useFormatMessage } from '../view/messages';
import { NoticeLine } from '../view/notice';
import { NewTypeForm } from './NewTypeForm';
import type { Notice } from '../view/notice';

export interface AdaptPanelProps {
  readonly ner: Pick<NerWorker, 'state' | 'adapt'>;
  readonly documents: readonly AnnotatedDocument[];
  /** A new model was stored (the list refreshes). */
  readonly onAdapted: (model: InstalledModel) => void;
}

interface Running {
  readonly job: AdaptJob;
  readonly fraction: number;
  readonly message: Message;
}

export function AdaptPanel({ ner, documents, onAdapted }: AdaptPanelProps) {
  const t = useT();
  const f = useFormat();
  const words = useFormatMessage();
  const [name, setName] = useState('');
  const [running, setRunning] = useState<Running | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const runningRef = useRef<AdaptJob | null>(null);
  const model = ner.state.phase === 'ready' ? ner.state.model : null;
  const tagSet = model ? tagSetsOfInfo(model)[0].name : null;
  const training = useMemo(() => (tagSet === null ? [] : trainingDocumentsOf(documents, tagSet)), [documents, tagSet]);
  const entities = training.reduce((sum, document) => sum + document.entities.length, 0);

  if (!model || tagSet === null) return null;
  if (model.adaptProblem !== null && running === null) {
    return (
      <div className="adapt-panel" data-testid="adapt-panel">
        <h3>{t('adaptModel')}</h3>
        <p className="muted" data-testid="adapt-unavailable">
          {t('adaptCannot')} {model.adaptProblem}
        </p>
        {notice && <NoticeLine notice={notice} testId={`adapt-notice-${notice.kind}`} />}
      </div>
    );
  }

  const start = () => {
    setNotice(null);
    const job = ner.adapt({ documents: training, ...(name.trim() ? { name: name.trim() } : {}) }, (progress) => {
      if (runningRef.current !== job) return;
      const percent = Math.round(progress.fraction * 100);
      setRunning({ job, fraction: progress.fraction, message: say('adaptProgress', { phase: progress.phase, percent, epoch: progress.epoch, maxEpochs: progress.maxEpochs, bestF1: progress.bestF1 }) });
    });
    runningRef.current = job;
    setRunning({ job, fraction: 0, message: say('adaptProgress', { phase: 'starting', percent: 0, epoch: 0, maxEpochs: 0, bestF1: null }) });
    void job.done.then((reply) => {
      runningRef.current = null;
      setRunning(null);
      if (reply.status === 'adapted') {
        const { summary, seconds } = reply;
        setNotice({
          kind: 'info',
          message: say('adaptDone', {
            name: reply.model.card.name,
            documents: summary.documents,
            entities: summary.entities,
            f1: summary.heldOutF1,
            baseF1: summary.baseHeldOutF1,
            heldOut: summary.heldOutDocuments,
            seconds: seconds.total,
          }),
        });
        onAdapted(reply.model);
      } else {
        setNotice(reply.cancelled ? { kind: 'info', message: say('adaptCancelled') } : { kind: 'error', message: say('adaptFailed', { detail: reply.message }) });
      }
    });
  };

  return (
    <div className="adapt-panel" data-testid="adapt-panel">
      <h3>{t('adaptModel')}</h3>
      <NewTypeForm tagSet={tagSet} modelTypes={tagSetsOfInfo(model)[0].entityTypes} />
      <p className="muted" data-testid="adapt-documents">
        {f('adaptDocuments', { documents: training.length, entities, tagSet })}
      </p>
      {training.length >= MIN_DOCUMENTS && running === null && notice === null && (
        <p className="adapt-suggestion" data-testid="adapt-suggestion">
          {f('adaptSuggested', { documents: training.length })}
        </p>
      )}
      <div className="adapt-controls">
        <label>
          {t('adaptName')}{' '}
          <input type="text" data-testid="adapt-name" value={name} placeholder={model.name} disabled={running !== null} onChange={(event) => setName(event.target.value)} />
        </label>{' '}
        {running === null ? (
          <button type="button" data-testid="adapt-start" onClick={start}>
            {t('adaptModel')}
          </button>
        ) : (
          <button type="button" data-testid="adapt-cancel" onClick={() => running.job.cancel()}>
            {t('cancel')}
          </button>
        )}
      </div>
      {running !== null && (
        <div role="status" data-testid="adapt-status">
          <progress data-testid="adapt-progress" max={1} value={running.fraction} aria-label={t('adaptModel')} />{' '}
          <span className="muted">{words(running.message)}</span>
        </div>
      )}
      {notice && <NoticeLine notice={notice} testId={`adapt-notice-${notice.kind}`} />}
    </div>
  );
}
