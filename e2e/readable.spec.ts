/**
 * Readable by everyone (issue 14, part 2): the type after each mark (the mark's own text stays
 * the entity's text, its accessible name says the type), details on keyboard focus, a skip link,
 * dark mode (system preference and a remembered toggle) that re-themes the highlights, no sideways
 * scroll from 1366 px down to 390 px, and axe-core finding no serious or critical violation on the
 * main views. The colour contrast and colour-vision checks are src/app/palette.test.ts.
 */
import { expect, test } from '@playwright/test';
import { analyzeText, gotoView, openApp, seriousViolations } from './helpers';

test.describe.configure({ timeout: 150_000 });

const TEXT = '올해 3분기 삼성전자는 부산 해운대에서 실적을 발표했다. 김민준 기자는 24일 서울 종로구 세종문화회관에서 열린 기자회견에 참석했다.';


test('each mark shows its type after it, keeps its text, and its accessible name says the type', async ({ page }) => {
  await openApp(page);
  const marks = await analyzeText(page, TEXT);
  expect(marks.length).toBeGreaterThan(0);
  for (const m of marks) expect(m.text).toBe(TEXT.slice(m.start, m.end));
  const first = page.locator(`[data-testid="ner-output"] mark[data-start="${marks[0].start}"]`);
  const tag = await first.evaluate((mark) => getComputedStyle(mark, '::after').content);
  expect(tag).toContain(marks[0].label);
  await expect(first).toHaveAccessibleName(new RegExp(`^${marks[0].text}, ${marks[0].label} `));
  await expect(first).toHaveAttribute('aria-haspopup', 'dialog');
  // Accepted and person-added entities look different from pending proposals (tag and edge).
  const looks = async () => first.evaluate((mark) => `${getComputedStyle(mark, '::after').content}|${getComputedStyle(mark).borderBottomStyle}`);
  const pending = await looks();
  await first.focus();
  await page.keyboard.press('KeyA');
  await expect(first).toHaveAttribute('data-status', 'accepted');
  const accepted = await looks();
  expect(accepted).not.toBe(pending);
  await expect(first).toHaveAccessibleName(/accepted/);
});

test('keyboard focus on a mark shows its details, as the pointer does', async ({ page }) => {
  await openApp(page);
  const marks = await analyzeText(page, TEXT);
  expect(marks.length).toBeGreaterThan(1);
  const input = page.getByTestId('ner-input');
  await input.focus();
  // Tab from the text box: past the toolbar above the highlighted text (undo, redo) to the first mark
  for (let step = 0; step < 6; step++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(() => document.activeElement?.tagName === 'MARK')) break;
  }
  const details = page.getByTestId('entity-details');
  await expect(details).toContainText(`characters ${marks[0].start}–${marks[0].end}`);
  await page.keyboard.press('Tab');
  await expect(details).toContainText(`characters ${marks[1].start}–${marks[1].end}`);
  await expect(details).toContainText(marks[1].label);
});

test('the first Tab reaches a skip link that jumps to the highlighted text', async ({ page }) => {
  await openApp(page);
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to the highlighted text' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page.locator('#text-view')).toBeFocused();
  // From there the next Tab is on the first mark.
  await analyzeText(page, TEXT);
  await page.locator('#text-view').focus();
  await page.keyboard.press('Tab');
  await expect(page.locator('[data-testid="ner-output"] mark').first()).toBeFocused();
});

test('dark mode follows the system, re-themes the highlights, and the toggle wins and is remembered', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await openApp(page);
  const marks = await analyzeText(page, TEXT);
  expect(marks.length).toBeGreaterThan(0);
  const html = page.locator('html');
  await expect(html).toHaveAttribute('data-theme', 'dark');
  const mark = page.locator('[data-testid="ner-output"] mark').first();
  const colours = () => mark.evaluate((m) => `${getComputedStyle(m).backgroundColor} ${getComputedStyle(document.body.parentElement!).backgroundColor}`);
  const dark = await colours();
  expect(await seriousViolations(page)).toEqual([]);

  await page.getByTestId('theme').selectOption('light');
  await expect(html).toHaveAttribute('data-theme', 'light');
  const light = await colours();
  expect(light).not.toBe(dark);
  await page.reload();
  await expect(html).toHaveAttribute('data-theme', 'light');
  await expect(page.getByTestId('theme')).toHaveValue('light');
  await page.getByTestId('theme').selectOption('system');
  await expect(html).toHaveAttribute('data-theme', 'dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await expect(html).toHaveAttribute('data-theme', 'light');
});

for (const width of [1366, 1024, 390]) {
  test(`no sideways scroll at ${width} px, and no serious axe violation`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    await openApp(page);
    await analyzeText(page, TEXT);
    const sideways = () => page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
    const wide = await sideways();
    expect(wide.scroll, `scrollWidth ${wide.scroll} > clientWidth ${wide.client}`).toBeLessThanOrEqual(wide.client);
    // The model card's details open (its values are the widest text on the page), in Models.
    await gotoView(page, 'models');
    const card = page.getByTestId('model-card');
    if (await card.locator('summary').count()) await card.locator('summary').first().click();
    const opened = await sideways();
    expect(opened.scroll).toBeLessThanOrEqual(opened.client);
    expect(await seriousViolations(page)).toEqual([]);
  });
}

test('no serious axe violation with the label picker and the key sheet open', async ({ page }) => {
  await openApp(page);
  await analyzeText(page, TEXT);
  await page.locator('[data-testid="ner-output"] mark').first().click();
  await expect(page.getByTestId('label-picker')).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await page.keyboard.press('Escape');
  await page.getByTestId('open-key-sheet').click();
  await expect(page.getByTestId('key-sheet')).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
});
