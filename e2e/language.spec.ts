/** The interface in Korean or English (issue 14, part 6): switched in the header, remembered over a reload, `<html lang>` follows. */
import { expect, test } from '@playwright/test';
import { analyzeText, openApp } from './helpers';

test.describe.configure({ timeout: 120_000 });

test('the header switches the interface to Korean and back, remembered over a reload', async ({ page }) => {
  await openApp(page);
  const marks = await analyzeText(page, '김민준 기자는 24일 서울 종로구 세종문화회관에서 열린 기자회견에 참석했다.');
  expect(marks.length).toBeGreaterThan(0);
  await expect(page.getByRole('heading', { name: 'Documents', exact: true })).toBeVisible();
  await page.getByTestId('language').selectOption('ko');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
  await expect(page.getByRole('heading', { name: '문서', exact: true })).toBeVisible();
  await expect(page.getByRole('heading', { name: '개체 유형', exact: true })).toBeVisible();
  await expect(page.getByTestId('entity-list').locator('th').nth(3)).toHaveText('신뢰도');
  await expect(page.getByTestId('new-doc')).toHaveText('새 문서');
  await page.locator('[data-testid="ner-output"] mark').first().click();
  await expect(page.getByTestId('picker-accept')).toContainText('수락');
  await page.keyboard.press('Escape');

  await page.reload();
  await expect(page.getByTestId('language')).toHaveValue('ko');
  await expect(page.getByRole('heading', { name: '문서', exact: true })).toBeVisible();
  await page.getByTestId('language').selectOption('en');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByTestId('new-doc')).toHaveText('New document');
  // The text stays Korean-tagged for screen readers in either interface language.
  await expect(page.getByTestId('ner-output')).toHaveAttribute('lang', 'ko');
});
