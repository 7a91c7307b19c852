/**
 * Hostile files in the real app (issue 13, item 5): each gets a message naming the problem,
 * the page keeps working and nothing stored changes. Import files: a binary file, text in
 * EUC-KR/CP949 and UTF-16 (decoded and said so), a file over the size limit. Model bundles: an
 * ONNX file of random bytes, a .zip bomb, a .zip entry climbing out with "../", an absurd
 * config.json, a URL that never answers. The importers' and loader's pure parts are fuzzed in
 * src/formats/hostile.test.ts and src/models/bundle-input.test.ts.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { zipSync } from 'fflate';
import { storedDocuments, gotoView } from './helpers';

const TINY = 'public/models/tiny-random';
const work = mkdtempSync(join(tmpdir(), 'ner-hostile-'));

// Routed requests (the URL that never answers) must not be answered by the service worker's cache.
test.use({ serviceWorkers: 'block' });

async function openWorkspace(page: Page): Promise<void> {
  await page.goto('/');
  // the open document's analysis is in and saved: nothing changes the store after this but the test
  await expect(page.getByTestId('ner-output')).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-status', 'saved');
}

async function importBytes(page: Page, name: string, bytes: Buffer): Promise<void> {
  await gotoView(page, 'documents');
  await page.getByTestId('import-file').setInputFiles({ name, mimeType: 'application/octet-stream', buffer: bytes });
}

test('import files: binary refused, EUC-KR and UTF-16 decoded and named, a 50 MB file refused at once; nothing stored changes on a refusal', async ({ page }) => {
  await openWorkspace(page);
  const before = await storedDocuments(page);
  const notice = page.getByTestId('workspace-notice');

  await importBytes(page, 'model.bin', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 2654435761) >>> 24)));
  await expect(notice).toContainText('Import of model.bin failed, nothing was changed: not text in UTF-8, UTF-16 or EUC-KR/CP949');
  await importBytes(page, 'nul.txt', Buffer.from('김철수\u0000는', 'utf8'));
  await expect(notice).toContainText('Import of nul.txt failed, nothing was changed: line 1: contains a NUL character');
  writeFileSync(join(work, 'big.txt'), Buffer.alloc(50 * 1024 * 1024, 0x41));
  await gotoView(page, 'documents');
  await page.getByTestId('import-file').setInputFiles(join(work, 'big.txt'));
  await expect(notice).toContainText('Import of big.txt failed, nothing was changed: the file is 50.0 MB; the limit for one import is 32.0 MB');
  expect(await storedDocuments(page)).toEqual(before);

  // Real CP949 bytes (iconv), with "똠", a CP949 extension syllable outside EUC-KR's KS X 1001.
  const text = '김철수는 서울에 갔다. 똠방각하';
  const cp949 = execFileSync('iconv', ['-f', 'utf-8', '-t', 'cp949'], { input: text });
  await importBytes(page, 'old.txt', cp949);
  await expect(notice).toContainText('Imported 1 document from old.txt (the file is in EUC-KR (CP949): decoded from it)');
  await gotoView(page, 'analyse');
  await expect(page.getByTestId('ner-input')).toHaveValue(text);
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), execFileSync('iconv', ['-f', 'utf-8', '-t', 'utf-16le'], { input: text })]);
  await importBytes(page, 'wide.txt', utf16);
  await expect(notice).toContainText('Imported 1 document from wide.txt (the file is in UTF-16 LE: decoded from it)');
  await expect(page.getByTestId('ner-input')).toHaveValue(text);
});

async function openModels(page: Page): Promise<void> {
  await page.goto('/?model=tiny-random');
  await expect(page.getByTestId('backend')).toHaveText(/wasm|webgpu/, { timeout: 120_000 });
}

async function expectInstallError(page: Page, message: string | RegExp): Promise<void> {
  await gotoView(page, 'models');
  await expect(page.getByTestId('model-notice-error')).toContainText(message, { timeout: 60_000 });
  await expect(page.getByTestId('model-install-status')).toHaveCount(0);
}

const modelList = (page: Page) => page.getByTestId('model-item').evaluateAll((rows) => rows.map((row) => `${row.dataset.modelId}:${row.dataset.selected}`));

test('model bundles: random-bytes ONNX, .zip bomb, "../" entry, absurd config, a URL that never answers: each named, nothing installed', async ({ page, context }) => {
  await openModels(page);
  const before = { items: await modelList(page), caches: await page.evaluate(() => caches.keys()) };
  const tinyFile = (path: string) => new Uint8Array(readFileSync(join(TINY, path)));
  const paths = ['config.json', 'crf.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx'];

  const random = join(work, 'random-onnx');
  cpSync(TINY, random, { recursive: true });
  writeFileSync(join(random, 'onnx/model.onnx'), Buffer.from(Array.from({ length: 200_000 }, (_, i) => (i * 2246822519) >>> 24)));
  // Without ner.files (a bundle from other tools), so that ONNX Runtime itself meets the bytes;
  // with it, the size check would refuse them first (e2e/model-manager.spec.ts).
  const randomConfig = JSON.parse(readFileSync(join(random, 'config.json'), 'utf8'));
  delete randomConfig.ner.files;
  writeFileSync(join(random, 'config.json'), JSON.stringify(randomConfig));
  await gotoView(page, 'models');
  await page.getByTestId('load-folder').setInputFiles(random);
  await expectInstallError(page, 'onnx/model.onnx: not a model ONNX Runtime can open');

  // A bomb's central directory declares what it unpacks to: 4 GB per entry here.
  const bomb = zipSync(Object.fromEntries(paths.map((path) => [path, tinyFile(path)])));
  const view = new DataView(bomb.buffer);
  for (let offset = 0; offset + 46 <= bomb.length; offset++) if (view.getUint32(offset, true) === 0x02014b50) view.setUint32(offset + 24, 0xfffffff0, true);
  writeFileSync(join(work, 'bomb.zip'), bomb);
  await gotoView(page, 'models');
  await page.getByTestId('load-files').setInputFiles(join(work, 'bomb.zip'));
  await expectInstallError(page, 'bomb.zip: its entries unpack to more than 1024 MB (a .zip bomb?): refused');

  writeFileSync(join(work, 'climb.zip'), zipSync({ ...Object.fromEntries(paths.map((path) => [path, tinyFile(path)])), '../../outside.json': new Uint8Array([123, 125]) }));
  await page.getByTestId('load-files').setInputFiles(join(work, 'climb.zip'));
  await expectInstallError(page, 'climb.zip: entry "../../outside.json" climbs out of its folder');

  const absurd = join(work, 'absurd');
  cpSync(TINY, absurd, { recursive: true });
  const config = JSON.parse(readFileSync(join(TINY, 'config.json'), 'utf8'));
  config.ner.max_seq_length = 1e9;
  writeFileSync(join(absurd, 'config.json'), JSON.stringify(config));
  await page.getByTestId('load-folder').setInputFiles(absurd);
  await expectInstallError(page, 'config.json: expected ner.max_seq_length to be an integer from 4 to 8192, got 1000000000');

  // Same origin (the page's Content-Security-Policy allows no other), and the server never answers.
  await context.route('**/never-answers/**', () => {});
  await page.getByText('Load model 모델 불러오기').click();
  await page.getByTestId('load-url').fill('/never-answers/model/');
  await page.getByRole('button', { name: 'Load from URL' }).click();
  await expectInstallError(page, /never-answers\/model\/config\.json: the server sent nothing for 15 s; stopped waiting/);

  expect({ items: await modelList(page), caches: await page.evaluate(() => caches.keys()) }).toEqual(before);
});

test('a 1,000,000-character paste is refused with the limit named; the text stays and the page keeps working (issue 13, item 6)', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openWorkspace(page);
  const input = page.getByTestId('ner-input');
  const before = await input.inputValue();
  await page.evaluate((length) => navigator.clipboard.writeText('가나다라 '.repeat(length / 5)), 1_000_000);
  await input.focus();
  await input.press('Control+End');
  await input.press('Control+V');
  await expect(page.getByTestId('paste-refused')).toHaveText(/^Not pasted: the text would have 1,000,\d{3} characters; the editor takes up to 200,000\./);
  await expect(input).toHaveValue(before);

  // A paste within the limit goes in, and the refusal is gone.
  await page.evaluate(() => navigator.clipboard.writeText(' 붙여넣기'));
  await input.press('Control+V');
  await expect(input).toHaveValue(`${before} 붙여넣기`);
  await expect(page.getByTestId('paste-refused')).toHaveCount(0);
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-status', 'saved');
});
