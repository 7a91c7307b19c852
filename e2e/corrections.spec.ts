/**
 * Corrections you can see (issue 14, part 1): the label picker on a clicked mark and on a
 * selection, the entity list's accept / reject / relabel, a split by selecting part of a mark,
 * boundaries that move over spaces (`3분기` → `올해 3분기`), the ? sheet, the Korean input method,
 * and no shortcut the browser owns. One session by mouse only, one by keyboard only.
 */
import { expect, test, type Page } from '@playwright/test';
import { openApp, waitForAnalysis } from './helpers';

test.describe.configure({ timeout: 150_000 });

const TEXT = '올해 3분기 삼성전자는 부산 해운대에서 실적을 발표했다.';
//            올해 [0,2) 3분기 [3,6) 삼성전자 [7,11) 부산 [13,15) 해운대 [16,19)

function mark(page: Page, start: number, end: number) {
  return page.locator(`[data-testid="ner-output"] mark[data-start="${start}"][data-end="${end}"]`);
}

/** The screen box of the character at `offset` of the highlighted text. */
async function charBox(page: Page, offset: number): Promise<{ x: number; y: number; width: number; height: number }> {
  return page.getByTestId('ner-output').evaluate((output, at) => {
    const walker = document.createTreeWalker(output, NodeFilter.SHOW_TEXT);
    let seen = 0;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const length = node.textContent!.length;
      if (at < seen + length) {
        const range = document.createRange();
        range.setStart(node, at - seen);
        range.setEnd(node, at - seen + 1);
        const rect = range.getBoundingClientRect();
        return { x: rect.x, y: rect.y, width: rect.width, height: rect.height };
      }
      seen += length;
    }
    throw new Error(`offset ${at} is past the text`);
  }, offset);
}

/** Drags the mouse over characters [start, end) of the highlighted text. */
async function dragSelect(page: Page, start: number, end: number): Promise<void> {
  const first = await charBox(page, start);
  const last = await charBox(page, end - 1);
  await page.mouse.move(first.x + 1, first.y + first.height / 2);
  await page.mouse.down();
  await page.mouse.move(last.x + last.width / 2, last.y + last.height / 2, { steps: 4 });
  await page.mouse.move(last.x + last.width - 1, last.y + last.height / 2, { steps: 2 });
  await page.mouse.up();
}

async function setText(page: Page, text: string): Promise<void> {
  await page.getByTestId('ner-input').fill(text);
  await waitForAnalysis(page, text);
}

