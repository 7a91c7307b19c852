/// <reference types="vitest/config" />
import { existsSync, readdirSync } from 'node:fs';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';

// Multithreaded WASM (SharedArrayBuffer) needs a cross-origin isolated page.
const crossOriginIsolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/** Model bundles under public/models/ (folders with a config.json), for the app's model choice. */
function listBundles(): string[] {
  const root = 'public/models';
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(`${root}/${entry.name}/config.json`))
    .map((entry) => entry.name)
    .sort();
}

/** The bundle precached by the service worker, so the app analyses text offline after one visit. */
const OFFLINE_MODEL = 'default';

/**
 * Installable PWA: manifest + a Workbox service worker (generateSW) that precaches the app shell,
 * ONNX Runtime's plain WASM build (14 MB, hence the raised size limit; it runs on every browser)
 * and the default model bundle with its int8 ONNX file (the one the app runs by default). Cached
 * when first used instead (runtime caching): ONNX Runtime's WebGPU build (28 MB, only where
 * WebGPU runs; offline before that, the app falls back to WASM), the fp32 file (`?quantized=0`)
 * and other bundles' files. A first visit precaches 22 MB (36 MB while the WebGPU build was in it).
 * Cached responses keep the headers they were served with (COOP/COEP), so the page stays
 * cross-origin isolated offline. src/app/offline.ts registers it and reports when offline use is ready.
 */
const pwa = VitePWA({
  injectRegister: false,
  // A new version waits until the person chooses to apply it (src/app/offline.ts).
  registerType: 'prompt',
  // favicon, icons and manifest come through globPatterns (listing them again would duplicate entries).
  includeManifestIcons: false,
  manifest: {
    name: '한국어 개체명 인식 · Korean NER',
    short_name: 'Korean NER',
    description: 'In-browser Korean named-entity recognition and annotation, offline',
    lang: 'ko',
    start_url: '.',
    display: 'standalone',
    background_color: '#ffffff',
    theme_color: '#1e4078',
    icons: [
      { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
      { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
      { src: 'icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    ],
  },
  workbox: {
    globPatterns: ['**/*.{js,mjs,css,html,wasm,svg,png,webmanifest}', `models/${OFFLINE_MODEL}/**/*`],
    globIgnores: [`models/${OFFLINE_MODEL}/onnx/model.onnx`, '**/*.jsep*.wasm'],
    runtimeCaching: [
      {
        // content-hashed file names: a cached copy is never stale
        urlPattern: ({ sameOrigin, url }) => sameOrigin && /\.jsep[^/]*\.wasm$/.test(url.pathname),
        handler: 'CacheFirst',
        options: { cacheName: 'ort-webgpu', cacheableResponse: { statuses: [200] }, expiration: { maxEntries: 2 } },
      },
      {
        // NetworkFirst: online, a bundle's files always come fresh (never an old ONNX beside a new
        // crf.json); offline, the copy from the last use.
        urlPattern: ({ sameOrigin, url }) => sameOrigin && url.pathname.split('/').includes('models'),
        handler: 'NetworkFirst',
        options: { cacheName: 'ner-models', cacheableResponse: { statuses: [200] } },
      },
    ],
    maximumFileSizeToCacheInBytes: 64 * 1024 * 1024,
    navigateFallback: 'index.html',
    clientsClaim: true,
    // No skipWaiting: a new worker waits (src/app/offline.ts 'update-ready') so that a page keeps
    // the version it opened with, models included, until the person applies the update.
    cleanupOutdatedCaches: true,
  },
});

/**
 * Content-Security-Policy of the built app: only its own origin, plus 'wasm-unsafe-eval' so
 * ONNX Runtime can compile its WASM, and blob: for workers and downloads. No inline script runs.
 * A <meta> tag so it travels with the static files (and the service worker's cached index.html);
 * build only: `vite dev` injects inline scripts of its own (React refresh).
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "connect-src 'self' blob: data:",
  "img-src 'self' data: blob:",
  "style-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

const contentSecurityPolicy: Plugin = {
  name: 'content-security-policy',
  apply: 'build',
  transformIndexHtml: () => [
    { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY }, injectTo: 'head-prepend' },
  ],
};

export default defineConfig({
  plugins: [react(), pwa, contentSecurityPolicy],
  define: { __NER_BUNDLES__: JSON.stringify(listBundles()) },
  server: { headers: crossOriginIsolation },
  // The preview server (and the e2e tests) also send the policy as a header: a <meta> policy does
  // not reach workers, which take theirs from their own script's response. public/_headers says
  // the same for static hosts that read it (Netlify, Cloudflare Pages).
  preview: { headers: { ...crossOriginIsolation, 'Content-Security-Policy': CONTENT_SECURITY_POLICY } },
  worker: { format: 'es' },
  optimizeDeps: {
    // ort-web ships its own wasm loader; pre-bundling it breaks the ?url imports.
    exclude: ['onnxruntime-web'],
    // First imported from the worker: listed so `vite dev` does not reload the page on discovering it.
    include: ['@huggingface/tokenizers'],
  },
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    testTimeout: 30_000,
    // .ci/run reads the JSON report for its `N passed, N failed` line.
    reporters: ['default', 'json'],
    outputFile: { json: 'test-reports/vitest.json' },
  },
});
