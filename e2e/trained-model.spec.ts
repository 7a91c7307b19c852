/**
 * Real entities in real sentences, once the trained bundle is public/models/default/.
 * (The sentences are written for this test; none comes from the training corpus.)
 */
import { expect, test } from '@playwright/test';
import { analyzeText, nodeEntities, openApp, spansOf, TRAINED_MODEL_PRESENT } from './helpers';

test.skip(!TRAINED_MODEL_PRESENT, 'no trained bundle in public/models/default yet');

test('a person named in a news sentence is found as PER, and the page says the model is non-commercial', async ({ page }) => {
  await openApp(page);
  await expect(page.getByTestId('non-commercial')).toBeVisible();
  const text = '문재인 대통령은 29일 청와대에서 열린 국무회의에서 내년도 예산안을 확정했다.';
  const marks = await analyzeText(page, text);
  // Checked against the interim bundle (step 2000) through the CLI: 문재인 PER 0.99, 29일 DAT 0.99.
  expect(marks.find((mark) => mark.text === '문재인')?.label).toBe('PER');
  expect(marks.find((mark) => mark.text === '29일')?.label).toBe('DAT');
  expect(spansOf(marks)).toEqual(spansOf(await nodeEntities('default', text)));
});