test('a mouse-only session: select to add, select inside a mark to split, click a mark to relabel, accept and delete, the list rows', async ({ page }) => {
  await openApp(page);
  await setText(page, TEXT);
  const picker = page.getByTestId('label-picker');

  // Select 부산 해운대 with the mouse: the picker opens for the selection; LOC makes it a person's entity.
  await dragSelect(page, 13, 19);
  await expect(picker).toBeVisible();
  await expect(picker).toHaveAttribute('role', 'dialog');
  await expect(picker).toContainText('부산 해운대');
  await picker.locator('button[data-type="LOC"]').click();
  await expect(picker).toHaveCount(0);
  await expect(mark(page, 13, 19)).toHaveAttribute('data-label', 'LOC');
  await expect(mark(page, 13, 19)).toHaveAttribute('data-source', 'human');

  // Select 부산 inside it and pick ORG: the mark splits into 부산 (ORG) and 해운대 (still LOC).
  await dragSelect(page, 13, 15);
  await expect(picker).toContainText('부산');
  await picker.locator('button[data-type="ORG"]').click();
  await expect(mark(page, 13, 15)).toHaveAttribute('data-label', 'ORG');
  await expect(mark(page, 16, 19)).toHaveAttribute('data-label', 'LOC');
  await expect(mark(page, 13, 19)).toHaveCount(0);

  // Click 해운대: its picker lists every type with its key, and delete (a person's entity).
  await mark(page, 16, 19).click();
  await expect(picker).toBeVisible();
  await expect(picker.getByTestId('picker-type').first().locator('kbd')).toHaveText('1');
  await expect(picker.getByTestId('picker-accept')).toHaveCount(0);
  await picker.locator('button[data-type="POH"]').click();
  await expect(mark(page, 16, 19)).toHaveAttribute('data-label', 'POH');
  await mark(page, 16, 19).click();
  await picker.getByTestId('picker-delete').click();
  await expect(mark(page, 16, 19)).toHaveCount(0);

  // A model proposal: accept it from its picker; the mark stays and says accepted.
  const proposals = page.locator('[data-testid="ner-output"] mark[data-source="model"][data-status="pending"]');
  const proposalCount = await proposals.count();
  expect(proposalCount, 'the model proposes at least one entity in the test text').toBeGreaterThan(0);
  const first = await proposals.first().evaluate((m) => ({ start: Number((m as HTMLElement).dataset.start), end: Number((m as HTMLElement).dataset.end) }));
  await mark(page, first.start, first.end).click();
  await expect(picker.getByTestId('picker-accept')).toBeVisible();
  await expect(picker.getByTestId('picker-reject')).toBeVisible();
  await picker.getByTestId('picker-accept').click();
  await expect(mark(page, first.start, first.end)).toHaveAttribute('data-status', 'accepted');

  // The entity list: relabel with the row's type picker, reject with its button.
  const row = page.locator(`[data-testid="entity-row"][data-start="${first.start}"][data-end="${first.end}"]`);
  await expect(row).toHaveAttribute('data-status', 'accepted');
  await row.getByTestId('row-reject').click();
  await expect(mark(page, first.start, first.end)).toHaveCount(0);
  const orgRow = page.locator('[data-testid="entity-row"][data-start="13"][data-end="15"]');
  await orgRow.getByTestId('row-type').selectOption('LOC');
  await expect(mark(page, 13, 15)).toHaveAttribute('data-label', 'LOC');

  // Clicking outside closes an open picker; the ? sheet opens from its button.
  await mark(page, 13, 15).click();
  await expect(picker).toBeVisible();
  await page.getByTestId('status').click();
  await expect(picker).toHaveCount(0);
  await page.getByTestId('open-key-sheet').click();
  await expect(page.getByTestId('key-sheet')).toBeVisible();
  await expect(page.getByTestId('key-sheet')).toContainText('Shift');
  await page.getByTestId('key-sheet-close').click();
  await expect(page.getByTestId('key-sheet')).toBeHidden();
});

