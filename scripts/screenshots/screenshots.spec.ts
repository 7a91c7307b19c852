/**
 * The README's screenshots: each view at 1400 x 900 (light), Analyse in the dark theme, and
 * Analyse and Annotate at 390 px wide, a 1,000-character news text analysed by the default model.
 */
import { expect, test, type Page } from '@playwright/test';
import { koreanText } from '../../e2e/helpers';

const OUT = process.env.SCREENSHOTS_OUT ?? 'docs/screenshots';
const TEXT = koreanText(1000);

async function openAnalysed(page: Page, view = 'analyse'): Promise<void> {
  await page.goto('/?model=default');
  await expect(page.getByTestId('backend')).toHaveText(/webgpu|wasm/, { timeout: 120_000 });
  await page.getByTestId('ner-input').fill(TEXT);
  await expect(page.getByTestId('ner-output')).toHaveAttribute('data-text-length', String(TEXT.length), { timeout: 120_000 });
  await expect(page.getByTestId('ner-output')).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
  await expect(page.locator('[data-testid="ner-output"] mark').first()).toBeVisible();
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-status', 'saved');
  if (view !== 'analyse') {
    await page.getByTestId(`view-${view}`).click();
    await expect(page.getByTestId(`view-section-${view}`)).toBeVisible();
  }
  await page.mouse.move(0, 0);
}

for (const view of ['analyse', 'annotate', 'documents', 'models']) {
  test(`${view}, 1400 x 900`, async ({ page }) => {
    await page.setViewportSize({ width: 1400, height: 900 });
    await page.emulateMedia({ colorScheme: 'light' });
    await openAnalysed(page, view);
    await page.screenshot({ path: `${OUT}/${view}.png` });
  });
}

test('dark, 1400 x 900', async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.emulateMedia({ colorScheme: 'dark' });
  await openAnalysed(page);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.screenshot({ path: `${OUT}/dark.png` });
});

for (const view of ['analyse', 'annotate']) {
  test(`narrow ${view}, 390 px`, async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.emulateMedia({ colorScheme: 'light' });
    await openAnalysed(page, view);
    await page.screenshot({ path: `${OUT}/narrow-${view}.png` });
  });
}
