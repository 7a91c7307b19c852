/**
 * The safety net and honest exports (issue 14, part 4): a deleted document comes back with
 * "Undo delete" (stored again, over a reload); a sample never replaces work (it opens as a new
 * document then); the export controls say how many entities of which status go out, and
 * "everything, proposals included" writes exactly that many.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { openApp, storedDocuments, waitForAnalysis, gotoView } from './helpers';

test.describe.configure({ timeout: 150_000 });

const TEXT = '김민준 기자는 24일 서울 종로구 세종문화회관에서 열린 기자회견에 참석했다. 한국은행은 올해 경제성장률 전망치를 2.1%로 낮췄다.';

async function exported(page: Page): Promise<{ text: string; label: unknown[] }[]> {
  const download = page.waitForEvent('download');
  await gotoView(page, 'documents');
  await page.getByTestId('export-doccano').click();
  const file = await (await download).path();
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));
}

test('a deleted document comes back with Undo delete, text and decisions, and stays after a reload', async ({ page }) => {
  await openApp(page);
  await gotoView(page, 'documents');
  await page.getByTestId('new-doc').click();
  await gotoView(page, 'analyse');
  await page.getByTestId('ner-input').fill(TEXT);
  await waitForAnalysis(page, TEXT);
  await page.locator('[data-testid="ner-output"] mark[data-status="pending"]').first().focus();
  await page.keyboard.press('a');
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-status', 'saved');
  const before = (await storedDocuments(page)).find((d) => d.text === TEXT)!;
  expect(before.entities.some((e) => e.status === 'accepted')).toBe(true);

  const item = page.locator('[data-testid="doc-item"][aria-current="true"]');
  const name = (await item.locator('.doc-name').textContent()) ?? '';
  await gotoView(page, 'documents');
  await item.getByTestId('delete-doc').click();
  await gotoView(page, 'documents');
  await expect(page.getByTestId('trash')).toContainText(`Deleted “${name}”`);
  await expect(page.locator('[data-testid="doc-item"]', { hasText: name })).toHaveCount(0);
  expect((await storedDocuments(page)).some((d) => d.text === TEXT)).toBe(false);

  await page.getByTestId('undo-delete').click();
  await expect(page.locator('[data-testid="doc-item"][aria-current="true"] .doc-name')).toHaveText(name);
  await gotoView(page, 'analyse');
  await expect(page.getByTestId('ner-input')).toHaveValue(TEXT);
  await gotoView(page, 'documents');
  await expect(page.getByTestId('trash')).toHaveCount(0);
  await expect.poll(async () => (await storedDocuments(page)).find((d) => d.text === TEXT)?.entities).toEqual(before.entities);
  await page.reload();
  await expect(page.locator('[data-testid="doc-item"]', { hasText: name })).toHaveCount(1);
});

test('a sample never replaces work: it opens as a new document, and replaces only an untouched sample', async ({ page }) => {
  await openApp(page);
  const samples = page.getByRole('group', { name: 'Sample texts' }).getByRole('button');
  const own = '제 원고입니다. 지우면 안 됩니다.';
  await page.getByTestId('ner-input').fill(own);
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-status', 'saved');
  await gotoView(page, 'documents');
  const count = await page.getByTestId('doc-item').count();
  const ownName = (await page.locator('[data-testid="doc-item"][aria-current="true"] .doc-name').textContent()) ?? '';

  await gotoView(page, 'analyse'); // the samples are in Analyse
  await samples.nth(1).click();
  await gotoView(page, 'documents');
  await expect(page.getByTestId('doc-item')).toHaveCount(count + 1);
  await expect(page.getByTestId('workspace-notice')).toContainText(`"${ownName}" holds work and is kept as it was`);
  await gotoView(page, 'analyse');
  const sampleText = await page.getByTestId('ner-input').inputValue();
  expect(sampleText).not.toBe(own);
  // The sample document is untouched: another sample replaces it in place.
  await samples.nth(2).click();
  await gotoView(page, 'documents');
  await expect(page.getByTestId('doc-item')).toHaveCount(count + 1);
  await gotoView(page, 'analyse');
  await expect(page.getByTestId('ner-input')).not.toHaveValue(sampleText);
  await gotoView(page, 'documents');
  await page.locator('[data-testid="doc-item"]', { hasText: ownName }).locator('.doc-name').click();
  await gotoView(page, 'analyse');
  await expect(page.getByTestId('ner-input')).toHaveValue(own);
});

test('the export controls say what goes out; "everything" writes the proposals it counts', async ({ page }) => {
  await openApp(page);
  // One document only, so the counts are this text's.
  await page.getByTestId('ner-input').fill(TEXT);
  await waitForAnalysis(page, TEXT);
  const pending = page.locator('[data-testid="ner-output"] mark[data-status="pending"]');
  const n = await pending.count();
  expect(n, 'the model proposes at least two entities').toBeGreaterThanOrEqual(2);
  await pending.first().focus();
  await page.keyboard.press('a');
  const summary = page.getByTestId('export-summary');
  await gotoView(page, 'documents');
  await expect(page.getByTestId('export-decided-only')).toBeChecked();
  await expect(summary).toHaveText(`Writes 1 entity from 1 document: 1 accepted, 0 added by a person. Left out: ${n - 1} proposal${n - 1 === 1 ? '' : 's'} not reviewed.`);
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-status', 'saved');
  expect((await exported(page)).find((d) => d.text === TEXT)?.label).toHaveLength(1);

  await page.getByTestId('export-include-pending').check();
  await expect(summary).toHaveText(`Writes ${n} entities from 1 document: 1 accepted, 0 added by a person, ${n - 1} proposal${n - 1 === 1 ? '' : 's'} not reviewed.`);
  expect((await exported(page)).find((d) => d.text === TEXT)?.label).toHaveLength(n);
});
