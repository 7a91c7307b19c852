/**
 * Installable PWA (vite.config.ts, src/app/offline.ts): after one visit the service worker
 * serves the app, ONNX Runtime and the default model with the network off, and the page
 * stays cross-origin isolated (cached responses keep COOP/COEP).
 */
import { expect, test } from '@playwright/test';
import { analyzeText, nodeEntities, openApp, spansOf } from './helpers';

test('after one visit the app analyses a new text offline, reload included, still cross-origin isolated', async ({ page, context }) => {
  await openApp(page, { model: 'default' });
  await expect(page.getByTestId('offline-status')).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
  expect(await page.evaluate(() => navigator.serviceWorker.controller?.state)).toBe('activated');
  // Ready means the precache holds the model the app runs (int8): check it is really in Cache
  // Storage, and that the fp32 file, which it does not run, was not downloaded with it.
  const cachedBytes = (path: string) =>
    page.evaluate(async (file) => {
      const response = await caches.match(new URL(file, location.href).href, { ignoreSearch: true });
      return response ? (await response.arrayBuffer()).byteLength : 0;
    }, path);
  expect(await cachedBytes('/models/default/onnx/model_quantized.onnx')).toBeGreaterThan(1_000_000);
  expect(await cachedBytes('/models/default/onnx/model.onnx')).toBe(0);
  // ONNX Runtime: the plain WASM build is precached (every browser runs it), the WebGPU (JSEP)
  // build is cached only once a page uses it.
  const cachedUrls = await page.evaluate(async () =>
    (await Promise.all((await caches.keys()).map(async (name) => (await (await caches.open(name)).keys()).map((request) => request.url)))).flat(),
  );
  expect(cachedUrls.filter((url) => /\/ort-wasm-simd-threaded-[^/.]+\.wasm/.test(url))).toHaveLength(1);
  expect(cachedUrls.filter((url) => url.includes('.jsep') && url.includes('.wasm'))).toEqual([]);

  await context.setOffline(true);
  expect(await page.evaluate(() => navigator.onLine)).toBe(false);
  await page.reload();
  await expect(page.getByTestId('backend')).toHaveText(/webgpu|wasm/, { timeout: 120_000 });
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  await expect(page.getByTestId('offline-status')).toHaveAttribute('data-state', 'ready');

  const text = '이순신 장군은 1592년 7월 한산도 앞바다에서 왜군을 크게 물리쳤다. 서울시는 내일 광화문에서 기념식을 연다.';
  const marks = await analyzeText(page, text);
  expect(marks.length).toBeGreaterThan(0);
  expect(spansOf(marks)).toEqual(spansOf(await nodeEntities('default', text)));
});

test('the manifest names the app and its icons, which are real PNGs of the stated size', async ({ page }) => {
  await page.goto('/');
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  expect(href).toBeTruthy();
  const manifest = await (await page.request.get(href!)).json();
  expect(manifest.name).toContain('Korean NER');
  expect(manifest.display).toBe('standalone');
  expect(manifest.icons.length).toBeGreaterThanOrEqual(2);
  for (const icon of manifest.icons as { src: string; sizes: string; type: string }[]) {
    const bytes = await (await page.request.get(new URL(icon.src, new URL(href!, page.url())).href)).body();
    expect(bytes.subarray(1, 4).toString('ascii')).toBe('PNG');
    const [width, height] = icon.sizes.split('x').map(Number);
    expect([bytes.readUInt32BE(16), bytes.readUInt32BE(20)]).toEqual([width, height]);
  }
});
