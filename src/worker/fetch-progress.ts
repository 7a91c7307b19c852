/**
 * Fetches one bundle file and reports its download progress as the bytes arrive.
 */

/** `total` is null when the server sends no Content-Length (or a compressed body). */
export type OnFileProgress = (loaded: number, total: number | null, done: boolean) => void;

/**
 * The file's bytes, or null when it does not exist: a 404/410, or an HTML page served in
 * place of a non-HTML file (a single-page-app fallback answers 200 with index.html).
 */
export async function fetchWithProgress(url: string, onProgress: OnFileProgress): Promise<Uint8Array | null> {
  const response = await fetch(url);
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
