/**
 * One screen per task (issue 32): the four views in the header, the view in the address (a reload
 * and a link keep it, an unknown one opens Analyse with a notice), their keys (G then 1-4; in
 * Annotate J, Shift+A, D), focus kept on a view change, nothing lost or cancelled by one, each
 * view's task on one 1400 x 900 screen for a 1,000-character text, none scrolling sideways at 390
 * px, and axe-core finding no serious violation in any view, light or dark.
 */
import { expect, test, type Page } from '@playwright/test';
import { analyzeText, gotoView, koreanText, openApp, type ViewName, seriousViolations } from './helpers';

test.describe.configure({ timeout: 180_000 });

const VIEWS: readonly ViewName[] = ['analyse', 'annotate', 'documents', 'models'];
const TEXT = '김민준 기자는 24일 서울 종로구 세종문화회관에서 열린 기자회견에 참석했다. 한국은행은 올해 경제성장률 전망치를 2.1%로 낮췄다.';


const sideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

test('the header names each view and what it is for; the address keeps the open one over a reload and a link', async ({ page }) => {
  await openApp(page);
  const nav = page.getByRole('navigation', { name: 'Views' });
  for (const [name, purpose] of [
    ['Analyse', 'paste text'],
    ['Annotate', 'review proposals'],
    ['Documents', 'import, export, backup'],
    ['Models', 'license'],
  ]) {
    await expect(nav.getByRole('link', { name: new RegExp(`^${name}.*${purpose}`) })).toBeVisible();
  }
  await expect(page.getByTestId('view-analyse')).toHaveAttribute('aria-current', 'page');
  await gotoView(page, 'documents');
  expect(new URL(page.url()).searchParams.get('view')).toBe('documents');
  // one view at a time: the others are hidden (not focusable, not read)
  await expect(page.getByTestId('view-section-analyse')).toBeHidden();
  await expect(page.getByTestId('ner-input')).toBeHidden();
  await page.reload();
  await expect(page.getByTestId('view-documents')).toHaveAttribute('aria-current', 'page');
  await expect(page.getByTestId('new-doc')).toBeVisible();
  // back returns to the view before
  await gotoView(page, 'models');
  await page.goBack();
  await expect(page.getByTestId('view-documents')).toHaveAttribute('aria-current', 'page');
  // a link to a view opens it, the model choice in the address kept
  await page.goto('/?view=annotate&backend=wasm');
  await expect(page.getByTestId('view-annotate')).toHaveAttribute('aria-current', 'page');
  await expect(page.getByTestId('done-next')).toBeVisible();
  await expect(page.getByTestId('backend')).toHaveText(/wasm/, { timeout: 120_000 });
});

test('an unknown view in the address opens Analyse and says so', async ({ page }) => {
  await page.goto('/?view=settings');
  await expect(page.getByTestId('view-analyse')).toHaveAttribute('aria-current', 'page');
  await expect(page.getByTestId('ner-input')).toBeVisible();
  await expect(page.getByTestId('view-notice')).toContainText('There is no view "settings": Analyse opened instead.');
  expect(new URL(page.url()).searchParams.get('view')).toBe('analyse');
  await page.getByTestId('view-notice').getByRole('button').click();
  await expect(page.getByTestId('view-notice')).toHaveCount(0);
});

