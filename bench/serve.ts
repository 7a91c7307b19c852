/**
 * A static server for the built bench page, cross-origin isolated (COOP/COEP) so WASM threads
 * work. Routes: / -> bench/dist, /models/<id>/ -> the bundle folder (the transformers.js peer's
 * local model path), /ort/, /hf-ort/, /xenova-ort/ -> each ONNX Runtime Web's dist folder.
 */
import { createReadStream, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.onnx': 'application/octet-stream',
  '.md': 'text/plain; charset=utf-8',
  // without its type a stylesheet is refused (strict MIME checking) and the app is measured unstyled
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
};

export async function serveBench(routes: Record<string, string>, port = 0): Promise<{ server: Server; origin: string; requests: string[] }> {
  const requests: string[] = [];
  const prefixes = Object.keys(routes).sort((a, b) => b.length - a.length);
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    requests.push(path);
    const prefix = prefixes.find((candidate) => path.startsWith(candidate));
    const headers = {
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
      'Cross-Origin-Resource-Policy': 'same-origin',
      'Cache-Control': 'no-cache',
    };
    if (!prefix) {
      response.writeHead(404, headers).end();
      return;
    }
    const root = resolve(routes[prefix]);
    let file = normalize(join(root, path.slice(prefix.length)));
    if (!file.startsWith(root)) {
      response.writeHead(403, headers).end();
      return;
    }
    try {
      if (statSync(file).isDirectory()) file = join(file, 'index.html');
      const size = statSync(file).size;
      response.writeHead(200, { ...headers, 'Content-Type': MIME[extname(file)] ?? 'application/octet-stream', 'Content-Length': size });
      createReadStream(file).pipe(response);
    } catch {
      response.writeHead(404, headers).end();
    }
  });
  await new Promise<void>((done) => server.listen(port, '127.0.0.1', done));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('bench: the server has no port');
  return { server, origin: `http://127.0.0.1:${address.port}`, requests };
}
