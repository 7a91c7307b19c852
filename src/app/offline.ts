/// <reference types="vite-plugin-pwa/client" />
/**
 * The service worker (vite.config.ts, Workbox via vite-plugin-pwa): registration and a small
 * store of "is offline use ready?" for the UI. Ready means a service worker whose precache
 * (app shell, ONNX Runtime WASM, default model) is complete controls this page.
 *
 * Updates wait for the person: a new version's worker installs its whole precache beside the
 * old one and waits ('update-ready'); until they choose "update", every file (app and model)
 * comes from the old version's precache, so a page never runs a mix of the two. Applying it
 * activates the new worker and reloads each tab it controls (edits waiting to be saved are
 * flushed on pagehide and kept in the write-ahead stash, src/storage).
 */
import { registerSW } from 'virtual:pwa-register';

export type OfflineState =
  | { readonly kind: 'unsupported'; readonly reason: string }
  | { readonly kind: 'installing' }
  | { readonly kind: 'ready' }
  | { readonly kind: 'update-ready' }
  | { readonly kind: 'updating' }
  | { readonly kind: 'failed'; readonly reason: string };

let state: OfflineState = { kind: 'installing' };
const listeners = new Set<() => void>();

function setState(next: OfflineState): void {
  state = next;
  for (const listener of listeners) listener();
}

export function offlineState(): OfflineState {
  return state;
}

let applyWaitingUpdate: (() => Promise<void>) | null = null;

/** Activates the waiting version (state 'update-ready'); the page reloads once it controls it. */
export function applyUpdate(): void {
  if (state.kind !== 'update-ready' || !applyWaitingUpdate) return;
  setState({ kind: 'updating' });
  void applyWaitingUpdate();
}

export function subscribeOffline(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Registers the service worker once (production builds only: `vite dev` serves none). */
export function startOfflineSupport(): void {
  if (!('serviceWorker' in navigator)) {
    setState({ kind: 'unsupported', reason: 'this browser has no service workers' });
    return;
  }
  if (!import.meta.env.PROD) {
    setState({ kind: 'unsupported', reason: 'no service worker in development mode' });
    return;
  }
  const markReadyOnceControlled = () => {
    // An active worker only activates after its precache succeeded; control means it serves this page.
    if (navigator.serviceWorker.controller) setState({ kind: 'ready' });
  };
  // A tab that was told of the waiting version reloads onto it once it takes over (this tab's
  // "update now" or another's). workbox-window's own reload only covers tabs that were
  // controlled when they registered, not a first visit's tab.
  let reloading = false;
  const reloadOnce = () => {
    if (reloading) return;
    reloading = true;
    window.location.reload();
  };
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (state.kind === 'update-ready' || state.kind === 'updating') reloadOnce();
    else markReadyOnceControlled();
  });
  markReadyOnceControlled();
  applyWaitingUpdate = registerSW({
    immediate: true,
    onOfflineReady: markReadyOnceControlled,
    onNeedRefresh: () => setState({ kind: 'update-ready' }),
    onNeedReload: reloadOnce,
    onRegisterError: (error: unknown) =>
      setState({ kind: 'failed', reason: `service worker registration failed: ${error instanceof Error ? error.message : String(error)}` }),
  });
}