test('keys: G then 1-4 opens each view and focus goes into it; a digit on a mark after G is not a relabel', async ({ page }) => {
  await openApp(page);
  const marks = await analyzeText(page, TEXT);
  expect(marks.length).toBeGreaterThan(1);
  const mark = page.locator(`[data-testid="ner-output"] mark[data-start="${marks[0].start}"]`);
  await mark.focus();
  await page.keyboard.press('g');
  await page.keyboard.press('3');
  await expect(page.getByTestId('view-documents')).toHaveAttribute('aria-current', 'page');
  // the focus was on a mark of the view that closed: it is now in the open view, not lost on <body>
  await expect(page.getByTestId('view-section-documents')).toBeFocused();
  for (const [digit, view] of [['4', 'models'], ['2', 'annotate'], ['1', 'analyse']] as const) {
    await page.keyboard.press('g');
    await page.keyboard.press(digit);
    await expect(page.getByTestId(`view-${view}`)).toHaveAttribute('aria-current', 'page');
    expect(await page.evaluate(() => document.activeElement !== document.body && !document.activeElement?.closest('[hidden]'))).toBe(true);
  }
  await expect(mark).toHaveAttribute('data-label', marks[0].label);
  // inside the text box G is a letter
  await page.getByTestId('ner-input').focus();
  await page.keyboard.press('End');
  await page.keyboard.press('g');
  await page.keyboard.press('2');
  await expect(page.getByTestId('view-analyse')).toHaveAttribute('aria-current', 'page');
  await expect(page.getByTestId('ner-input')).toHaveValue(`${TEXT}g2`);
  // the key sheet lists the view keys and Annotate's
  await page.getByTestId('open-key-sheet').click();
  const sheet = page.getByTestId('key-sheet');
  for (const words of ['Views (G, then a digit)', 'the next proposal to review, least confident first', "accept all of this document's proposals", 'mark this document done and open the next one to review']) {
    await expect(sheet).toContainText(words);
  }
});

test('Annotate: J visits proposals least confident first, Shift+A accepts all, D marks done and opens the next document; each key is shown beside its button', async ({ page }) => {
  await openApp(page);
  await analyzeText(page, TEXT);
  await gotoView(page, 'documents');
  await page.getByTestId('new-doc').click();
  await gotoView(page, 'analyse');
  await analyzeText(page, '이영희 교수 연구팀은 오후 2시 대전 카이스트에서 새 배터리 소재를 공개했다.');
  await gotoView(page, 'annotate');
  for (const [id, key] of [['next-proposal', 'J'], ['accept-all', 'Shift+A'], ['done-next', 'D'], ['next-doc', 'N'], ['previous-doc', 'P'], ['undo', 'Control+Z']]) {
    await expect(page.getByTestId(id)).toHaveAttribute('aria-keyshortcuts', key);
  }
  await expect(page.getByTestId('entity-order')).toHaveValue('confidence');
  const pending = page.locator('[data-testid="ner-output"] mark[data-source="model"][data-status="pending"]');
  const scores = await pending.evaluateAll((marks) => marks.map((m) => ({ index: Number((m as HTMLElement).dataset.index), title: m.getAttribute('title') ?? '' })));
  expect(scores.length).toBeGreaterThan(1);
  await page.getByTestId('view-section-annotate').focus();
  await page.keyboard.press('j');
  const firstIndex = await page.evaluate(() => Number((document.activeElement as HTMLElement).dataset.index));
  // the first row of the list (least confident first) is the mark J went to
  const firstRowStart = await page.getByTestId('entity-row').first().getAttribute('data-start');
  await expect(page.locator(`[data-testid="ner-output"] mark[data-index="${firstIndex}"]`)).toHaveAttribute('data-start', firstRowStart ?? '');
  await page.keyboard.press('j');
  expect(await page.evaluate(() => Number((document.activeElement as HTMLElement).dataset.index))).not.toBe(firstIndex);
  await page.keyboard.press('Shift+A');
  await expect(pending).toHaveCount(0);
  await expect(page.getByTestId('review-counts')).not.toContainText('to review');
  const name = await page.locator('.review-title').textContent();
  await page.keyboard.press('d');
  await expect(page.locator('.review-title')).not.toHaveText(name ?? '');
  await expect(page.getByTestId('review-progress')).toContainText('1 of 2 documents done');
  await gotoView(page, 'documents');
  await expect(page.locator('[data-testid="doc-item"][data-done="true"]')).toHaveCount(1);
});

