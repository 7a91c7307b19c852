/**
 * The bench page: starts workers and relays the Node driver's calls to them
 * (`window.bench`, used through Playwright's page.evaluate), and measures the workers' memory
 * with performance.measureUserAgentSpecificMemory.
 */
import { connect, type Client } from './rpc';

type WorkerKind = 'ours' | 'peer';

const clients = new Map<number, { kind: WorkerKind; client: Client }>();
let nextHandle = 0;

interface MemoryBreakdown {
  bytes: number;
  attribution: { scope?: string; url?: string }[];
}

/** Bytes attributed to the workers whose script URL names `kind` (ours.worker / peer.worker); null without the API. */
async function workerBytes(kind: WorkerKind): Promise<number | null> {
  const measure = (performance as Performance & { measureUserAgentSpecificMemory?: () => Promise<{ breakdown: MemoryBreakdown[] }> })
    .measureUserAgentSpecificMemory;
  if (!measure || !self.crossOriginIsolated) return null;
  const { breakdown } = await measure.call(performance);
  return breakdown
    .filter((entry) => entry.attribution.some((attribution) => attribution.scope === 'DedicatedWorkerGlobalScope' && (attribution.url ?? '').includes(`${kind}.worker`)))
    .reduce((sum, entry) => sum + entry.bytes, 0);
}

const bench = {
  crossOriginIsolated: () => self.crossOriginIsolated,
  start(kind: WorkerKind): number {
    const worker =
      kind === 'ours'
        ? new Worker(new URL('./workers/ours.worker.ts', import.meta.url), { type: 'module' })
        : new Worker(new URL('./workers/peer.worker.ts', import.meta.url), { type: 'module' });
    const handle = nextHandle++;
    clients.set(handle, { kind, client: connect(worker) });
    return handle;
  },
  async call(handle: number, method: string, args: unknown) {
    const entry = clients.get(handle);
    if (!entry) throw new Error(`no worker ${handle}`);
    return { result: await entry.client.call(method, args) };
  },
  workerBytes,
  stop(handle: number) {
    clients.get(handle)?.client.terminate();
    clients.delete(handle);
  },
};

(window as unknown as { bench: typeof bench }).bench = bench;
document.title = 'bench ready';
