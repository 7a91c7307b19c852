/** What both bench workers share: loading model bytes cold or from the Cache API, and the WebGPU adapter. */
export type CacheMode = 'network' | 'cache';

const CACHE_NAME = 'korean-ner-bench';

/** 'network' fetches past the HTTP cache and stores the bytes; 'cache' reads them back from the Cache API. */
export async function loadBytes(url: string, mode: CacheMode): Promise<{ bytes: Uint8Array; msFetch: number; source: string }> {
  const started = performance.now();
  const cache = await caches.open(CACHE_NAME);
  if (mode === 'cache') {
    const cached = await cache.match(url);
    if (cached) return { bytes: new Uint8Array(await cached.arrayBuffer()), msFetch: performance.now() - started, source: 'cache' };
  }
  const response = await fetch(url, { cache: 'no-store' });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  const msFetch = performance.now() - started;
  await cache.put(url, new Response(bytes.slice()));
  return { bytes, msFetch, source: 'network' };
}

export async function adapterInfo() {
  const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<any> } }).gpu;
  if (!gpu) return { available: false };
  const adapter = await gpu.requestAdapter();
  if (!adapter) return { available: false };
  const info = adapter.info ?? {};
  return { available: true, vendor: info.vendor, architecture: info.architecture, description: info.description, isFallbackAdapter: Boolean(info.isFallbackAdapter ?? adapter.isFallbackAdapter) };
}
