/**
 * App updates (vite.config.ts registerType 'prompt', src/app/offline.ts): a new version's
 * service worker installs beside the old one and waits; until the person applies it, every file
 * (app and model) still comes from the version the page opened with; applying it reloads each
 * open tab onto the new version, and an edit typed just before is not lost.
 *
 * A real deployment is simulated on a copy of the built app (dist/) served by a small static
 * server of this test: the "new version" changes the default model's config.json and its
 * revision in the service worker's precache manifest, as a rebuild with a new model would.
 */
import { expect, test, type Page } from '@playwright/test';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.json': 'application/json',
  '.wasm': 'application/wasm', '.webmanifest': 'application/manifest+json', '.png': 'image/png', '.svg': 'image/svg+xml',
};

function serve(root: string): Promise<{ server: Server; origin: string }> {
  const server = createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    const file = join(root, normalize(pathname === '/' ? '/index.html' : pathname));
    const headers = {
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
      'Cache-Control': 'no-cache',
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
    };
    try {
      response.writeHead(200, headers).end(readFileSync(file));
    } catch {
      response.writeHead(404, headers).end();
    }
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })),
  );
}

/** The default model's version, as this page's fetch (through its service worker) gets it. */
const servedModelVersion = (page: Page) =>
  page.evaluate(async () => (await (await fetch('/models/default/config.json')).json()).ner.version as string);

test('a new version waits for the person, serves no new model file before, and applies in every tab without losing an edit', async ({ browser }) => {
  const root = mkdtempSync(join(tmpdir(), 'ner-update-'));
  cpSync('dist', root, { recursive: true });
  const { server, origin } = await serve(root);
  const context = await browser.newContext();
  try {
    const first = await context.newPage();
    await first.goto(`${origin}/?model=default`);
    await expect(first.getByTestId('offline-status')).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
    await expect(first.getByTestId('backend')).toHaveText(/webgpu|wasm/, { timeout: 120_000 });
    const oldVersion = await servedModelVersion(first);
    const second = await context.newPage();
    await second.goto(`${origin}/?model=default`);
    await expect(second.getByTestId('offline-status')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });

    // Deploy a new version: a changed model config, with its new revision in the precache manifest.
    const configPath = join(root, 'models/default/config.json');
    const config = JSON.parse(readFileSync(configPath, 'utf8'));
    const newVersion = `${config.ner.version}-e2e-update`;
    config.ner.version = newVersion;
    writeFileSync(configPath, JSON.stringify(config, null, 2));
    const swPath = join(root, 'sw.js');
    const sw = readFileSync(swPath, 'utf8');
    const entry = /\{url:"models\/default\/config\.json",revision:"[0-9a-f]+"\}/;
    expect(sw).toMatch(entry);
    writeFileSync(swPath, sw.replace(entry, '{url:"models/default/config.json",revision:"e2e0update0000000000000000000000"}'));

    await first.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
    for (const page of [first, second]) {
      await expect(page.getByTestId('offline-status')).toHaveAttribute('data-state', 'update-ready', { timeout: 120_000 });
      await expect(page.getByTestId('apply-update')).toBeVisible();
      // Waiting: the new version's files are installed, yet the pages still get the old ones.
      expect(await servedModelVersion(page)).toBe(oldVersion);
    }
    expect(await first.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.waiting?.state)).toBe('installed');

    const typed = ' 업데이트 직전에 쓴 문장.';
    await first.getByTestId('ner-input').press('End');
    await first.getByTestId('ner-input').pressSequentially(typed);
    const textBefore = await first.getByTestId('ner-input').inputValue();

    const reloads = [first, second].map((page) => page.waitForEvent('load', { timeout: 60_000 }));
    await first.getByTestId('apply-update').click();
    await Promise.all(reloads);
    for (const page of [first, second]) {
      await expect(page.getByTestId('offline-status')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
      expect(await servedModelVersion(page)).toBe(newVersion);
    }
    await expect(first.getByTestId('ner-input')).toHaveValue(textBefore, { timeout: 30_000 });
    await expect(first.getByTestId('backend')).toHaveText(/webgpu|wasm/, { timeout: 120_000 });
  } finally {
    await context.close();
    server.close();
    rmSync(root, { recursive: true, force: true });
  }
});
