/**
 * Search across documents with bulk actions (issue 14, part 3): a text found in every document
 * with what stands at each occurrence; "label all" decides every occurrence in every document as
 * one step, never over a person's decision, and says how many changed where; its undo puts every
 * document back.
 */
import { expect, test, type Page } from '@playwright/test';
import { openApp, storedDocuments, waitForAnalysis, gotoView } from './helpers';

test.describe.configure({ timeout: 180_000 });

const A = '카카오뱅크는 오늘 새 상품을 발표했다. 카카오뱅크 관계자는 말했다.';
const B = '어제 카카오뱅크가 또 나왔다.';
const IN_B = B.indexOf('카카오뱅크');

async function labelKey(page: Page, type: string): Promise<string> {
  return (await page.getByTestId('legend').locator('li', { hasText: new RegExp(`^\\d ${type} `) }).getByTestId('label-key').textContent()) ?? '';
}

const decidedAt = (entities: { start: number; end: number; label: string; source: string; status?: string }[], start: number) =>
  entities.find((e) => e.start === start && e.end === start + 5 && (e.source === 'human' || e.status === 'accepted'));

test('label every 카카오뱅크 in every document as ORG in one step, a person’s POH kept, and undo it', async ({ page }) => {
  await openApp(page);
  await gotoView(page, 'documents');
  await page.getByTestId('new-doc').click();
  await gotoView(page, 'analyse');
  await page.getByTestId('ner-input').fill(A);
  await waitForAnalysis(page, A);
  await gotoView(page, 'documents');
  await page.getByTestId('new-doc').click();
  await gotoView(page, 'analyse');
  await page.getByTestId('ner-input').fill(B);
  await waitForAnalysis(page, B);
  // a person's decision on B's occurrence: POH
  await page.getByTestId('ner-input').evaluate((box: HTMLTextAreaElement, at) => box.setSelectionRange(at, at + 5), IN_B);
  await page.getByTestId('ner-input').press(`Control+Shift+${await labelKey(page, 'POH')}`);
  await expect(page.locator(`[data-testid="ner-output"] mark[data-start="${IN_B}"]`)).toHaveAttribute('data-source', 'human');
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-status', 'saved');
  const before = await storedDocuments(page);

  await gotoView(page, 'documents');
  await page.getByTestId('search-input').fill('카카오뱅크');
  await expect(page.getByTestId('search-summary')).toContainText('“카카오뱅크”: 3 occurrences in 2 documents');
  await expect(page.getByTestId('search-summary')).toContainText('decided POH ×1');
  await expect(page.getByTestId('search-hit')).toHaveCount(2);

  await page.getByTestId('search-label').selectOption('ORG');
  await page.getByTestId('search-label-all').click();
  await expect(page.getByTestId('workspace-notice')).toContainText('“카카오뱅크”: 2 occurrences changed in 1 document, 1 kept as a person decided.');
  await expect(page.getByTestId('search-summary')).toContainText('decided ORG ×2');
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-status', 'saved');
  await expect
    .poll(async () => {
      const docs = await storedDocuments(page);
      const a = docs.find((d) => d.text === A)!;
      const b = docs.find((d) => d.text === B)!;
      return [decidedAt(a.entities, 0)?.label, decidedAt(a.entities, A.lastIndexOf('카카오뱅크'))?.label, decidedAt(b.entities, IN_B)?.label];
    })
    .toEqual(['ORG', 'ORG', 'POH']);

  await page.getByTestId('search-undo').click();
  await expect(page.getByTestId('workspace-notice')).toContainText('Undone: “카카오뱅크” in 1 document');
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-status', 'saved');
  await expect.poll(async () => (await storedDocuments(page)).find((d) => d.text === A)?.entities).toEqual(before.find((d) => d.text === A)!.entities);
  await expect(page.getByTestId('search-undo')).toHaveCount(0);
});
