/**
 * The whole workspace in one file and back (issue 14, part 6): a backup made in one browser
 * profile restores in a fresh one with every document's name, text, "done" state and decisions
 * (accepted, rejected, a person's own); restoring it again changes nothing; a broken file is
 * refused with the reason and changes nothing.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { openApp, storedDocuments, waitForAnalysis, gotoView } from './helpers';

test.describe.configure({ timeout: 180_000 });

const TEXT = '김민준 기자는 24일 서울 종로구 세종문화회관에서 열린 기자회견에 참석했다.';

test('a backup restores every document and decision in a fresh browser profile, once', async ({ browser }, testInfo) => {
  const first = await browser.newContext();
  const page = await first.newPage();
  await openApp(page);
  await gotoView(page, 'documents');
  await page.getByTestId('new-doc').click();
  await gotoView(page, 'analyse');
  await page.getByTestId('ner-input').fill(TEXT);
  await waitForAnalysis(page, TEXT);
  const pending = page.locator('[data-testid="ner-output"] mark[data-status="pending"]');
  await pending.first().focus();
  await page.keyboard.press('a');
  await pending.first().focus();
  await page.keyboard.press('r');
  await gotoView(page, 'annotate');
  await page.getByTestId('toggle-done').click();
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-status', 'saved');
  // the first document back on screen until its analysis is saved: a backup of a document never
  // analysed would be analysed again in the fresh profile, and so "changed here since" on a second restore
  await gotoView(page, 'documents');
  await page.getByTestId('doc-item').getByRole('button', { name: 'Document 1', exact: true }).click();
  await gotoView(page, 'analyse');
  await waitForAnalysis(page, await page.getByTestId('ner-input').inputValue());
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-status', 'saved');
  const before = await storedDocuments(page);
  expect(before.every((d) => d.entities.length > 0)).toBe(true);
  const mine = before.find((d) => d.text === TEXT)!;
  expect(mine.entities.some((e) => e.status === 'accepted') && mine.entities.some((e) => e.status === 'rejected')).toBe(true);

  const download = page.waitForEvent('download');
  await gotoView(page, 'documents');
  await page.getByTestId('backup-export').click();
  const file = testInfo.outputPath((await download).suggestedFilename());
  await (await download).saveAs(file);
  expect(file).toMatch(/ner-workspace-\d{4}-\d{2}-\d{2}\.json$/);
  await first.close();

  const second = await browser.newContext();
  const fresh = await second.newPage();
  await openApp(fresh);
  const untouched = await storedDocuments(fresh);
  await gotoView(fresh, 'documents');
  await fresh.getByTestId('backup-restore').setInputFiles(file);
  await expect(fresh.getByTestId('workspace-notice')).toContainText(`${before.length} restored`);
  const restored = await storedDocuments(fresh);
  const byId = (docs: typeof before) => Object.fromEntries(docs.map((d) => [(d as unknown as { id: string }).id, d]));
  for (const [id, document] of Object.entries(byId(before))) {
    const back = byId(restored)[id] as unknown as Record<string, unknown>;
    const { revision: _a, ...kept } = document as unknown as Record<string, unknown>;
    const { revision: _b, ...got } = back;
    expect(got).toEqual(kept);
  }
  expect(restored).toHaveLength(untouched.length + before.length);
  await gotoView(fresh, 'documents');
  await expect(fresh.locator('[data-testid="doc-item"][data-done="true"]')).toHaveCount(1);

  // again: nothing new, nothing overwritten
  await fresh.getByTestId('backup-restore').setInputFiles(file);
  await expect(fresh.getByTestId('workspace-notice')).toContainText(`${before.length} already here as they were`);
  expect(await storedDocuments(fresh)).toHaveLength(restored.length);

  // a broken backup: the reason, and no change
  const broken = JSON.parse(readFileSync(file, 'utf8'));
  broken.documents[0].entities.push({ start: 0, end: 100000, label: 'PER', source: 'human' });
  const brokenFile = testInfo.outputPath('broken.json');
  writeFileSync(brokenFile, JSON.stringify(broken));
  await fresh.getByTestId('backup-restore').setInputFiles(brokenFile);
  await expect(fresh.getByTestId('workspace-notice')).toContainText('Restore from broken.json failed, nothing was changed: field "documents[0]"');
  expect(await storedDocuments(fresh)).toHaveLength(restored.length);
  await second.close();
});
