import { useSyncExternalStore } from 'react';
import { offlineState, subscribeOffline, type OfflineState } from './offline';

function describe(state: OfflineState): string {
  switch (state.kind) {
    case 'ready':
      return '오프라인 사용 준비됨 · ready for offline use';
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
    </p>
  );
}
