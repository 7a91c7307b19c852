/**
 * Issue 30, an audited window: a reload while a model installs. The install runs in a worker of
 * its own (src/models/install.worker.ts) and stores the bundle in Cache Storage last
 * (model-store.ts installFiles: the files, then `.installed.json`). A reload can land in either
 * phase, and the test holds each one open so it is certain, not lucky:
 * - downloading: the ONNX file's response is held (a route), so nothing is stored yet;
 * - storing: the bundle's small files are in the new cache and the ONNX file's write is held
 *   (Cache.prototype.put wrapped inside the install worker), as a large model's write takes time.
 * Text is typed in the open document in each phase just before the reload. Afterwards: every
 * typed character is stored (and still there after another reload), the model in use before the
 * install still finds entities, no half-installed model is offered (nor left in storage), and the
 * same install run again succeeds as a first install.
 */
import { expect, test, type Page, type Route, type Worker } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { APP_DEFAULT_MODEL, gotoView, readMarks, storedDocuments, waitForAnalysis } from './helpers';

// The service worker is not under test (and would answer the fetches the route must see).
test.use({ serviceWorkers: 'block' });
test.describe.configure({ timeout: 300_000 });

const TINY_NAME = JSON.parse(readFileSync('public/models/tiny-random/config.json', 'utf8')).ner.name as string;
const INSTALLED = 'installed:tiny-random';
const ONNX = '**/models/tiny-random/onnx/*.onnx';
// Each typed in one phase; together they name people and places the default model finds.
const TYPED = ['김민준 기자는 서울에서 일한다.', ' 이영희 교수는 대전에서 발표했다.', ' 부산시는 해운대 도로를 정비한다.'];

const item = (page: Page, modelId: string) => page.locator(`[data-testid="model-item"][data-model-id="${modelId}"]`);

async function openWorkspace(page: Page): Promise<void> {
  await page.goto('/?backend=wasm');
  await expect(page.getByTestId('backend')).toHaveText(/wasm/, { timeout: 120_000 });
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-status', 'saved', { timeout: 60_000 });
}

async function startUrlInstall(page: Page): Promise<void> {
  await gotoView(page, 'models');
  await page.getByText('Load model 모델 불러오기').click(); // opens the details with the URL field
  await page.getByTestId('load-url').fill('models/tiny-random/');
  await page.getByRole('button', { name: 'Load from URL' }).click();
}

/** Types at the end of the open document, key by key, as a person does. */
async function typeAtEnd(page: Page, text: string): Promise<void> {
  await gotoView(page, 'analyse');
  const input = page.getByTestId('ner-input');
  await input.focus();
  await input.press('Control+End');
  await page.keyboard.type(text);
}

const modelCaches = (page: Page) => page.evaluate(async () => (await caches.keys()).filter((name) => name.startsWith('ner-model:')));

/** What a person sees after the reload: the old model in use and finding entities, nothing half-installed. */
async function expectUnharmed(page: Page, text: string): Promise<void> {
  await expect(page.getByTestId('backend')).toHaveText(/wasm/, { timeout: 120_000 });
  await gotoView(page, 'analyse');
  await expect(page.getByTestId('ner-input')).toHaveValue(text);
  await gotoView(page, 'models');
  await expect(item(page, APP_DEFAULT_MODEL)).toHaveAttribute('data-selected', 'true');
  await expect(page.getByTestId('model-item').first()).toBeVisible();
  // The listing has run (it sweeps unfinished installs): the interrupted one is neither offered nor kept.
  await expect.poll(() => modelCaches(page)).toEqual([]);
  await expect(item(page, INSTALLED)).toHaveCount(0);
  await expect(page.getByTestId('model-install-status')).toHaveCount(0);
  await gotoView(page, 'analyse');
  await waitForAnalysis(page, text);
  const marks = await readMarks(page);
  expect(marks.length).toBeGreaterThan(0);
  for (const mark of marks) expect(text.slice(mark.start, mark.end)).toBe(mark.text);
}

