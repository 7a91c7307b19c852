/// <reference types="vite-plugin-pwa/client" />
/**
 * The service worker (vite.config.ts, Workbox via vite-plugin-pwa): registration and a small
 * store of "is offline use ready?" for the UI. Ready means a service worker whose precache
 * (app shell, ONNX Runtime WASM, default model) is complete controls this page.
 */
import { registerSW } from 'virtual:pwa-register';

export type OfflineState =
  | { readonly kind: 'unsupported'; readonly reason: string }
  | { readonly kind: 'installing' }
  | { readonly kind: 'ready' }
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
  navigator.serviceWorker.addEventListener('controllerchange', markReadyOnceControlled);
  markReadyOnceControlled();
  registerSW({
    immediate: true,
    onOfflineReady: markReadyOnceControlled,
    onRegisterError: (error: unknown) =>
      setState({ kind: 'failed', reason: `service worker registration failed: ${error instanceof Error ? error.message : String(error)}` }),
  });
}
