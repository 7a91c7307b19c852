/**
 * The page's view of the model store: installed models (Cache Storage, model-store.ts), the
 * built-in bundles' cards (public/models/<id>/config.json), install through a short-lived
 * install worker, remove. One install at a time; a failure is a message, the list unchanged.
 */
import { useCallback, useEffect, useState } from 'react';
import { parseModelConfig } from '../core/bundle/bundle';
import { type ModelCardInfo, modelInfoOf } from './model-info';
import type { Notice } from '../view/notice';
import { type Message, say } from '../view/messages';
import type { InstallReply, InstallRequest, InstallSource, InstallStep } from './install-protocol';
import { listInstalled, removeInstalled, type InstalledModel } from './model-store';
import { checkModelUrl } from './model-url';

export interface BuiltinModel {
  readonly id: string;
  /** null until its config.json is read (or when it could not be). */
  readonly card: ModelCardInfo | null;
}


export interface ModelStore {
  readonly builtins: readonly BuiltinModel[];
  /** null while the first listing runs. */
  readonly installed: readonly InstalledModel[] | null;
  /** The running install's progress, null when idle. */
  readonly busy: Message | null;
  readonly notice: Notice | null;
  install(source: InstallSource): Promise<InstalledModel | null>;
  remove(id: string): Promise<boolean>;
  /** Lists the installed models again (after one was stored elsewhere: an adaptation). */
  refresh(): Promise<void>;
  setNotice(notice: Notice | null): void;
}

export function useModelStore(builtinIds: readonly string[], modelsBaseUrl: string): ModelStore {
  const [builtins, setBuiltins] = useState<BuiltinModel[]>(() => builtinIds.map((id) => ({ id, card: null })));
  const [installed, setInstalled] = useState<InstalledModel[] | null>(null);
  const [busy, setBusy] = useState<Message | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);

  const refresh = useCallback(async () => {
    try {
      setInstalled(await listInstalled());
    } catch (error) {
      setInstalled([]);
      setNotice({ kind: 'error', message: say('modelsNotListed', { detail: messageOf(error) }) });
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  useEffect(() => {
    let cancelled = false;
    void Promise.all(builtinIds.map((id) => builtinCard(new URL(`${id}/`, modelsBaseUrl).href).catch(() => null))).then((cards) => {
      if (!cancelled) setBuiltins(builtinIds.map((id, index) => ({ id, card: cards[index] })));
    });
    return () => {
      cancelled = true;
    };
  }, [builtinIds, modelsBaseUrl]);

  const install = useCallback(
    async (source: InstallSource): Promise<InstalledModel | null> => {
      setNotice(null);
      let request = source;
      if (source.kind === 'url') {
        // Refused here already, before a worker starts or anything is fetched (the worker checks again).
        const check = checkModelUrl(source.url, location.href);
        if (!check.ok) {
          setNotice({ kind: 'error', message: say('modelNotInstalled', { detail: check.message }) });
          return null;
        }
        // Resolved here: in the worker a relative path would resolve against the worker's script (/assets/).
        request = { ...source, url: check.url.href };
      }
      setBusy(say('installProgress', { kind: 'starting' }));
      try {
        const reply = await runInstallWorker(request, (step) => setBusy(say('installProgress', step)));
        if (reply.status === 'failed') {
          setNotice({ kind: 'error', message: say('modelNotInstalled', { detail: reply.message }) });
          return null;
        }
        setNotice({ kind: 'info', message: say('modelInstalled', { replaced: reply.replaced, name: reply.model.card.name, source: reply.model.source }) });
        return reply.model;
      } finally {
        setBusy(null);
        await refresh();
      }
    },
    [refresh],
  );

  const remove = useCallback(
    async (id: string) => {
      setNotice(null);
      try {
        return await removeInstalled(id);
      } catch (error) {
        setNotice({ kind: 'error', message: say('modelNotRemoved', { detail: messageOf(error) }) });
        return false;
      } finally {
        await refresh();
      }
    },
    [refresh],
  );

  return { builtins, installed, busy, notice, install, remove, refresh, setNotice };
}

function runInstallWorker(source: InstallSource, onProgress: (step: InstallStep) => void): Promise<Exclude<InstallReply, { status: 'progress' }>> {
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(new URL('./install.worker.ts', import.meta.url), { type: 'module', name: 'install' });
    } catch (error) {
      resolve({ status: 'failed', message: `the install worker could not start: ${messageOf(error)}` });
      return;
    }
    const finish = (reply: Exclude<InstallReply, { status: 'progress' }>) => {
      worker.terminate();
      resolve(reply);
    };
    worker.onmessage = (event: MessageEvent<InstallReply>) => {
      const reply = event.data;
      switch (reply.status) {
        case 'progress':
          onProgress(reply.step);
          break;
        case 'installed':
        case 'failed':
          finish(reply);
          break;
        default: {
          const unknown: never = reply;
          finish({ status: 'failed', message: `unknown reply ${JSON.stringify(unknown)}` });
        }
      }
    };
    // A worker that dies (out of memory on a huge model) answers nothing more.
    worker.onerror = (event) => finish({ status: 'failed', message: `the install worker stopped: ${event.message || 'it ran out of memory or failed to load'}` });
    const request: InstallRequest = { type: 'install', source };
    worker.postMessage(request);
  });
}

/** A built-in bundle's card from its config.json; its size from the ONNX file's Content-Length. */
async function builtinCard(folderUrl: string): Promise<ModelCardInfo> {
  const config = parseModelConfig(await (await fetch(new URL('config.json', folderUrl))).json());
  const head = await fetch(new URL(config.onnxPath, folderUrl), { method: 'HEAD' }).catch(() => null);
  return { ...modelInfoOf(config), bytes: Number(head?.headers.get('content-length')) || 0 };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
