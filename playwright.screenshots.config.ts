/**
 * `npm run screenshots`: the README's pictures of the real app (docs/screenshots/*.png), made in
 * Debian's Chromium against the built app, the default model running. Not part of `npm test`.
 */
import { defineConfig } from '@playwright/test';
import base from './playwright.config';

const PORT = Number(process.env.SCREENSHOTS_PORT ?? 4177);

export default defineConfig({
  ...base,
  testDir: 'scripts/screenshots',
  reporter: 'list',
  projects: undefined,
  use: { ...base.use, baseURL: `http://localhost:${PORT}` },
  webServer: { ...base.webServer, command: `npx vite build && npx vite preview --port ${PORT} --strictPort`, url: `http://localhost:${PORT}` },
});
