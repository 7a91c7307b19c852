/**
 * Real entities in real sentences, once the trained bundle is public/models/default/.
 * (The sentences are written for this test; none comes from the training corpus.)
 */
import { existsSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { KLUE_TYPES } from '../src/core/labels/tag-sets';
import { createPipeline } from '../src/core/pipeline';
import { createNodeEmissionModel, readBundleFolder } from '../src/runtime/ort-node';
import { analyzeText, koreanText, nodeEntities, openApp, spansOf, storedDocuments, TRAINED_MODEL_PRESENT, gotoView } from './helpers';

const KLUE_LABELS: readonly string[] = KLUE_TYPES;

test.skip(!TRAINED_MODEL_PRESENT, 'no trained bundle in public/models/default yet');

test('a person named in a news sentence is found as PER, and the page says the model is non-commercial', async ({ page }) => {
  await openApp(page);
  await gotoView(page, 'models');
  await expect(page.getByTestId('non-commercial')).toBeVisible();
  const text = '문재인 대통령은 29일 청와대에서 열린 국무회의에서 내년도 예산안을 확정했다.';
  const marks = await analyzeText(page, text);
  // Checked against the interim bundle (step 2000) through the CLI: 문재인 PER 0.99, 29일 DAT 0.99.
  expect(marks.find((mark) => mark.text === '문재인')?.label).toBe('PER');
  expect(marks.find((mark) => mark.text === '29일')?.label).toBe('DAT');
  expect(spansOf(marks)).toEqual(spansOf(await nodeEntities('default', text)));
});

test('a long text in the browser, its windows sharing calls across sentence groups, gives what Node gives group by group', async ({ page }) => {
  test.setTimeout(120_000);
  await openApp(page);
  const text = koreanText(4_000);
  const marks = await analyzeText(page, text);
  // Node, every sentence group's windows in calls of their own (the int8 file's activation scales are static)
  const folder = 'public/models/default';
  const bundle = await readBundleFolder(folder);
  const model = await createNodeEmissionModel(`${folder}/${bundle.modelConfig.onnxQuantizedPath}`, bundle.modelConfig, { intraOpNumThreads: 1 });
  try {
    const alone = await createPipeline({ ...bundle, runEmissions: model.runEmissions, batchAcrossGroups: false }).analyze(text);
    expect(marks.length).toBeGreaterThan(200);
    expect(spansOf(marks)).toEqual(spansOf(alone.entities));
  } finally {
    await model.release();
  }
});

test('the KLUE-only model is offered beside the default with its own license and tag set, and marks a news sentence in KLUE labels as Node does', async ({ page }) => {
  test.skip(!existsSync('public/models/klue/config.json'), 'no KLUE-only bundle in public/models/klue');
  await openApp(page);
  await gotoView(page, 'models');
  const row = page.locator('[data-testid="model-item"][data-model-id="klue"]');
  await expect(row.getByTestId('model-item-license')).toContainText('CC BY-SA 4.0');
  await expect(row.getByTestId('model-item-license')).not.toContainText('non-commercial');
  await expect(row.getByTestId('model-item-tag-sets')).toHaveText('KLUE-NER (6 types) [klue]');
  // The default model's KMOU entities for the open document must be stored before the reload, or there
  // is nothing in another tag set to find (CI once reloaded first, and the KLUE model analysed it afresh).
  await expect
    .poll(async () => (await storedDocuments(page)).some((doc) => doc.entities.some((entity) => !KLUE_LABELS.includes(entity.label))), { timeout: 60_000 })
    .toBe(true);
  await openApp(page, { model: 'klue' });
  await gotoView(page, 'models');
  await expect(page.getByTestId('model-license')).toContainText('CC BY-SA 4.0');
  await expect(page.getByTestId('non-commercial')).toHaveCount(0);
  // The open document was analysed in KMOU by the default model: the page says why it is not analysed
  // now (not "Analysing…"), and the person drops its KMOU entities to use KLUE.
  await gotoView(page, 'analyse');
  await expect(page.getByTestId('status')).toContainText('Not analysed: this document’s entities use another tag set');
  await page.getByTestId('drop-for-tag-set').click();
  await expect(page.getByTestId('ner-output')).toHaveAttribute('data-state', 'done');
  const text = '문재인 대통령은 29일 청와대에서 열린 국무회의에서 내년도 예산안을 확정했다.';
  const marks = await analyzeText(page, text);
  expect(marks.find((mark) => mark.text === '문재인')?.label).toBe('PS');
  expect(marks.every((mark) => KLUE_LABELS.includes(mark.label))).toBe(true);
  expect(spansOf(marks)).toEqual(spansOf(await nodeEntities('klue', text)));
});
