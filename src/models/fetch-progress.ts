/**
 * Fetches one bundle file and reports its download progress as the bytes arrive. A server that
 * stops answering (no response, or no bytes for `stallMs`) is given up on with a message naming
 * the wait, instead of a spinner forever; a slow but moving download is never cut.
 */

/** How long a download may go without a byte before it is abandoned. */
export const STALL_MS = 15_000;

/** `total` is null when the server sends no Content-Length (or a compressed body). */
export type OnFileProgress = (loaded: number, total: number | null, done: boolean) => void;

/**
 * The file's bytes, or null when it does not exist: a 404/410, or an HTML page served in
 * place of a non-HTML file (a single-page-app fallback answers 200 with index.html).
 */
export async function fetchWithProgress(url: string, onProgress: OnFileProgress, stallMs: number = STALL_MS): Promise<Uint8Array | null> {
  const controller = new AbortController();
  let stalled = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const watch = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      stalled = true;
      controller.abort();
    }, stallMs);
  };
  watch();
  try {
    return await fetchBody(url, onProgress, controller.signal, watch);
  } catch (error) {
    if (stalled) throw new Error(`${url}: the server sent nothing for ${stallMs / 1000} s; stopped waiting (is it up, and is the address right?)`);
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

async function fetchBody(url: string, onProgress: OnFileProgress, signal: AbortSignal, alive: () => void): Promise<Uint8Array | null> {
  const response = await fetch(url, { signal });
  alive();
  if (response.status === 404 || response.status === 410) return null;
  if (!response.ok) throw new Error(`${url}: expected HTTP 200, got ${response.status} ${response.statusText}`);
  const contentType = response.headers.get('content-type') ?? '';
  if (contentType.startsWith('text/html') && !/\.html?$/i.test(new URL(url).pathname)) {
    await response.body?.cancel();
    return null;
  }
  const total = contentLength(response);
  if (!response.body) {
    const bytes = new Uint8Array(await response.arrayBuffer());
    onProgress(bytes.byteLength, total, true);
    return bytes;
  }

  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  onProgress(0, total, false);
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    alive();
    chunks.push(value);
    loaded += value.byteLength;
    onProgress(loaded, total, false);
  }
  onProgress(loaded, total, true);
  return concat(chunks, loaded);
}

function contentLength(response: Response): number | null {
  // A compressed body's Content-Length counts the compressed bytes, not those read here.
  const encoding = response.headers.get('content-encoding');
  if (encoding && encoding !== 'identity') return null;
  const length = Number(response.headers.get('content-length'));
  return Number.isFinite(length) && length > 0 ? length : null;
}

function concat(chunks: readonly Uint8Array[], length: number): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  const bytes = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** Progress calls closer than this to the one passed on before are dropped (the first and the last always pass). */
export const PROGRESS_INTERVAL_MS = 100;

/**
 * `onProgress`, called at most once per `intervalMs` (plus the first and the final call): a
 * 7 MB file arrives in about a hundred chunks, and each call that reaches the page costs it a
 * message and a render.
 */
export function throttleProgress(onProgress: OnFileProgress, intervalMs: number = PROGRESS_INTERVAL_MS, now: () => number = () => performance.now()): OnFileProgress {
  let last = -Infinity;
  return (loaded, total, done) => {
    const time = now();
    if (!done && loaded > 0 && time - last < intervalMs) return;
    last = time;
    onProgress(loaded, total, done);
  };
}
