/**
 * The review flow (issue 14, part 3): per-document counts (to review / accepted / rejected /
 * added) and a "done" state that is stored, N / P for the next and previous document, the entity
 * list sorted by confidence (lowest first), and pending, accepted and person-added entities that
 * look different.
 */
import { expect, test, type Page } from '@playwright/test';
import { openApp, waitForAnalysis, gotoView } from './helpers';

test.describe.configure({ timeout: 150_000 });

const FIRST = '김민준 기자는 24일 서울 종로구 세종문화회관에서 열린 기자회견에 참석했다. 한국은행은 올해 경제성장률 전망치를 2.1%로 낮췄다.';
const SECOND = '부산시는 다음 달 1일부터 3개월 동안 해운대 해수욕장 주변 도로를 정비한다.';

async function importTwo(page: Page): Promise<void> {
  const content = [FIRST, SECOND].map((text) => JSON.stringify({ text, label: [] })).join('\n');
  await gotoView(page, 'documents');
  await page.getByTestId('import-file').setInputFiles({ name: 'two.jsonl', mimeType: 'text/plain', buffer: Buffer.from(content, 'utf8') });
  await expect(page.getByTestId('workspace-notice')).toContainText('Imported 2 documents');
}

const current = (page: Page) => page.locator('[data-testid="doc-item"][aria-current="true"]');

test('counts per document follow each decision; done is stored; N and P move between documents', async ({ page }) => {
  await openApp(page);
  await importTwo(page);
  await waitForAnalysis(page, FIRST);
  const proposals = page.locator('[data-testid="ner-output"] mark[data-source="model"][data-status="pending"]');
  const n = await proposals.count();
  expect(n, 'the model proposes at least four entities in the first text').toBeGreaterThanOrEqual(4);
  const counts = current(page).getByTestId('doc-counts');
  await expect(counts).toHaveText(`${n} to review`);

  await proposals.first().focus();
  await page.keyboard.press('a');
  await expect(counts).toHaveText(`${n - 1} to review · 1 accepted`);
  await proposals.first().focus();
  await page.keyboard.press('r');
  await expect(counts).toHaveText(`${n - 2} to review · 1 accepted · 1 rejected`);

  // Pending, accepted and person-added entities look different (the tag after the mark, the edge).
  const looks = (selector: string) =>
    page.locator(`[data-testid="ner-output"] ${selector}`).first().evaluate((m) => `${getComputedStyle(m, '::after').content} ${getComputedStyle(m).borderBottomStyle} ${getComputedStyle(m).borderBottomWidth}`);
  const accepted = await looks('mark[data-status="accepted"]');
  // the list follows the marks a frame later (EntitiesPanel): act on it once the rejected row has left it
  await expect(page.getByTestId('entity-row')).toHaveCount(n - 1);
  await page.locator('[data-testid="entity-row"][data-status="pending"]').first().getByTestId('row-type').selectOption('POH');
  await expect(counts).toHaveText(`${n - 3} to review · 1 accepted · 2 rejected · 1 added`);
  const person = await looks('mark[data-source="human"]');
  const pending = await looks('mark[data-status="pending"]');
  expect(new Set([accepted, person, pending]).size).toBe(3);

  await gotoView(page, 'annotate');
  await page.getByTestId('toggle-done').click();
  await gotoView(page, 'documents');
  await expect(current(page).getByTestId('doc-done')).toBeVisible();
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-status', 'saved');

  // N opens the next document, P the previous one (outside the text box).
  await page.locator('body').click({ position: { x: 1, y: 1 } });
  await page.keyboard.press('n');
  await expect(current(page)).toContainText('two 2');
  await waitForAnalysis(page, SECOND);
  await gotoView(page, 'analyse');
  await expect(page.getByTestId('ner-input')).toHaveValue(SECOND);
  await page.keyboard.press('p');
  await expect(current(page)).toContainText('two 1');
  await expect(page.getByTestId('ner-input')).toHaveValue(FIRST);
  // Typed in the text box, n is a letter.
  await page.getByTestId('ner-input').focus();
  await page.keyboard.press('End');
  await page.keyboard.press('n');
  await expect(page.getByTestId('ner-input')).toHaveValue(`${FIRST}n`);
  await page.keyboard.press('Backspace');

  await page.reload();
  const first = page.locator('[data-testid="doc-item"]', { hasText: 'two 1' });
  await gotoView(page, 'documents');
  await expect(first.getByTestId('doc-done')).toBeVisible();
  await expect(first.getByTestId('doc-counts')).toContainText('1 accepted');
  await gotoView(page, 'documents');
  await expect(page.locator('[data-testid="doc-item"]', { hasText: 'two 2' }).getByTestId('doc-done')).toHaveCount(0);
});

test('the entity list sorts by confidence, lowest first', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('ner-input').fill(FIRST);
  await waitForAnalysis(page, FIRST);
  const confidences = async () =>
    (await page.getByTestId('entity-row').evaluateAll((rows) => rows.map((row) => row.children[3].textContent ?? ''))).filter((c) => c.endsWith('%')).map((c) => Number(c.slice(0, -1)));
  const inText = await confidences();
  expect(inText.length).toBeGreaterThanOrEqual(2);
  await page.getByTestId('entity-order').selectOption('confidence');
  const sorted = await confidences();
  expect(sorted).toEqual([...inText].sort((a, b) => a - b));
  const starts = await page.getByTestId('entity-row').evaluateAll((rows) => rows.map((row) => Number((row as HTMLElement).dataset.start)));
  expect(new Set(starts).size).toBe(starts.length);
});
