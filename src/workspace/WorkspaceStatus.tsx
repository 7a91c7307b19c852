/**
 * The workspace's state in every view: whether the work is saved, the latest notice (an import's
 * result, a recovered edit, a conflict kept as a copy) and records that could not be read. Above
 * the views, so a notice about an import started in Documents is seen from any view.
 */
import type { SaveState } from '../storage';
import { type Message, say, useFormat, useFormatMessage } from '../view/messages';
import { NoticeLine } from '../view/notice';
import type { WorkspaceApi } from './useWorkspace';

function saveMessage(storage: WorkspaceApi['storage'], state: SaveState): Message {
  if (storage === 'opening') return say('saveOpening');
  if (storage === 'memory') return say('saveMemory');
  switch (state.status) {
    case 'saved':
      return say('saveSaved');
    case 'pending':
      return say('savePending');
    case 'saving':
      return say('saveSaving');
    case 'error':
      return say('storageFailure', { failure: state.failure });
    default: {
      const unknown: never = state;
      return unknown;
    }
  }
}

type Props = Pick<WorkspaceApi, 'storage' | 'saveState' | 'notice' | 'invalid' | 'dismissNotice'>;

export function WorkspaceStatus({ storage, saveState, notice, invalid, dismissNotice }: Props) {
  const f = useFormat();
  const words = useFormatMessage();
  const failed = saveState.status === 'error' || storage === 'memory';
  return (
    <>
      <p className={`save-state ${failed ? 'error' : 'muted'}`} data-testid="save-state" data-status={storage === 'ready' ? saveState.status : storage} role={failed ? 'alert' : 'status'}>
        {words(saveMessage(storage, saveState))}
      </p>
      {notice && <NoticeLine notice={notice} testId="workspace-notice" onDismiss={dismissNotice} />}
      {invalid.length > 0 && (
        <p className="error" data-testid="invalid-records" role="alert">
          {f('invalidRecords', { count: invalid.length, records: invalid.map((record) => `${record.key} (${record.reason})`).join('; ') })}
        </p>
      )}
    </>
  );
}
