/// <reference types="vitest/config" />
import { existsSync, readdirSync } from 'node:fs';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

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

export default defineConfig({
  plugins: [react()],
  define: { __NER_BUNDLES__: JSON.stringify(listBundles()) },
  server: { headers: crossOriginIsolation },
  preview: { headers: crossOriginIsolation },
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
