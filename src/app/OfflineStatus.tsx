import { useSyncExternalStore } from 'react';
import { applyUpdate, offlineState, subscribeOffline, type OfflineState } from './offline';

function describe(state: OfflineState): string {
  switch (state.kind) {
    case 'ready':
      return '오프라인 사용 준비됨 · ready for offline use';
    case 'update-ready':
      return '새 버전 준비됨 · a new version is ready';
    case 'updating':
      return '새 버전으로 바꾸는 중… · updating…';
    case 'installing':
      return '오프라인 사용 준비 중… · preparing offline use…';
    case 'unsupported':
      return `오프라인 사용 불가 · offline use unavailable (${state.reason})`;
    case 'failed':
      return `오프라인 사용 불가 · offline use unavailable (${state.reason})`;
  }
}

/** One line saying whether the app and the default model work without a network yet. */
export function OfflineStatus() {
  const state = useSyncExternalStore(subscribeOffline, offlineState);
  return (
    <p className="offline-status" data-testid="offline-status" data-state={state.kind} role="status">
      {describe(state)}
      {state.kind === 'update-ready' && (
        <>
          {' '}
          <button type="button" data-testid="apply-update" onClick={applyUpdate}>
            지금 업데이트 · update now
          </button>
        </>
      )}
    </p>
  );
}
