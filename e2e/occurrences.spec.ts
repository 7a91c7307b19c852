/**
 * All occurrences (issue 14, part 6): a decision in the label picker applied to every other
 * occurrence of the same text in the document, as one undo step that says how many changed,
 * never over a person's decision.
 */
import { expect, test, type Page } from '@playwright/test';
import { openApp, waitForAnalysis } from './helpers';

test.describe.configure({ timeout: 150_000 });

const TEXT = '카카오뱅크는 오늘 발표했다. 카카오뱅크 관계자는 말했다. 그리고 카카오뱅크가 또 나왔다.';
const [FIRST, SECOND, THIRD] = [...TEXT.matchAll(/카카오뱅크/g)].map((m) => m.index!);

function mark(page: Page, start: number, end: number) {
  return page.locator(`[data-testid="ner-output"] mark[data-start="${start}"][data-end="${end}"]`);
}

test('label one 카카오뱅크 and every other occurrence follows in one undo step; a person’s own decision stays', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('ner-input').fill(TEXT);
  await waitForAnalysis(page, TEXT);
  // A person's decision on the last one first: POH, which the apply must not override.
  await page.getByTestId('ner-input').evaluate((box: HTMLTextAreaElement, at) => box.setSelectionRange(at, at + 5), THIRD);
  const key = async (type: string) => (await page.getByTestId('legend').locator('li', { hasText: new RegExp(`^\\d ${type} `) }).getByTestId('label-key').textContent()) ?? '';
  await page.getByTestId('ner-input').press(`Control+Shift+${await key('POH')}`);
  await expect(mark(page, THIRD, THIRD + 5)).toHaveAttribute('data-source', 'human');
  const before = await page.locator('[data-testid="ner-output"] mark').evaluateAll((marks) => marks.map((m) => `${(m as HTMLElement).dataset.start}:${(m as HTMLElement).dataset.label}:${(m as HTMLElement).dataset.source}`));

  // Select the first 카카오뱅크 (whatever the model made of it) and label it ORG with "also the others".
  await page.getByTestId('ner-output').evaluate((output) => {
    const walker = document.createTreeWalker(output, NodeFilter.SHOW_TEXT);
    const node = walker.nextNode()!;
    const range = document.createRange();
    range.setStart(node, 0);
    range.setEnd(node, Math.min(5, node.textContent!.length));
    document.getSelection()!.removeAllRanges();
    document.getSelection()!.addRange(range);
  });
  await page.getByTestId('ner-output').dispatchEvent('mouseup');
  const picker = page.getByTestId('label-picker');
  await expect(picker).toContainText('카카오뱅크');
  await expect(picker).toContainText('also the 2 other occurrences');
  await picker.getByTestId('picker-all').check();
  await picker.locator('button[data-type="ORG"]').click();

  await expect(mark(page, FIRST, FIRST + 5)).toHaveAttribute('data-label', 'ORG');
  await expect(mark(page, SECOND, SECOND + 5)).toHaveAttribute('data-label', 'ORG');
  await expect(mark(page, THIRD, THIRD + 5)).toHaveAttribute('data-label', 'POH');
  await expect(page.getByTestId('annotation-note')).toHaveText('“카카오뱅크”: 1 other occurrence changed, 1 kept as a person decided.');

  // One undo step takes all of it back.
  await page.getByTestId('undo').click();
  const after = await page.locator('[data-testid="ner-output"] mark').evaluateAll((marks) => marks.map((m) => `${(m as HTMLElement).dataset.start}:${(m as HTMLElement).dataset.label}:${(m as HTMLElement).dataset.source}`));
  expect(after).toEqual(before);
});