test('a view change loses nothing: an edit, an analysis and an import in flight carry on', async ({ page }) => {
  await openApp(page);
  const input = page.getByTestId('ner-input');
  await input.fill(TEXT);
  // mid-analysis: to Models and back; the answer lands
  await gotoView(page, 'models');
  await gotoView(page, 'analyse');
  await expect(page.getByTestId('ner-output')).toHaveAttribute('data-state', 'done');
  await expect(page.getByTestId('ner-output')).toHaveAttribute('data-text-length', String(TEXT.length));
  // mid-edit: the typed text is kept, with its place in the box
  await input.focus();
  await page.keyboard.press('End');
  await page.keyboard.type(' 추가');
  await gotoView(page, 'annotate');
  await gotoView(page, 'analyse');
  await expect(input).toHaveValue(`${TEXT} 추가`);
  // an import started in Documents ends while Analyse is open; its notice shows there
  await gotoView(page, 'documents');
  const lines = Array.from({ length: 300 }, (_, i) => JSON.stringify({ text: `${i}번 문장: 서울에서 김민준 기자가 만났다.`, label: [] })).join('\n');
  await page.getByTestId('import-file').setInputFiles({ name: 'many.jsonl', mimeType: 'text/plain', buffer: Buffer.from(lines, 'utf8') });
  await gotoView(page, 'analyse');
  await expect(page.getByTestId('workspace-notice')).toContainText('300');
  await gotoView(page, 'documents');
  await expect(page.getByTestId('doc-item')).toHaveCount(301);
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-status', 'saved');
});

test('at 1400 x 900 each view fits the screen with a 1,000-character text, and the whole text shows in Annotate', async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  await openApp(page);
  const text = koreanText(1000);
  await analyzeText(page, text);
  for (const view of VIEWS) {
    await gotoView(page, view);
    const size = await page.evaluate(() => ({ scroll: document.documentElement.scrollHeight, client: document.documentElement.clientHeight }));
    expect(size.scroll, `${view}: the page is ${size.scroll} px tall in ${size.client}`).toBeLessThanOrEqual(size.client);
    if (view === 'annotate' || view === 'analyse') {
      const output = await page.getByTestId('ner-output').evaluate((el) => ({ scroll: el.scrollHeight, client: el.clientHeight }));
      expect(output.scroll, `${view}: the text needs ${output.scroll} px, shows ${output.client}`).toBeLessThanOrEqual(output.client + 2);
    }
  }
});

for (const scheme of ['light', 'dark'] as const) {
  test(`every view at 390 px and 1400 px, ${scheme}: no sideways scroll, no serious axe violation`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await page.setViewportSize({ width: 390, height: 844 });
    await openApp(page);
    await analyzeText(page, TEXT);
    await expect(page.locator('html')).toHaveAttribute('data-theme', scheme);
    for (const width of [390, 1400]) {
      await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
      for (const view of VIEWS) {
        await gotoView(page, view);
        if (view === 'analyse') {
          await page.getByTestId('show-masked').click();
          expect(await sideways(page), `${view} (masked) at ${width}`).toBeLessThanOrEqual(0);
          expect(await seriousViolations(page)).toEqual([]);
          await page.getByTestId('show-entities').click();
        }
        if (view === 'models') await page.getByTestId('model-card').locator('summary').first().click();
        expect(await sideways(page), `${view} at ${width}`).toBeLessThanOrEqual(0);
        expect(await seriousViolations(page), `${view} at ${width}`).toEqual([]);
        if (view === 'models') await page.getByTestId('model-card').locator('summary').first().click();
      }
    }
  });
}

test('in Korean, the views and their purposes are Korean', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('language').selectOption('ko');
  const nav = page.getByRole('navigation', { name: '화면' });
  for (const name of ['분석', '주석', '문서', '모델']) await expect(nav.getByRole('link', { name: new RegExp(`^${name}`) })).toBeVisible();
  await gotoView(page, 'annotate');
  await expect(page.getByTestId('done-next')).toHaveText('완료, 다음 문서');
  await expect(page.getByTestId('review-progress')).toContainText('문서 1개 중 0개 완료');
});