test('a reload while a model downloads or is being stored: the typed text is kept, the old model works, no broken model is offered, and the install runs again', async ({ page }) => {
  // The ONNX file's response: held while `holdOnnx`, else served.
  let holdOnnx = true;
  const held: Route[] = [];
  let onnxAsked!: () => void;
  let asked = new Promise<void>((resolve) => (onnxAsked = resolve));
  await page.context().route(ONNX, async (route) => {
    if (!holdOnnx) return route.continue();
    held.push(route);
    onnxAsked();
  });

  await openWorkspace(page);
  await gotoView(page, 'models');
  await expect(item(page, APP_DEFAULT_MODEL)).toHaveAttribute('data-selected', 'true');
  await gotoView(page, 'analyse');
  await page.getByTestId('ner-input').fill('');
  await typeAtEnd(page, TYPED[0]);

  // 1. Reload while the ONNX file downloads.
  await startUrlInstall(page);
  await asked;
  await gotoView(page, 'models');
  await expect(page.getByTestId('model-install-status')).toBeVisible();
  await typeAtEnd(page, TYPED[1]);
  await page.reload();
  await expectUnharmed(page, TYPED[0] + TYPED[1]);

  // 2. Reload while the bundle is being stored: the ONNX file's write into the cache is held.
  asked = new Promise<void>((resolve) => (onnxAsked = resolve));
  const installWorker = new Promise<Worker>((resolve) => {
    const onWorker = (worker: Worker) => {
      if (!/install/.test(worker.url())) return;
      page.off('worker', onWorker);
      resolve(worker);
    };
    page.on('worker', onWorker);
  });
  await startUrlInstall(page);
  await asked; // the download waits, so the worker is wrapped before it stores anything
  await (await installWorker).evaluate(() => {
    const scope = self as unknown as { heldWrite?: boolean };
    const put = Cache.prototype.put;
    Cache.prototype.put = function (request: RequestInfo | URL, response: Response) {
      const url = request instanceof Request ? request.url : String(request);
      if (!url.endsWith('.onnx')) return put.call(this, request, response);
      scope.heldWrite = true;
      return new Promise<void>(() => undefined);
    };
  });
  holdOnnx = false;
  for (const route of held.splice(0)) await route.continue().catch(() => undefined);
  await expect.poll(() => installWorker.then((worker) => worker.evaluate(() => (self as unknown as { heldWrite?: boolean }).heldWrite === true)), { timeout: 60_000 }).toBe(true);
  await gotoView(page, 'models');
  await expect(page.getByTestId('model-install-status')).toContainText('Storing the model');
  // Half written: the new cache is there, with the bundle's first files in it.
  expect(await modelCaches(page)).toEqual([expect.stringMatching(/^ner-model:tiny-random:/)]);
  await typeAtEnd(page, TYPED[2]);
  await page.reload();
  const all = TYPED.join('');
  await expectUnharmed(page, all);

  // Every typed character is stored, and still there after another reload.
  await page.reload();
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-status', 'saved', { timeout: 60_000 });
  await gotoView(page, 'analyse');
  await expect(page.getByTestId('ner-input')).toHaveValue(all);
  expect((await storedDocuments(page)).map((d) => d.text)).toEqual([all]);
  await gotoView(page, 'models');
  await expect(item(page, INSTALLED)).toHaveCount(0);

  // The same install again: a first install (nothing half-written was kept to replace), used, kept.
  await startUrlInstall(page);
  await expect(page.getByTestId('model-notice-info')).toContainText(`Installed “${TINY_NAME}” (URL models/tiny-random/)`, { timeout: 60_000 });
  await expect(item(page, INSTALLED)).toHaveAttribute('data-selected', 'true');
  await expect(page.getByTestId('backend')).toHaveText(/wasm/, { timeout: 120_000 });
  await expect(page.getByTestId('model-card')).toContainText(TINY_NAME);
  await gotoView(page, 'analyse');
  await waitForAnalysis(page, all);
  await page.reload();
  await gotoView(page, 'models');
  await expect(item(page, INSTALLED)).toHaveAttribute('data-selected', 'true');
  await gotoView(page, 'analyse');
  await expect(page.getByTestId('ner-input')).toHaveValue(all);
  expect(await modelCaches(page)).toHaveLength(1);
});
