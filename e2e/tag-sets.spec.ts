/**
 * Two tag sets, one model (issue 28) in the page: public/models/tiny-random-two (random weights, a KMOU
 * head and a KLUE-NER head over one encoder). The selector picks the tag set without reloading the model;
 * marks, legend, masking and exports follow it, each compared with onnxruntime-node's answer for the same
 * tag set; a document keeps its tag set across a reload and never gets two tag sets' labels; a file with
 * KLUE labels imported while the page (or the model) is on KMOU keeps its labels and says so.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { loadNodePipeline } from '../src/runtime/ort-node';
import { openApp, readMarks, spansOf, storedDocuments, waitForAnalysis, gotoView, showMasked } from './helpers';

test.describe.configure({ timeout: 180_000 });

const TEXT = '김철수는 2024년 3월 서울에서 삼성전자에 입사했다. 이순신 장군은 조선 수군을 이끌었다. 오후 3시에 10억 원을 받았다.';
const KLUE = ['PS', 'LC', 'OG', 'DT', 'TI', 'QT'];
const KMOU = ['PER', 'ORG', 'LOC', 'POH', 'DAT', 'TIM', 'DUR', 'MNY', 'PNT', 'NOH'];

async function nodeSpans(tagSet: string) {
  const { pipeline, release } = await loadNodePipeline('public/models/tiny-random-two', { quantized: false });
  try {
    return spansOf((await pipeline.analyze(TEXT, { tagSet })).entities);
  } finally {
    await release();
  }
}

async function download(page: Page, testId: string): Promise<string> {
  if (testId.startsWith('export-')) await gotoView(page, 'documents');
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  return readFileSync(await file.path(), 'utf8');
}

const modelLegend = (page: Page) => page.getByTestId('legend').locator('li[data-source="model"] strong');

test('the tag-set selector switches the marks, legend, masking and exports to KLUE-NER on the same model', async ({ page }) => {
  const [kmouSpans, klueSpans] = await Promise.all([nodeSpans('kmou'), nodeSpans('klue')]);
  expect(klueSpans.length).toBeGreaterThan(0);
  expect(klueSpans).not.toEqual(kmouSpans);
  let modelFetches = 0;
  page.context().on('request', (request) => {
    if (request.url().includes('/models/tiny-random-two/onnx/')) modelFetches++;
  });
  await openApp(page, { model: 'tiny-random-two', backend: 'wasm' });
  const selector = page.getByTestId('tag-set');
  await expect(selector).toBeEnabled();
  await expect(selector.locator('option')).toHaveText(['KMOU (10 types)', 'KLUE-NER (6 types)']);
  await expect(selector).toHaveValue('kmou');
  // the model list: licence and tag sets of the model in use
  const item = page.locator('[data-testid="model-item"][data-model-id="tiny-random-two"]');
  await gotoView(page, 'models');
  await expect(item.getByTestId('model-item-license')).toHaveText('Apache-2.0 (random weights, no data)');
  await expect(item.getByTestId('model-item-tag-sets')).toHaveText('KMOU (10 types) [kmou]; KLUE-NER (6 types) [klue]');

  await gotoView(page, 'analyse');
  await page.getByTestId('ner-input').fill(TEXT);
  await waitForAnalysis(page, TEXT);
  expect(spansOf(await readMarks(page))).toEqual(kmouSpans);
  await expect(modelLegend(page)).toHaveText(KMOU);
  const fetchesBefore = modelFetches;
  expect(fetchesBefore).toBeGreaterThan(0);

  await selector.selectOption('klue');
  // the document holds KMOU entities: asked, not mixed
  const mismatch = page.getByTestId('tag-set-mismatch');
  await expect(mismatch).toContainText(`This document's ${kmouSpans.length} ${kmouSpans.length === 1 ? 'entity' : 'entities'} use the kmou tag set; the page is on klue.`);
  expect(spansOf(await readMarks(page))).toEqual(kmouSpans);
  await mismatch.getByTestId('drop-for-tag-set').click();
  await expect(mismatch).toHaveCount(0);
  await waitForAnalysis(page, TEXT);
  await expect.poll(async () => spansOf(await readMarks(page))).toEqual(klueSpans);
  await expect(modelLegend(page)).toHaveText(KLUE);
  // the same session decoded KLUE: the model was not fetched (or loaded) again
  expect(modelFetches).toBe(fetchesBefore);
  // masking offers KLUE's types, people, places and organisations masked by default (beside the masked copy)
  await showMasked(page);
  const maskTypes = page.getByTestId('mask-type');
  const offered = await maskTypes.evaluateAll((boxes) => boxes.map((box) => [box.getAttribute('data-label'), (box as HTMLInputElement).checked]));
  expect(offered.filter(([label]) => KLUE.includes(label as string) || KMOU.includes(label as string))).toEqual(KLUE.map((label) => [label, ['PS', 'LC', 'OG'].includes(label)]));
  await showMasked(page);
  const masked = await page.getByTestId('masked-text').textContent();
  const tags = (label: string) => (masked ?? '').split(`[${label}]`).length - 1;
  expect(KLUE.map(tags)).toEqual(KLUE.map((label) => (['PS', 'LC', 'OG'].includes(label) ? klueSpans.filter((span) => span.label === label).length : 0)));
  expect(tags('PS')).toBeGreaterThan(0);
  // exports write the document's labels (the model's proposals included)
  await gotoView(page, 'documents');
  await page.getByTestId('export-include-pending').check();
  const exported = JSON.parse((await download(page, 'export-doccano')).split('\n').filter(Boolean).at(-1)!) as { text: string; label: [number, number, string][] };
  expect(exported.text).toBe(TEXT);
  expect(exported.label).toEqual(klueSpans.map(({ start, end, label }) => [start, end, label]));

  // stored with its tag set; after a reload the page is on the model's default, the document still KLUE
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-status', 'saved');
  expect((await storedDocuments(page)).find((d) => d.text === TEXT)).toMatchObject({ tagSet: 'klue' });
  await page.reload();
  await expect(page.getByTestId('backend')).toHaveText(/wasm/, { timeout: 120_000 });
  await expect(page.getByTestId('tag-set-mismatch')).toBeVisible();
  await gotoView(page, 'analyse'); // the address kept Documents; the legend is beside the text
  await expect(modelLegend(page)).toHaveText(KLUE);
  await page.getByTestId('use-document-tag-set').click();
  await expect(selector).toHaveValue('klue');
  await waitForAnalysis(page, TEXT);
  expect(spansOf(await readMarks(page))).toEqual(klueSpans);
});

test('a model with one tag set shows it, and a file with KLUE labels keeps them with a notice, never analysed in KMOU', async ({ page }) => {
  await openApp(page, { model: 'tiny-random', backend: 'wasm' });
  const selector = page.getByTestId('tag-set');
  await expect(selector).toBeDisabled();
  await expect(selector.locator('option')).toHaveText(['kmou']);
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-status', 'saved');
  const text = '김철수는 서울에서 2024년에 삼성전자에 갔다.';
  const labels: [number, number, string][] = [
    [0, 3, 'PS'],
    [5, 7, 'LC'],
    [10, 15, 'DT'],
    [17, 21, 'OG'],
  ];
  await gotoView(page, 'documents');
  await page.getByTestId('import-file').setInputFiles({ name: 'klue.jsonl', mimeType: 'text/plain', buffer: Buffer.from(`${JSON.stringify({ text, label: labels })}\n`, 'utf8') });
  await expect(page.getByTestId('workspace-notice')).toContainText('Its labels are those of the klue tag set, not kmou: they are kept as they are');
  await gotoView(page, 'analyse');
  await expect(page.getByTestId('ner-input')).toHaveValue(text);
  const mismatch = page.getByTestId('tag-set-mismatch');
  await expect(mismatch).toContainText('(this model has no klue tag set)');
  await expect(mismatch.getByTestId('use-document-tag-set')).toBeDisabled();
  await expect.poll(async () => (await readMarks(page)).map(({ start, end, label }) => [start, end, label])).toEqual(labels);
  await expect(modelLegend(page)).toHaveText(KLUE);
  // nothing of KMOU's joined them (the model did not analyse the document)
  await page.waitForTimeout(1000);
  expect((await readMarks(page)).map(({ label }) => label).every((label) => KLUE.includes(label))).toBe(true);
  const exported = JSON.parse((await download(page, 'export-doccano')).split('\n').filter(Boolean).at(-1)!) as { label: [number, number, string][] };
  expect(exported.label).toEqual(labels);
});
