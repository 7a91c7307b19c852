/**
 * The bench page: starts workers and relays the Node driver's calls to them
 * (`window.bench`, used through Playwright's page.evaluate). Also samples the workers'
 * memory with performance.measureUserAgentSpecificMemory while a call runs.
 */
import { connect, type Client } from './rpc';

type WorkerKind = 'ours' | 'peer';

const clients = new Map<number, { kind: WorkerKind; client: Client }>();
let nextHandle = 0;

interface MemoryBreakdown {
  bytes: number;
  attribution: { scope?: string; url?: string }[];
}

async function workerBytes(): Promise<number | null> {
  const measure = (performance as Performance & { measureUserAgentSpecificMemory?: () => Promise<{ breakdown: MemoryBreakdown[] }> })
    .measureUserAgentSpecificMemory;
  if (!measure || !self.crossOriginIsolated) return null;
  const { breakdown } = await measure.call(performance);
  return breakdown
    .filter((entry) => entry.attribution.some((attribution) => attribution.scope === 'DedicatedWorkerGlobalScope'))
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
  async call(handle: number, method: string, args: unknown, sampleMemory = false) {
    const entry = clients.get(handle);
    if (!entry) throw new Error(`no worker ${handle}`);
    if (!sampleMemory) return { result: await entry.client.call(method, args), peakWorkerBytes: null };
    let peak = (await workerBytes()) ?? 0;
    let running = true;
    const sampler = (async () => {
      while (running) {
        const bytes = await workerBytes();
        if (bytes !== null) peak = Math.max(peak, bytes);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    })();
    try {
      const result = await entry.client.call(method, args);
      const after = await workerBytes();
      if (after !== null) peak = Math.max(peak, after);
      return { result, peakWorkerBytes: peak };
    } finally {
      running = false;
      await sampler;
    }
  },
  stop(handle: number) {
    clients.get(handle)?.client.terminate();
    clients.delete(handle);
  },
};

(window as unknown as { bench: typeof bench }).bench = bench;
document.title = 'bench ready';
