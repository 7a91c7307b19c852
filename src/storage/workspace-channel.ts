/**
 * Tells the other tabs of this origin what this tab just stored (BroadcastChannel named after
 * the database). A message is only a hint to re-read: the truth is the stored record and its
 * revision, so a lost or late message costs freshness, never data. Messages are checked on
 * arrival like any input.
 */

export type ChangeMessage = { readonly type: 'saved'; readonly id: string; readonly revision: number } | { readonly type: 'deleted'; readonly id: string };

export interface ChangeChannel {
  post(message: ChangeMessage): void;
  /** Calls `listener` for each message from another tab; returns the unsubscribe. */
  subscribe(listener: (message: ChangeMessage) => void): () => void;
  close(): void;
}

export function readChangeMessage(value: unknown): ChangeMessage | null {
  if (typeof value !== 'object' || value === null) return null;
  const { type, id, revision } = value as Record<string, unknown>;
  if (typeof id !== 'string' || id === '') return null;
  if (type === 'deleted') return { type, id };
  if (type === 'saved' && typeof revision === 'number' && Number.isInteger(revision) && revision >= 1) return { type, id, revision };
  return null;
}

/** A channel for the database `databaseName`; a silent one where BroadcastChannel is missing. */
export function openChangeChannel(databaseName: string): ChangeChannel {
  if (typeof BroadcastChannel === 'undefined') return { post() {}, subscribe: () => () => {}, close() {} };
  const channel = new BroadcastChannel(`${databaseName}:changes`);
  const listeners = new Set<(message: ChangeMessage) => void>();
  channel.onmessage = (event: MessageEvent) => {
    const message = readChangeMessage(event.data);
    if (message) for (const listener of listeners) listener(message);
  };
  return {
    post(message) {
      channel.postMessage(message);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      listeners.clear();
      channel.close();
    },
  };
}
