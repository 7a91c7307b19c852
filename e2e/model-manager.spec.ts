/**
 * "Load model" end to end in Chromium, with real Cache Storage and the real install worker:
 * a bundle from files, a folder (a KoBERT-layout bundle made by `npm run convert-kobert` from a
 * tiny reference-layout checkpoint), a .zip and a URL; listed with its card, used (entities equal
 * the Node CLI's for the same bundle and text), kept over reloads, removed; and broken input
 * (a missing crf.json, a garbage .zip, a truncated ONNX file, a full disk) named, changing nothing;
 * a URL on another site (a second local server) refused before any fetch, saying why (model-url.ts).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { zipSync } from 'fflate';
import { analyzeText, APP_DEFAULT_MODEL, spansOf, gotoView } from './helpers';

const TINY = 'public/models/tiny-random';
const TINY_FILES = ['config.json', 'crf.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx', 'MODEL_CARD.md'];
const TINY_NAME = JSON.parse(readFileSync(`${TINY}/config.json`, 'utf8')).ner.name as string;
const DEFAULT_NAME = JSON.parse(readFileSync(`public/models/${APP_DEFAULT_MODEL}/config.json`, 'utf8')).ner.name as string;
// Text the tiny KoBERT fixture's SentencePiece model knows (tools/kobert_fixture.py SEED_TEXT).
const KOBERT_TEXT = '김철수는 서울에 갔다. 영희는 부산에서 이순신 장군을 만났다. 삼성전자는 10억 원을 투자했다.';
const NEWS = '김민준 기자는 24일 서울 종로구 세종문화회관에서 열린 기자회견에 참석했다.';

let work = '';
let kobert = '';

// Several model loads per test (the 16 MB default included) on CPUs shared with a training job.
test.describe.configure({ timeout: 480_000 });

test.beforeAll(() => {
  test.setTimeout(240_000);
  work = mkdtempSync(join(tmpdir(), 'model-manager-'));
  kobert = join(work, 'kobert-bundle');
  const env = { ...process.env, OMP_WAIT_POLICY: 'PASSIVE' };
  const paths = JSON.parse(execFileSync('/usr/bin/python3', ['tools/kobert_fixture.py', 'make', join(work, 'checkpoint')], { env, encoding: 'utf8' })) as Record<string, string>;
  const converted = spawnSync('npm', ['run', '-s', 'convert-kobert', '--', '--checkpoint', paths.checkpoint, '--ner-to-index', paths.ner_to_index,
    '--sentencepiece', paths.sentencepiece, '--vocab', paths.vocab, '--bert-config', paths.bert_config, '--out', kobert], { env, encoding: 'utf8' });
  expect(converted.status, converted.stderr).toBe(0);
});

test.afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** The entities `npm run ner -- --model DIR` writes for one line of text. */
function cliEntities(bundle: string, text: string) {
  const result = spawnSync('npm', ['run', '-s', 'ner', '--', '--model', bundle], { input: `${text}\n`, encoding: 'utf8' });
  expect(result.status, result.stderr).toBe(0);
  return spansOf((JSON.parse(result.stdout.trim()) as { entities: { start: number; end: number; label: string; text: string }[] }).entities);
}

/** Opens the app (no ?model: the remembered or default one) and waits for a model to be ready. */
async function open(page: Page, path = '/'): Promise<void> {
  await page.goto(path);
  await expect(page.getByTestId('backend')).toHaveText(/wasm|webgpu/, { timeout: 120_000 });
}

const item = (page: Page, modelId: string) => page.locator(`[data-testid="model-item"][data-model-id="${modelId}"]`);

async function expectInUse(page: Page, modelId: string, name: string): Promise<void> {
  await expect(item(page, modelId)).toHaveAttribute('data-selected', 'true');
  await gotoView(page, 'models');
  await expect(page.locator('[data-testid="model-item"][data-selected="true"]')).toHaveCount(1);
  await expect(page.getByTestId('backend')).toHaveText(/wasm|webgpu/, { timeout: 120_000 });
  await expect(page.getByTestId('model-card')).toContainText(name);
}

