/** The interface in Korean or English (issue 14, part 6): switched in the header, remembered over a reload, `<html lang>` follows. */
import { expect, test } from '@playwright/test';
import { analyzeText, openApp, gotoView } from './helpers';

test.describe.configure({ timeout: 120_000 });

test('the header switches the interface to Korean and back, remembered over a reload', async ({ page }) => {
  await openApp(page);
  const marks = await analyzeText(page, '김민준 기자는 24일 서울 종로구 세종문화회관에서 열린 기자회견에 참석했다.');
  expect(marks.length).toBeGreaterThan(0);
  await expect(page.getByRole('heading', { name: 'Entity types', exact: true })).toBeVisible();
  await expect(page.getByRole('link', { name: /^Documents/ })).toBeVisible();
  await page.getByTestId('language').selectOption('ko');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
  await expect(page.getByRole('link', { name: /^문서/ })).toBeVisible();
  await expect(page.getByRole('heading', { name: '개체 유형', exact: true })).toBeVisible();
  await expect(page.getByTestId('entity-list').locator('th').nth(3)).toHaveText('신뢰도');
  await gotoView(page, 'documents');
  await expect(page.getByTestId('new-doc')).toHaveText('새 문서');
  await gotoView(page, 'analyse');
  await page.locator('[data-testid="ner-output"] mark').first().click();
  await expect(page.getByTestId('picker-accept')).toContainText('수락');
  await page.keyboard.press('Escape');

  await page.reload();
  await expect(page.getByTestId('language')).toHaveValue('ko');
  await expect(page.getByRole('heading', { name: '개체 유형', exact: true })).toBeVisible();
  await gotoView(page, 'documents');
  await expect(page.getByRole('heading', { name: '문서', exact: true })).toBeVisible();
  await page.getByTestId('language').selectOption('en');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await gotoView(page, 'documents');
  await expect(page.getByTestId('new-doc')).toHaveText('New document');
  // The text stays Korean-tagged for screen readers in either interface language.
  await gotoView(page, 'analyse');
  await expect(page.getByTestId('ner-output')).toHaveAttribute('lang', 'ko');
});

test('in Korean, the messages built from data are Korean too: status line, counts, notices, export summary, key sheet', async ({ page }) => {
  const HANGUL = /[\uac00-\ud7a3]/;
  await openApp(page);
  await page.getByTestId('language').selectOption('ko');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
  const marks = await analyzeText(page, '김민준 기자는 24일 서울 종로구 세종문화회관에서 열린 기자회견에 참석했다.');
  expect(marks.length).toBeGreaterThan(0);

  // The status line: counts in Korean, not "N entities · N characters, N tokens".
  const status = page.getByTestId('status');
  await expect(status).toContainText(/개체 \d+개 · \d+자, 토큰 \d+개/);
  await expect(status).toContainText('토큰화');
  await expect(status).not.toContainText('entities');
  await expect(status).not.toContainText('characters');
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-status', 'saved');
  await expect(page.getByTestId('save-state')).toHaveText(HANGUL);
  await expect(page.getByTestId('save-state')).not.toContainText('All changes saved in this browser');

  // The open document's counts and the "accept all" button.
  const open = page.locator('[data-testid="doc-item"][aria-current="true"]');
  await gotoView(page, 'documents');
  await expect(open.getByTestId('doc-counts')).toContainText('검토 전');
  await expect(open.getByTestId('doc-counts')).not.toContainText('to review');
  await gotoView(page, 'annotate');
  await expect(page.getByTestId('accept-all')).toContainText('모두 수락');
  await expect(page.getByTestId('accept-all')).not.toContainText('Accept all');

  // Marked done: the button and the badge.
  await page.getByTestId('toggle-done').click();
  await expect(open.getByTestId('doc-done')).toHaveText('✓ 완료');
  await expect(page.getByTestId('toggle-done')).toHaveText('✓ 완료 (다시 검토)');

  // The export controls say what goes out, in Korean.
  await gotoView(page, 'documents');
  const summary = page.getByTestId('export-summary');
  await expect(summary).toContainText('문서 1개에서 개체 0개를 씁니다');
  await expect(summary).toContainText(/빠지는 것: 검토 전 제안 \d+건/);
  await expect(summary).not.toContainText('Writes');
  await expect(summary).not.toContainText('Left out');
  await gotoView(page, 'documents');
  await page.getByTestId('export-include-pending').check();
  await expect(summary).toContainText(/문서 1개에서 개체 [1-9]\d*개를 씁니다: 수락 0개, 사람이 추가 0개, 검토 전 제안 \d+건\./);
  await expect(summary).not.toContainText('not reviewed');

  // A document deleted: the undo line; brought back: the notice.
  await page.getByTestId('new-doc').click();
  await expect(page.getByTestId('doc-item')).toHaveCount(2);
  const name = (await open.locator('.doc-name').textContent()) ?? '';
  await open.getByTestId('delete-doc').click();
  const trash = page.getByTestId('trash');
  await expect(trash).toContainText(`“${name}” 문서를 삭제했습니다.`);
  await expect(trash).not.toContainText('Deleted “');
  await expect(page.getByTestId('undo-delete')).toHaveText('삭제 취소');
  await page.getByTestId('undo-delete').click();
  const notice = page.getByTestId('workspace-notice');
  await expect(notice).toContainText(`"${name}" 문서를 되살렸습니다.`);
  await expect(notice).not.toContainText('Restored');
  await expect(notice.getByRole('button')).toHaveText('확인');

  // The key sheet: every row in Korean.
  await page.getByTestId('open-key-sheet').click();
  const sheet = page.getByTestId('key-sheet');
  await expect(sheet).toBeVisible();
  await expect(sheet).toContainText('다음 문서');
  await expect(sheet).toContainText('유형 선택 창 열기');
  await expect(sheet).not.toContainText('next document');
  await expect(sheet).not.toContainText('Keys are read by their place on the keyboard');
  await expect(sheet).not.toContainText('open the label picker');
  await expect(page.getByTestId('key-sheet-close')).toContainText('닫기');
  await page.getByTestId('key-sheet-close').click();
  await expect(sheet).toBeHidden();

  // The notice is kept as data: back in English, it says the same in English.
  await page.getByTestId('language').selectOption('en');
  await expect(notice).toContainText(`Restored "${name}".`);
  await gotoView(page, 'analyse');
  await expect(summary).toContainText(/^Writes \d+ entit(y|ies) from 2 documents: 0 accepted, 0 added by a person, \d+ proposals? not reviewed\.$/);
  await expect(status).not.toHaveText(HANGUL);
});
