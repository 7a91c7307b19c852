/**
 * Builds the bench page (bench/index.html + its workers) on its own, so the transformers.js
 * peers it imports never enter the app's bundle. bench/run.ts builds and serves it.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const benchRoot = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: benchRoot,
  base: '/',
  logLevel: 'warn',
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', minify: false, chunkSizeWarningLimit: 100_000 },
  worker: { format: 'es' },
});
