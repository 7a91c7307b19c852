/** The README's screenshots: light, dark and narrow, the first sample analysed by the default model. */
import { expect, test, type Page } from '@playwright/test';

const OUT = 'docs/screenshots';

async function openAnalysed(page: Page): Promise<void> {
  await page.goto('/?model=default');
  await expect(page.getByTestId('backend')).toHaveText(/webgpu|wasm/, { timeout: 120_000 });
  await expect(page.getByTestId('ner-output')).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
  await expect(page.locator('[data-testid="ner-output"] mark').first()).toBeVisible();
}

test('light, 1400 px', async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 1000 });
  await page.emulateMedia({ colorScheme: 'light' });
  await openAnalysed(page);
  await page.screenshot({ path: `${OUT}/light.png` });
});

test('dark, 1400 px', async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 1000 });
  await page.emulateMedia({ colorScheme: 'dark' });
  await openAnalysed(page);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.screenshot({ path: `${OUT}/dark.png` });
});

test('narrow, 390 px', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.emulateMedia({ colorScheme: 'light' });
  await openAnalysed(page);
  await page.screenshot({ path: `${OUT}/narrow.png` });
});