/** What must not change when an install fails: the list, the model in use, the caches. */
async function storeState(page: Page) {
  return {
    items: await page.getByTestId('model-item').evaluateAll((rows) => rows.map((row) => `${row.dataset.modelId}:${row.dataset.selected}`)),
    caches: await page.evaluate(() => caches.keys()),
  };
}

async function expectInstallError(page: Page, message: string | RegExp): Promise<void> {
  await gotoView(page, 'models');
  await expect(page.getByTestId('model-notice-error')).toContainText(message);
  await expect(page.getByTestId('model-install-status')).toHaveCount(0);
}

test('bundle files: listed with their card, used, kept over reloads, then removed', async ({ page }) => {
  await open(page);
  await expectInUse(page, APP_DEFAULT_MODEL, DEFAULT_NAME);
  // The built-in models cannot be removed.
  await expect(item(page, APP_DEFAULT_MODEL).getByRole('button', { name: /Remove/ })).toHaveCount(0);

  await gotoView(page, 'models');
  await page.getByTestId('load-files').setInputFiles(TINY_FILES.map((file) => join(TINY, file)));
  await expect(page.getByTestId('model-notice-info')).toContainText(`Installed “${TINY_NAME}” (6 files)`, { timeout: 60_000 });
  const row = item(page, 'installed:tiny-random');
  await gotoView(page, 'models');
  await expect(row.getByTestId('model-item-license')).toHaveText('Apache-2.0 (random weights, no data)');
  await expect(row.getByTestId('model-item-labels')).toHaveText(/^21 \(PER, ORG, LOC, /);
  await expect(row.getByTestId('model-item-size')).toHaveText(/^\d+ KB$/);
  await expect(row.getByTestId('model-item-source')).toHaveText('6 files');
  await expectInUse(page, 'installed:tiny-random', TINY_NAME);

  const marks = await analyzeText(page, NEWS);
  for (const mark of marks) expect(NEWS.slice(mark.start, mark.end)).toBe(mark.text);
  expect(spansOf(marks)).toEqual(cliEntities(TINY, NEWS));

  await page.reload();
  await expectInUse(page, 'installed:tiny-random', TINY_NAME);
  await open(page, '/'); // a new visit, nothing in the address: the remembered choice
  await expectInUse(page, 'installed:tiny-random', TINY_NAME);

  await gotoView(page, 'models');
  await row.getByRole('button', { name: /Remove/ }).click();
  await expect(row).toHaveCount(0);
  await expectInUse(page, APP_DEFAULT_MODEL, DEFAULT_NAME);
  expect((await page.evaluate(() => caches.keys())).filter((name) => name.startsWith('ner-model:'))).toEqual([]);
  await open(page, '/');
  await expectInUse(page, APP_DEFAULT_MODEL, DEFAULT_NAME);
});

test('a converted KoBERT-CRF folder: its entities equal the CLI on the same bundle', async ({ page }) => {
  await open(page);
  await gotoView(page, 'models');
  await page.getByTestId('load-folder').setInputFiles(kobert);
  await expect(page.getByTestId('model-notice-info')).toContainText('Installed “KoBERT-CRF (converted)” (folder kobert-bundle)', { timeout: 60_000 });
  const row = item(page, 'installed:kobert-crf');
  await gotoView(page, 'models');
  await expect(row.getByTestId('model-item-labels')).toHaveText(/^25 \(POH, NOH, PNT, DAT, PER, TIM, LOC, ORG, MNY, DUR\)$/);
  await expectInUse(page, 'installed:kobert-crf', 'KoBERT-CRF (converted)');

  const expected = cliEntities(kobert, KOBERT_TEXT);
  expect(expected.length).toBeGreaterThan(0); // random weights spread wide: entities do appear
  const marks = await analyzeText(page, KOBERT_TEXT);
  for (const mark of marks) expect(KOBERT_TEXT.slice(mark.start, mark.end)).toBe(mark.text);
  expect(spansOf(marks)).toEqual(expected);

  await page.reload();
  await expectInUse(page, 'installed:kobert-crf', 'KoBERT-CRF (converted)');
  expect(spansOf(await analyzeText(page, KOBERT_TEXT))).toEqual(expected);
  await gotoView(page, 'models');
  await row.getByRole('button', { name: /Remove/ }).click();
  await expectInUse(page, APP_DEFAULT_MODEL, DEFAULT_NAME);
});

test('a .zip and a same-origin URL install; a URL of this site that cannot be fetched says so', async ({ page }) => {
  const zipPath = join(work, 'tiny.zip');
  writeFileSync(zipPath, zipSync(Object.fromEntries(TINY_FILES.map((file) => [`tiny-random/${file}`, new Uint8Array(readFileSync(join(TINY, file)))]))));
  await open(page);
  await gotoView(page, 'models');
  await page.getByTestId('load-files').setInputFiles(zipPath);
  await expect(page.getByTestId('model-notice-info')).toContainText(`Installed “${TINY_NAME}” (zip tiny.zip)`, { timeout: 60_000 });
  await expectInUse(page, 'installed:tiny-random', TINY_NAME);

  await page.getByText('Load model 모델 불러오기').click(); // opens the details with the URL field
  // A relative path: resolved against the page's address (not the install worker's script, under /assets/).
  await page.getByTestId('load-url').fill('models/tiny-random/');
  await page.getByRole('button', { name: 'Load from URL' }).click();
  await expect(page.getByTestId('model-notice-info')).toContainText(`Replaced “${TINY_NAME}” (URL models/tiny-random/)`, { timeout: 60_000 });
  await expect(item(page, 'installed:tiny-random').getByTestId('model-item-source')).toHaveText('URL models/tiny-random/');
  await expect(page.locator('[data-testid="model-item"][data-model-id^="installed:"]')).toHaveCount(1); // replaced, not installed twice

  const before = await storeState(page);
  // No answer from this site (offline, nothing cached for that path): said so, nothing about CORS.
  await page.context().setOffline(true);
  await page.getByTestId('load-url').fill('/models/never-fetched/');
  await page.getByRole('button', { name: 'Load from URL' }).click();
  await expectInstallError(page, `could not fetch ${new URL('/models/never-fetched/config.json', page.url()).href}: this site did not answer (offline`);
  await page.context().setOffline(false);
  await page.getByTestId('load-url').fill('/models/no-such-model/');
  await page.getByRole('button', { name: 'Load from URL' }).click();
  await expectInstallError(page, 'model bundle: missing file config.json');
  expect(await storeState(page)).toEqual(before);
});

test('broken bundles are named and change nothing: no crf.json, a garbage .zip, a truncated ONNX, a full disk', async ({ page }) => {
  await open(page);
  const before = await storeState(page);

  const noCrf = join(work, 'no-crf');
  cpSync(kobert, noCrf, { recursive: true });
  rmSync(join(noCrf, 'crf.json'));
  await gotoView(page, 'models');
  await page.getByTestId('load-folder').setInputFiles(noCrf);
  await expectInstallError(page, 'The model was not installed: model bundle: missing file crf.json');
  expect(await storeState(page)).toEqual(before);

  const garbage = join(work, 'garbage.zip');
  writeFileSync(garbage, Buffer.from('definitely not a zip archive '.repeat(100)));
  await page.getByTestId('load-files').setInputFiles(garbage);
  await expectInstallError(page, 'garbage.zip: not a .zip file');

  const badCrf = join(work, 'bad-crf');
  cpSync(TINY, badCrf, { recursive: true });
  const crf = JSON.parse(readFileSync(join(badCrf, 'crf.json'), 'utf8'));
  crf.transitions = crf.transitions.slice(1);
  writeFileSync(join(badCrf, 'crf.json'), JSON.stringify(crf));
  await page.getByTestId('load-folder').setInputFiles(badCrf);
  await expectInstallError(page, 'crf.json: expected transitions to be 21x21, got 20x21');

  const truncated = join(work, 'truncated');
  cpSync(TINY, truncated, { recursive: true });
  truncateSync(join(truncated, 'onnx/model.onnx'), Math.floor(statSync(join(TINY, 'onnx/model.onnx')).size / 2));
  await page.getByTestId('load-folder').setInputFiles(truncated);
  // config.json's ner.files names the size: caught before ONNX Runtime sees the file.
  await expectInstallError(page, /onnx\/model\.onnx: does not match config\.json \([\d,]+ bytes, config\.json says [\d,]+\): the file is truncated/);
  expect(await storeState(page)).toEqual(before);
  // A bundle without ner.files (written by other tools): ONNX Runtime's own check names it.
  const config = JSON.parse(readFileSync(join(truncated, 'config.json'), 'utf8'));
  delete config.ner.files;
  writeFileSync(join(truncated, 'config.json'), JSON.stringify(config));
  await page.getByTestId('load-folder').setInputFiles(truncated);
  await expectInstallError(page, 'onnx/model.onnx: not a model ONNX Runtime can open');
  expect(await storeState(page)).toEqual(before);

  // A full disk: Chromium's own quota for this origin, set far below the bundle's size.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(page.url()).origin, quotaSize: 20_000 });
  await page.getByTestId('load-folder').setInputFiles(TINY);
  await expectInstallError(page, /not enough storage space for this model \([\d.]+ MB\): remove an installed model or free disk space/);
  expect(await storeState(page)).toEqual(before);
  await expectInUse(page, APP_DEFAULT_MODEL, DEFAULT_NAME);

  // The page still works after all of it.
  await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(page.url()).origin });
  await analyzeText(page, NEWS);
});

