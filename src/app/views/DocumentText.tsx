/**
 * The open document's text with its marks, as Analyse and Annotate both show it (only the open
 * view draws it, so its ids and test ids stay unique): the status line, undo / redo, the marks
 * (AnnotationSurface: every correction by pointer or key), the last edit's note, the details of
 * the entity under the pointer or the focus.
 */
import { MAX_TEXT_LENGTH } from '../../worker/protocol';
import { canRedo, canUndo } from '../../annotation/history';
import { entityTypeInfo } from '../../view/entity-types';
import { HighlightedText, type OutputState } from '../../view/HighlightedText';
import { format, formatMessage, originParams, useFormat } from '../../view/messages';
import { useContext } from 'react';
import { LanguageContext, useT } from '../../view/i18n';
import type { ShownEntity } from '../../view/shown-entities';
import { AnnotationSurface } from '../../workspace/AnnotationSurface';
import { noteMessage } from '../../workspace/notes';
import type { WorkspaceApi } from '../../workspace/useWorkspace';
import type { useLiveAnalysis } from '../useLiveAnalysis';
import { KeyedButton } from './KeyedButton';

export type LiveResult = ReturnType<typeof useLiveAnalysis>['current'];

interface Props {
  readonly workspace: Pick<WorkspaceApi, 'text' | 'history' | 'dispatch'>;
  readonly entities: readonly ShownEntity[];
  readonly types: readonly string[];
  readonly keys: ReadonlyMap<string, string>;
  readonly current: LiveResult;
  readonly outputState: OutputState;
  /** The document's entities use another tag set than the page's: the model does not analyse it (App's notice says why). */
  readonly heldForTagSet?: boolean;
  readonly hovered: number | null;
  readonly onHover: (index: number | null) => void;
}

export function DocumentText({ workspace, entities, types, keys, current, outputState, heldForTagSet = false, hovered, onHover }: Props) {
  const { text, history, dispatch } = workspace;
  const language = useContext(LanguageContext);
  const t = useT();
  const hoveredEntity = hovered !== null ? entities[hovered] : undefined;
  return (
    <div className="document-text">
      <div className="text-toolbar">
        <StatusLine text={text} current={current} outputState={outputState} held={heldForTagSet} />
        <div className="text-actions" role="group" aria-label={t('textActions')}>
          <KeyedButton testId="undo" shortcut="Control+Z" disabled={!history || !canUndo(history)} onClick={() => dispatch({ type: 'undo' })}>
            {t('undo')}
          </KeyedButton>
          <KeyedButton testId="redo" shortcut="Control+Y" disabled={!history || !canRedo(history)} onClick={() => dispatch({ type: 'redo' })}>
            {t('redo')}
          </KeyedButton>
        </div>
      </div>
      <AnnotationSurface text={text} entities={entities} types={types} keys={keys} dispatch={dispatch}>
        <HighlightedText text={text} entities={entities} state={outputState} onHover={onHover} />
      </AnnotationSurface>
      {history?.note && (
        <p className="annotation-note" data-testid="annotation-note" role="status">
          {formatMessage(language, noteMessage(history.note))}
        </p>
      )}
      {history?.error && (
        <p className="error" data-testid="annotation-error" role="alert">
          {format(language, 'annotationError', { detail: history.error })}
        </p>
      )}
      <div className="hover-details" data-testid="entity-details" aria-live="polite">
        {hoveredEntity ? (
          <>
            <strong>{hoveredEntity.text}</strong> · <span className="swatch" data-label={hoveredEntity.label} aria-hidden="true" />
            {hoveredEntity.label} {entityTypeInfo(hoveredEntity.label).korean} ({entityTypeInfo(hoveredEntity.label).english}) ·{' '}
            {format(language, 'entityOrigin', originParams(hoveredEntity))} · {format(language, 'characterRange', hoveredEntity)}
          </>
        ) : (
          <span className="muted">{t('pointAtEntity')}</span>
        )}
      </div>
    </div>
  );
}

function StatusLine({ text, current, outputState, held }: { text: string; current: LiveResult; outputState: OutputState; held: boolean }) {
  const f = useFormat();
  let message: string;
  if (text.length > MAX_TEXT_LENGTH) message = f('statusTooLong', { length: text.length, limit: MAX_TEXT_LENGTH });
  else if (current?.kind === 'failed') message = f('statusFailed', { detail: current.message });
  else if (current?.kind === 'done') {
    const { stats, entities, msRoundTrip } = current;
    message = f('statusDone', { ...stats, entities: entities.length, characters: text.length, msTotal: msRoundTrip });
  } else if (outputState === 'loading') message = f('statusLoading');
  else if (outputState === 'failed') message = f('statusUnavailable');
  else if (held) message = f('statusHeldTagSet');
  else message = f('statusAnalysing');
  return (
    <p className={`status-line${current?.kind === 'failed' ? ' error' : ''}`} data-testid="status" role="status">
      {message}
    </p>
  );
}