test('a keyboard-only session: 3분기 grows to 올해 3분기 over the space, the picker by Enter, Esc, the ? sheet', async ({ page }) => {
  await openApp(page);
  const input = page.getByTestId('ner-input');
  for (let i = 0; i < 60 && !(await input.evaluate((element) => element === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(input).toBeFocused();
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(TEXT);
  await waitForAnalysis(page, TEXT);

  // Select 3분기 in the text box and label it DAT with Ctrl+Shift+digit (Alt+digit belongs to the browser).
  await page.keyboard.press('Control+Home');
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
  for (let i = 0; i < 3; i++) await page.keyboard.press('Shift+ArrowRight');
  const datKey = (await page.getByTestId('legend').locator('li', { hasText: /^\d DAT / }).getByTestId('label-key').textContent()) ?? '';
  await page.keyboard.press(`Control+Shift+${datKey}`);
  await expect(mark(page, 3, 6)).toHaveAttribute('data-source', 'human');
  await expect(input).toHaveValue(TEXT);

  // Tab to the mark; [ moves the start over the space: 해 3분기, then 올해 3분기, focus kept.
  for (let i = 0; i < 20 && !(await mark(page, 3, 6).evaluate((m) => m === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(mark(page, 3, 6)).toBeFocused();
  await page.keyboard.press('BracketLeft');
  await expect(mark(page, 1, 6)).toBeFocused();
  await expect(mark(page, 1, 6)).toHaveText('해 3분기');
  await page.keyboard.press('BracketLeft');
  await expect(mark(page, 0, 6)).toBeFocused();
  await expect(mark(page, 0, 6)).toHaveText('올해 3분기');
  await expect(mark(page, 0, 6)).toHaveAttribute('data-label', 'DAT');
  // At the start of the text there is nowhere to go: nothing changes, focus stays.
  await page.keyboard.press('BracketLeft');
  await expect(mark(page, 0, 6)).toBeFocused();
  // The end over the space after it, and back; ] shrinks the start back over the space.
  await page.keyboard.press('Shift+ArrowRight');
  await expect(mark(page, 0, 8)).toBeFocused();
  await page.keyboard.press('Shift+ArrowLeft');
  await expect(mark(page, 0, 6)).toBeFocused();

  // Enter opens the picker on the focused mark, with focus on its current type; a digit relabels.
  await page.keyboard.press('Enter');
  const picker = page.getByTestId('label-picker');
  await expect(picker).toBeVisible();
  await expect(picker.locator('button[data-type="DAT"]')).toBeFocused();
  const orgKey = (await page.getByTestId('legend').locator('li', { hasText: /^\d ORG / }).getByTestId('label-key').textContent()) ?? '';
  await page.keyboard.press(orgKey);
  await expect(picker).toHaveCount(0);
  await expect(mark(page, 0, 6)).toHaveAttribute('data-label', 'ORG');
  await expect(mark(page, 0, 6)).toBeFocused();
  // Esc closes it and gives the focus back to the mark.
  await page.keyboard.press('Enter');
  await expect(picker).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(picker).toHaveCount(0);
  await expect(mark(page, 0, 6)).toBeFocused();
  // Tab inside the picker reaches delete; Enter on it deletes.
  await page.keyboard.press('Enter');
  await picker.getByTestId('picker-delete').focus();
  await page.keyboard.press('Enter');
  await expect(mark(page, 0, 6)).toHaveCount(0);
  await page.keyboard.press('Control+Z');
  await expect(mark(page, 0, 6)).toHaveAttribute('data-label', 'ORG');

  // ? lists every key; Esc closes the sheet.
  await page.keyboard.press('Shift+Slash');
  const sheet = page.getByTestId('key-sheet');
  await expect(sheet).toBeVisible();
  for (const key of ['Enter', 'Delete', '[', ']', 'N', 'P', '?']) await expect(sheet.locator('kbd').getByText(key, { exact: true }).first()).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(sheet).toBeHidden();
});

test('with the Korean input method on (key "ㅁ", code KeyA) A still accepts and R still rejects', async ({ page }) => {
  await openApp(page);
  await setText(page, TEXT);
  const proposals = page.locator('[data-testid="ner-output"] mark[data-source="model"][data-status="pending"]');
  expect(await proposals.count(), 'the model proposes at least one entity in the test text').toBeGreaterThan(0);
  const first = await proposals.first().evaluate((m) => ({ start: Number((m as HTMLElement).dataset.start), end: Number((m as HTMLElement).dataset.end) }));
  const target = mark(page, first.start, first.end);
  // What Chromium sends with the 2-set Korean layout on: the Hangul jamo as `key`, the physical key as `code`.
  const press = (key: string, code: string) =>
    target.evaluate((m, [k, c]) => {
      (m as HTMLElement).focus();
      m.dispatchEvent(new KeyboardEvent('keydown', { key: k, code: c, bubbles: true, cancelable: true }));
    }, [key, code] as const);
  await press('ㅁ', 'KeyA');
  await expect(target).toHaveAttribute('data-status', 'accepted');
  await press('ㄱ', 'KeyR');
  await expect(target).toHaveCount(0);
  await page.locator('body').evaluate(() => document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'ㅋ', code: 'KeyZ', ctrlKey: true, bubbles: true, cancelable: true })));
  await expect(target).toHaveAttribute('data-status', 'accepted');
});
