/**
 * Long documents as a person types in them (issue 29): a sentence typed at the end while a pasted
 * 50,000-character text is still analysed gets its marks before the rest of the text does (the worker
 * takes the newer request and the edited sentences first); typing for a while in a long document loses
 * nothing and the marks catch up; a paste of many short lines is analysed whole. Speed is measured by
 * `npm run bench -- --long-documents`, not here: these tests check order and outcome.
 */
import { expect, test, type Page } from '@playwright/test';
import { APP_DEFAULT_MODEL, openApp, readMarks, waitForAnalysis } from './helpers';

/** Sentences whose groups all differ (a repeated text would be analysed once and then taken as kept). */
function distinctText(length: number): string {
  const sentences = [
    '김민준 기자는 %일 서울 종로구 세종문화회관에서 열린 기자회견에 참석했다.',
    '한국은행은 올해 %번째 회의에서 경제성장률 전망치를 낮추고 기준금리를 동결했다.',
    '부산시는 다음 달 %일부터 해운대 해수욕장 주변 도로를 정비한다.',
    '이영희 교수 연구팀은 오후 %시 대전 카이스트에서 새 배터리 소재를 공개했다.',
    '현대자동차는 지난해 미국 시장에서 약 %만 대를 팔아 매출을 올렸다.',
  ];
  let text = '';
  for (let index = 0; text.length < length; index++) text += `${sentences[index % sentences.length].replace('%', String(index + 1))} `;
  return text.slice(0, length);
}

async function paste(page: Page, text: string): Promise<void> {
  await page.evaluate((clip) => navigator.clipboard.writeText(clip), text);
  await page.getByTestId('ner-input').focus();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('ControlOrMeta+V');
  await expect(page.getByTestId('ner-output')).toHaveAttribute('data-text-length', String(text.length));
}

test.beforeEach(async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openApp(page, { model: APP_DEFAULT_MODEL, backend: 'wasm' });
});

test('a sentence typed at the end while a long paste is analysed gets its marks before the rest of the text', async ({ page }) => {
  test.skip(APP_DEFAULT_MODEL !== 'default', 'needs the trained model: a random one marks no name');
  test.setTimeout(300_000);
  const text = distinctText(50_000);
  const typed = ' 김민준은 서울에 갔다.';
  const final = text + typed;
  await page.evaluate(
    ({ finalLength, typedFrom }) => {
      const output = document.querySelector<HTMLElement>('[data-testid="ner-output"]')!;
      const seen = { typedMarkState: '', marksBefore: -1 };
      (window as Window & { __seen?: typeof seen }).__seen = seen;
      const observer = new MutationObserver(() => {
        if (output.dataset.textLength !== String(finalLength)) return;
        const marks = [...output.querySelectorAll<HTMLElement>('mark[data-start]')];
        if (!marks.some((mark) => Number(mark.dataset.start) >= typedFrom)) return;
        // the first moment the typed sentence shows a mark: how far the rest of the text had come
        seen.typedMarkState = output.dataset.state ?? '';
        seen.marksBefore = marks.filter((mark) => Number(mark.dataset.start) < typedFrom).length;
        observer.disconnect();
      });
      observer.observe(output, { attributes: true, childList: true, subtree: true });
    },
    { finalLength: final.length, typedFrom: text.length },
  );
  await paste(page, text);
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.type(typed, { delay: 30 });
  await waitForAnalysis(page, final, 240_000);
  const seen = await page.evaluate(() => (window as Window & { __seen?: { typedMarkState: string; marksBefore: number } }).__seen!);
  const marks = await readMarks(page);
  console.log(`typed sentence first marked while the output was "${seen.typedMarkState}", ${seen.marksBefore} marks before it of ${marks.length - 2} at the end`);
  expect(seen.typedMarkState).toBe('pending');
  // the rest was not done then: fewer marks before the typed sentence than at the end
  expect(seen.marksBefore).toBeLessThan(marks.filter((mark) => mark.start < text.length).length);
  // nothing typed was lost, and every mark holds its text
  await expect(page.getByTestId('ner-input')).toHaveValue(final);
  for (const mark of marks) expect(mark.text).toBe(final.slice(mark.start, mark.end));
  expect(marks.some((mark) => mark.start >= text.length && mark.text === '김민준')).toBe(true);
});

test('typing for a while at the end of a long document loses nothing, and the marks catch up', async ({ page }) => {
  test.setTimeout(300_000);
  const text = distinctText(50_000);
  await paste(page, text);
  await waitForAnalysis(page, text, 240_000);
  const typed = ' 김민준은 서울에 갔다. 이영희는 부산에서 일했다. 현대자동차는 미국에 공장을 지었다.'.repeat(2);
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.type(typed, { delay: 20 });
  await waitForAnalysis(page, text + typed, 240_000);
  await expect(page.getByTestId('ner-input')).toHaveValue(text + typed);
  const marks = await readMarks(page);
  for (const mark of marks) expect(mark.text).toBe((text + typed).slice(mark.start, mark.end));
});

test('a paste of many short lines is analysed whole', async ({ page }) => {
  test.setTimeout(300_000);
  const text = Array.from({ length: 3_000 }, (_, index) => `${index + 1}. 김민준 서울`).join('\n');
  await paste(page, text);
  await waitForAnalysis(page, text, 240_000);
  const marks = await readMarks(page);
  expect(marks.length).toBe(Number(await page.getByTestId('ner-output').getAttribute('data-marks')));
  for (const mark of marks) expect(mark.text).toBe(text.slice(mark.start, mark.end));
});

test('a long text lists its first 50 entities, then 50 more each time the end of the list is reached', async ({ page }) => {
  test.skip(APP_DEFAULT_MODEL !== 'default', 'needs the trained model: a random one marks no name');
  test.setTimeout(300_000);
  const text = distinctText(10_000);
  await paste(page, text);
  await waitForAnalysis(page, text, 240_000);
  const rows = page.getByTestId('entity-row');
  const total = Number(await page.getByTestId('ner-output').getAttribute('data-marks'));
  expect(total).toBeGreaterThan(150);
  await expect(rows).toHaveCount(50);
  // the end of the list scrolled into view draws the next rows; the button does the same from the keyboard
  await page.getByTestId('entities-more').scrollIntoViewIfNeeded();
  await expect(rows).toHaveCount(100);
  await rows.first().scrollIntoViewIfNeeded();
  // focused without scrolling it into view (that alone would draw more)
  await page.getByTestId('entities-more').evaluate((button) => (button as HTMLElement).focus({ preventScroll: true }));
  await page.keyboard.press('Enter');
  await expect(rows).toHaveCount(150);
  // the rows are the entities in text order, each with its own offsets
  const starts = await rows.evaluateAll((all) => all.map((row) => Number((row as HTMLElement).dataset.start)));
  expect(starts).toEqual([...starts].sort((a, b) => a - b));
  const marks = await readMarks(page);
  expect(starts).toEqual(marks.slice(0, 150).map((mark) => mark.start));
});