test('a model URL on another site is refused before any fetch: the field and the message say why and what to do instead', async ({ page }) => {
  // A real second origin that serves the bundle and would allow a cross-origin read (CORS, CORP).
  const served: string[] = [];
  const server = createServer((request, response) => {
    served.push(request.url ?? '');
    const path = join(TINY, decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname).replace(/^\/tiny-random\//, ''));
    const headers = { 'Access-Control-Allow-Origin': '*', 'Cross-Origin-Resource-Policy': 'cross-origin' };
    try {
      response.writeHead(200, headers).end(readFileSync(path));
    } catch {
      response.writeHead(404, headers).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const other = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const asked: string[] = [];
    page.context().on('request', (request) => {
      if (request.url().startsWith(other)) asked.push(request.url());
    });
    await open(page);
    await gotoView(page, 'models');
    await page.getByText('Load model 모델 불러오기').click();
    const field = page.getByTestId('load-url');
    expect(await field.getAttribute('placeholder')).not.toContain('https://');
    await expect(page.getByTestId('load-url-help')).toContainText('A URL loads from this site');
    await expect(page.getByTestId('load-url-help')).toContainText('nothing you type can leave this device');
    const before = await storeState(page);

    for (const url of [`${other}/tiny-random/`, `${other}/tiny-random/config.json`, `${other}/tiny-random.zip`]) {
      await field.fill(url);
      await page.getByRole('button', { name: 'Load from URL' }).click();
      const notice = page.getByTestId('model-notice-error');
      await expectInstallError(page, `The model was not installed: ${url} is on another site. This page loads models only from its own site (${new URL(page.url()).origin})`);
      await expect(notice).toContainText('Download the model');
      await expect(notice).toContainText('“Files or .zip…”');
      await expect(notice).not.toContainText(/CORS|Access-Control|did not answer/i);
    }
    expect(await storeState(page)).toEqual(before);
    expect(asked).toEqual([]);
    expect(served).toEqual([]);
    // The other site was there and would have served the bundle: the page chose not to ask it.
    expect((await fetch(`${other}/tiny-random/config.json`)).status).toBe(200);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});
