/**
 * De-identification end to end (issue 15), with the real model in Chromium: identifiers found
 * by the rules are marks of their own (data-source="rule") that win over the model's entities;
 * the masked view is exactly what the core's redaction gives for the model's entities (those of
 * the same bundle through onnxruntime-node), follows the user's choices (remembered over a
 * reload) and every edit at once; its copy, downloads and the workspace's masked export carry
 * the same text, and the mapping puts the original back.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Download, type Page } from '@playwright/test';
import { findIdentifiers } from '../src/core/identifiers/identifiers';
import { isMappingFile, unmask } from '../src/core/redact/mapping';
import { redactText } from '../src/core/redact/redact';
import { APP_DEFAULT_MODEL, analyzeText, nodeEntities, openApp, readMarks, gotoView, showMasked } from './helpers';

test.describe.configure({ timeout: 150_000 });

const TEXT =
  '상담 기록: 고객 김민준 씨의 연락처는 010-1234-5678이고 주민등록번호는 900101-1234567입니다. ' +
  '이메일 minjun.kim@example.co.kr로 회신 바랍니다. 차량 12가 3456으로 방문한 김민준 씨는 서울 종로구에 산다.';

const IDENTIFIERS = [
  ['PHONE', '010-1234-5678'],
  ['RRN', '900101-1234567'],
  ['EMAIL', 'minjun.kim@example.co.kr'],
  ['PLATE', '12가 3456'],
];

async function keyOf(page: Page, type: string): Promise<string> {
  return (await page.getByTestId('legend').locator('li', { hasText: new RegExp(`^\\d ${type} `) }).getByTestId('label-key').textContent()) ?? '';
}

const maskedText = (page: Page) => page.getByTestId('masked-text');

async function downloadOf(page: Page, testId: string): Promise<{ name: string; content: string }> {
  if (testId.startsWith('export-')) await gotoView(page, 'documents');
  else await showMasked(page);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  return { name: download.suggestedFilename(), content: readFileSync(await download.path(), 'utf8') };
}

test('identifiers are rule marks; the masked view is the text with them and the model\'s names replaced', async ({ page }) => {
  await openApp(page);
  const marks = await analyzeText(page, TEXT);
  const ruleMarks = await page.locator('[data-testid="ner-output"] mark[data-source="rule"]').evaluateAll((elements) =>
    elements.map((mark) => [mark.getAttribute('data-label'), mark.textContent]),
  );
  expect(ruleMarks).toEqual(IDENTIFIERS);
  // The rest are the model's entities, less those an identifier overlaps.
  const identifiers = findIdentifiers(TEXT);
  const model = await nodeEntities(APP_DEFAULT_MODEL, TEXT);
  const outsideIdentifiers = model.filter((e) => !identifiers.some((i) => e.start < i.end && i.start < e.end));
  expect(marks.filter((m) => !IDENTIFIERS.some(([label]) => label === m.label)).map(({ start, end, label }) => [start, end, label])).toEqual(
    outsideIdentifiers.map(({ start, end, label }) => [start, end, label]),
  );
  expect(model.some((e) => e.label === 'PER'), 'the model finds the customer').toBe(true);

  // Default: tag style; people, places, organisations and every identifier.
  const expected = redactText(TEXT, model, { style: 'tag' }).text;
  await showMasked(page);
  await expect(maskedText(page)).toHaveText(expected);
  for (const [, value] of IDENTIFIERS) expect(expected).not.toContain(value);
  expect(expected).toContain('[PHONE]');
  await expect(page.getByTestId('legend').locator('li[data-source="rule"]')).toHaveCount(10);

  // The .txt download is the masked text; the mapping puts the original back.
  await showMasked(page);
  const txt = await downloadOf(page, 'masked-download');
  expect(txt.name).toMatch(/\.masked\.txt$/);
  expect(txt.content).toBe(expected);
  const mapping = JSON.parse((await downloadOf(page, 'masked-mapping')).content);
  expect(isMappingFile(mapping)).toBe(true);
  expect(unmask(txt.content, mapping.documents[0].entries)).toBe(TEXT);

  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByTestId('masked-copy').click();
  await expect(page.getByTestId('masked-copy-state')).toHaveText(/Copied/);
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(expected);

  // The highlights and the masked view beside them (copied to docs/masked-view.png for the README).
  await page.locator('section.editor').screenshot({ path: 'test-results/masked-view.png' });
});

test('the style and the masked types are the user\'s choice, remembered over a reload', async ({ page }) => {
  await openApp(page);
  await analyzeText(page, TEXT);
  const model = await nodeEntities(APP_DEFAULT_MODEL, TEXT);
  await showMasked(page);
  await page.getByTestId('mask-style').selectOption('numbered');
  await page.locator('[data-testid="mask-type"][data-label="PHONE"]').uncheck();
  const types = new Set(['PER', 'LOC', 'ORG', 'RRN', 'FRN', 'CARD', 'ACCOUNT', 'PASSPORT', 'PLATE', 'EMAIL', 'URL', 'IP']);
  const expected = redactText(TEXT, model, { style: 'numbered', types }).text;
  await showMasked(page);
  await expect(maskedText(page)).toHaveText(expected);
  expect(expected).toContain('010-1234-5678');
  // The same customer is one placeholder in both sentences.
  expect(expected.match(/\[PER_1\]/g)?.length).toBe(2);

  await page.getByTestId('mask-style').selectOption('partial');
  await expect(maskedText(page)).toHaveText(redactText(TEXT, model, { style: 'partial', types }).text);
  await expect(maskedText(page)).toContainText('900101-1******');

  await page.reload();
  await expect(page.getByTestId('backend')).toHaveText(/webgpu|wasm/, { timeout: 120_000 });
  await showMasked(page);
  await expect(page.getByTestId('mask-style')).toHaveValue('partial');
  await expect(page.locator('[data-testid="mask-type"][data-label="PHONE"]')).not.toBeChecked();
  await expect(page.locator('[data-testid="mask-type"][data-label="RRN"]')).toBeChecked();
});

test('rejecting, undoing and adding highlights change the masked view at once; the workspace exports every document masked', async ({ page }) => {
  await openApp(page);
  await analyzeText(page, TEXT);
  const model = await nodeEntities(APP_DEFAULT_MODEL, TEXT);
  const person = model.find((e) => e.label === 'PER')!;
  await showMasked(page);
  await expect(maskedText(page)).not.toContainText(person.text);

  // Reject the model's person: its name shows in the masked text; undo masks it again.
  const personMark = page.locator(`[data-testid="ner-output"] mark[data-start="${person.start}"][data-end="${person.end}"]`);
  await personMark.focus();
  await page.keyboard.press('r');
  await expect(personMark).toHaveCount(0);
  await expect(maskedText(page)).toContainText(person.text);
  await page.getByTestId('undo').click();
  await expect(maskedText(page)).toHaveText(redactText(TEXT, model, { style: 'tag' }).text);

  // Add a person's ORG over "상담": masked at once.
  const input = page.getByTestId('ner-input');
  await input.evaluate((element: HTMLTextAreaElement) => element.setSelectionRange(0, 2));
  await input.press(`Control+Shift+${await keyOf(page, 'ORG')}`);
  await expect(maskedText(page)).toHaveText(/^\[ORG\] 기록: /);

  // A type's key on a rule mark makes it a person's entity of that type, which wins over the rule:
  // as POH (not masked by default) the plate shows in the masked text.
  const plate = page.locator('[data-testid="ner-output"] mark[data-source="rule"][data-label="PLATE"]');
  await plate.focus();
  await page.keyboard.press(await keyOf(page, 'POH'));
  await expect(page.locator('[data-testid="ner-output"] mark[data-source="human"][data-label="POH"]')).toHaveText('12가 3456');
  await expect(maskedText(page)).toContainText('차량 12가 3456으로');

  // Export all documents masked: JSONL with the masked text, and the mapping.
  const downloads: Download[] = [];
  page.on('download', (download) => downloads.push(download));
  await gotoView(page, 'documents');
  await page.getByTestId('export-masked').click();
  await expect.poll(() => downloads.length).toBe(2);
  const byName = new Map(await Promise.all(downloads.map(async (d) => [d.suggestedFilename(), readFileSync(await d.path(), 'utf8')] as const)));
  const lines = byName.get('ner-documents.masked.jsonl')!.trimEnd().split('\n').map((line) => JSON.parse(line));
  await showMasked(page);
  const shown = await maskedText(page).textContent();
  expect(lines.map((line) => line.text)).toContain(shown);
  const mapping = JSON.parse(byName.get('ner-documents.mapping.json')!);
  const index = lines.findIndex((line) => line.text === shown);
  expect(unmask(lines[index].text, mapping.documents[index].entries)).toBe(TEXT);
  expect((await readMarks(page)).some((m) => m.label === 'ORG' && m.start === 0 && m.end === 2)).toBe(true);
});
