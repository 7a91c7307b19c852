/**
 * The annotation workspace end to end (issue 3): stored documents survive a reload, import
 * then export gives the same data in every format, a broken import changes nothing, a
 * whole annotation session works from the keyboard, and a model run's proposals become data
 * (accept all, or the export option for unreviewed proposals).
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { type ImportFormat, importFile } from '../src/formats/formats';
import type { DocumentDraft } from '../src/annotation/document';
import { analyzeText, openApp, readMarks, storedDocuments, waitForAnalysis, gotoView } from './helpers';

// Each test loads the model first; on a busy 2-core machine that alone can take half a minute.
test.describe.configure({ timeout: 150_000 });

/** The digit the legend shows for a type. */
async function keyOf(page: Page, type: string): Promise<string> {
  return (await page.getByTestId('legend').locator('li', { hasText: new RegExp(`^\\d ${type} `) }).getByTestId('label-key').textContent()) ?? '';
}

/** Opens the app without waiting for the model: enough for import, export and storage. */
async function openDocuments(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-status', 'saved');
  await gotoView(page, 'documents');
  await expect(page.getByTestId('doc-item')).toHaveCount(1);
}

async function waitSaved(page: Page): Promise<void> {
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-status', 'saved');
}

function mark(page: Page, start: number, end: number) {
  return page.locator(`[data-testid="ner-output"] mark[data-start="${start}"][data-end="${end}"]`);
}

async function importContent(page: Page, name: string, content: string): Promise<void> {
  await gotoView(page, 'documents');
  await page.getByTestId('import-file').setInputFiles({ name, mimeType: 'text/plain', buffer: Buffer.from(content, 'utf8') });
}

async function exportContent(page: Page, testId: string): Promise<{ name: string; content: string }> {
  await gotoView(page, 'documents');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  return { name: download.suggestedFilename(), content: readFileSync(await download.path(), 'utf8') };
}

test('annotate, reload: documents, text and a person\'s entities are all still there', async ({ page }) => {
  await openApp(page);
  const text = '김철수는 서울에 갔다.';
  await analyzeText(page, text);
  const input = page.getByTestId('ner-input');
  await input.evaluate((element: HTMLTextAreaElement) => element.setSelectionRange(5, 7));
  await input.press(`Control+Shift+${await keyOf(page, 'LOC')}`);
  await expect(mark(page, 5, 7)).toHaveAttribute('data-source', 'human');
  await expect(mark(page, 5, 7)).toHaveAttribute('data-label', 'LOC');

  await gotoView(page, 'documents');
  await page.getByTestId('new-doc').click();
  await expect(page.getByTestId('doc-item')).toHaveCount(2);
  await analyzeText(page, '둘째 문서입니다.');
  await waitSaved(page);

  await page.reload();
  await expect(page.getByTestId('doc-item')).toHaveCount(2);
  await gotoView(page, 'analyse');
  await expect(page.getByTestId('ner-input')).toHaveValue('둘째 문서입니다.');
  await gotoView(page, 'documents');
  await page.getByTestId('doc-item').first().getByRole('button', { name: 'Document 1', exact: true }).click();
  await gotoView(page, 'analyse');
  await expect(page.getByTestId('ner-input')).toHaveValue(text);
  await expect(mark(page, 5, 7)).toHaveAttribute('data-source', 'human');
  await expect(mark(page, 5, 7)).toHaveAttribute('data-label', 'LOC');
});

const FIXTURES: Record<string, { format: ImportFormat; exportId: string; name: string; content: string; carriesNames: boolean }> = {
  doccano: {
    format: 'doccano',
    exportId: 'export-doccano',
    name: 'set.jsonl',
    carriesNames: true,
    content:
      '{"text": "김철수는 😀 서울에 갔다.", "label": [[0, 3, "PER"], [7, 9, "LOC"]], "name": "첫째"}\n' +
      '{"text": "삼성전자는 2016년에\\n투자했다.", "label": [[0, 4, "ORG"], [6, 11, "DAT"]], "name": "둘째"}\n',
  },
  conll: {
    format: 'conll',
    exportId: 'export-conll',
    name: 'set.conll',
    carriesNames: false,
    content: '김철수\tB-PER\n는\tO\n서울\tB-LOC\n시청\tI-LOC\n에\tO\n\n삼성전자\tB-ORG\n는\tO\n투자했다\tO\n',
  },
  'label-studio': {
    format: 'label-studio',
    exportId: 'export-label-studio',
    name: 'tasks.json',
    carriesNames: true,
    content: JSON.stringify([
      { data: { text: '김철수는 😀 서울에', name: '하나' }, annotations: [{ result: [{ from_name: 'label', to_name: 'text', type: 'labels', value: { start: 0, end: 3, text: '김철수', labels: ['PER'] } }, { from_name: 'label', to_name: 'text', type: 'labels', value: { start: 7, end: 9, text: '서울', labels: ['LOC'] } }] }] },
      { data: { text: '부산에 갔다', name: '둘' }, annotations: [{ result: [{ from_name: 'label', to_name: 'text', type: 'labels', value: { start: 0, end: 2, text: '부산', labels: ['LOC'] } }] }] },
    ]),
  },
  spacy: {
    format: 'spacy',
    exportId: 'export-spacy',
    name: 'docs.json',
    carriesNames: true,
    content: JSON.stringify([
      { text: '김철수는 𠀀 서울에', ents: [{ start: 0, end: 3, label: 'PER' }, { start: 7, end: 9, label: 'LOC' }], title: 'a' },
      { text: '2016년 3월', ents: [{ start: 0, end: 8, label: 'DAT' }], title: 'b' },
    ]),
  },
  markup: {
    format: 'markup',
    exportId: 'export-markup',
    name: 'set.txt',
    carriesNames: false,
    content: '<김철수:PER>는 \\<괄호\\> <서울:LOC>에 갔다.\n<캡틴 아메리카:시빌워:POH>를 봤다.\n',
  },
};

/** A person's documents in a file, as the converters read them (pending model proposals left out). */
function decided(name: string, content: string, format: ImportFormat, withNames: boolean) {
  return importFile(name, content, { format }).drafts.map((draft: DocumentDraft) => ({
    ...(withNames ? { name: draft.name } : {}),
    text: draft.text,
    entities: draft.entities.filter((e) => e.source === 'human' || e.status === 'accepted').map(({ start, end, label }) => ({ start, end, label })),
  }));
}

for (const [title, fixture] of Object.entries(FIXTURES)) {
  test(`import then export gives back the same documents and entities: ${title}`, async ({ page }) => {
    await openDocuments(page);
    // Start from the imported documents alone: delete the first, sample document.
    await importContent(page, fixture.name, fixture.content);
    await expect(page.getByTestId('workspace-notice')).toContainText('Imported 2 documents');
    await gotoView(page, 'documents');
    await page.getByTestId('doc-item').first().getByTestId('delete-doc').click();
    await expect(page.getByTestId('doc-item')).toHaveCount(2);
    await waitSaved(page);
    const exported = await exportContent(page, fixture.exportId);
    expect(decided(exported.name, exported.content, fixture.format, fixture.carriesNames)).toEqual(
      decided(fixture.name, fixture.content, fixture.format, fixture.carriesNames),
    );
  });
}

test('a KMOU corpus file exports to the same inline markup as its annotated lines', async ({ page }) => {
  await openDocuments(page);
  const kmou = '## 1\n## 특히 김병현은 4회말에\n## 특히 <김병현:PER>은 <4회:NOH>말에\n특히\t특히\tMAG\tO\n_\t_\t_\tO\n김병현\t김병현\tNNP\tB-PER\n\n## 2\n## 서울\n## <서울:LOC>\n서울\t서울\tNNP\tB-LOC\n';
  await importContent(page, '00002_NER.txt', kmou);
  await expect(page.getByTestId('workspace-notice')).toContainText('Imported 2 documents');
  await gotoView(page, 'documents');
  await page.getByTestId('doc-item').first().getByTestId('delete-doc').click();
  await expect(page.getByTestId('doc-item')).toHaveCount(2);
  await expect(page.getByTestId('doc-item').first()).toContainText('00002_NER.txt#1');
  const exported = await exportContent(page, 'export-markup');
  expect(exported.content).toBe('특히 <김병현:PER>은 <4회:NOH>말에\n<서울:LOC>\n');
});

test('a broken import file is named by line and leaves the stored documents unchanged', async ({ page }) => {
  await openDocuments(page);
  await gotoView(page, 'analyse');
  await page.getByTestId('ner-input').fill('저장된 문서.');
  await waitSaved(page);
  await gotoView(page, 'documents');
  const before = await page.getByTestId('doc-item').locator('.doc-name').allTextContents();
  await importContent(page, 'broken.jsonl', '{"text": "좋은 줄", "label": []}\n{"text": "나쁜 줄", "label": [[0, 99, "PER"]]}\n');
  await expect(page.getByTestId('workspace-notice')).toContainText('Import of broken.jsonl failed, nothing was changed: line 2, field "label[0]"');
  expect(await page.getByTestId('doc-item').locator('.doc-name').allTextContents()).toEqual(before);
  await page.reload();
  await expect(page.getByTestId('doc-item')).toHaveCount(before.length);
  expect(await page.getByTestId('doc-item').locator('.doc-name').allTextContents()).toEqual(before);
  await gotoView(page, 'analyse');
  await expect(page.getByTestId('ner-input')).toHaveValue('저장된 문서.');
});

test('a keyboard-only session: type, label a selection, relabel, move, delete, undo, redo', async ({ page }) => {
  await openApp(page);
  const input = page.getByTestId('ner-input');
  for (let i = 0; i < 40 && !(await input.evaluate((element) => element === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(input).toBeFocused();
  await page.keyboard.press('Control+A');
  const text = '홍길동은 부산에 산다';
  await page.keyboard.insertText(text);
  await expect(page.getByTestId('ner-output')).toHaveAttribute('data-state', 'done');
  await expect(page.getByTestId('ner-output')).toHaveAttribute('data-text-length', String(text.length));
  // Select 홍길동 and label it PER.
  await page.keyboard.press('Control+Home');
  for (let i = 0; i < 3; i++) await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press(`Control+Shift+${await keyOf(page, 'PER')}`);
  await expect(mark(page, 0, 3)).toHaveAttribute('data-source', 'human');
  await expect(input).toHaveValue(text);

  // Tab from the text box reaches Undo (the text's tools, above the marks; Redo has nothing to redo
  // and takes no focus), then the first mark: relabel it, then grow it by one character.
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('undo')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(mark(page, 0, 3)).toBeFocused();
  await page.keyboard.press(await keyOf(page, 'ORG'));
  await expect(mark(page, 0, 3)).toHaveAttribute('data-label', 'ORG');
  await expect(mark(page, 0, 3)).toBeFocused();
  await page.keyboard.press('Shift+ArrowRight');
  await expect(mark(page, 0, 4)).toHaveAttribute('data-label', 'ORG');
  await expect(mark(page, 0, 4)).toBeFocused();
  await page.keyboard.press('Shift+ArrowLeft');
  await expect(mark(page, 0, 3)).toBeFocused();

  await page.keyboard.press('Delete');
  await expect(mark(page, 0, 3)).toHaveCount(0);
  await page.keyboard.press('Control+Z');
  await expect(mark(page, 0, 3)).toHaveAttribute('data-label', 'ORG');
  await page.keyboard.press('Control+Shift+Z');
  await expect(mark(page, 0, 3)).toHaveCount(0);
  await page.keyboard.press('Control+Z');
  await expect(mark(page, 0, 3)).toHaveAttribute('data-source', 'human');
  await waitSaved(page);

  await page.reload();
  await expect(mark(page, 0, 3)).toHaveAttribute('data-label', 'ORG');
});

test('Windows line breaks: a label key over a selection after an imported "\\r\\n" marks the same characters', async ({ page }) => {
  await openApp(page);
  const text = '첫째 줄입니다.\r\n둘째 줄에서 김철수는 서울에 갔다.';
  await importContent(page, 'crlf.jsonl', `${JSON.stringify({ text, label: [] })}\n`);
  await gotoView(page, 'documents');
  await expect(page.getByTestId('doc-item')).toHaveCount(2);
  await gotoView(page, 'analyse');
  const input = page.getByTestId('ner-input');
  const value = await input.inputValue();
  expect(value).toBe(text.replace('\r\n', '\n')); // the textarea counts the line break as one character
  const valueStart = value.indexOf('서울');
  await input.evaluate((element: HTMLTextAreaElement, [start, end]) => element.setSelectionRange(start, end), [valueStart, valueStart + 2]);
  await input.press(`Control+Shift+${await keyOf(page, 'LOC')}`);
  const start = text.indexOf('서울');
  await expect(mark(page, start, start + 2)).toHaveAttribute('data-source', 'human');
  await expect(mark(page, start, start + 2)).toHaveText('서울');
  await waitSaved(page);
  await gotoView(page, 'documents');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-doccano').click()]);
  const exported = readFileSync(await download.path(), 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));
  expect(exported.find((record: { text: string }) => record.text === text).label).toEqual([[start, start + 2, 'LOC']]);
});

test('Windows line breaks: typing in an imported "\\r\\n" file keeps its line breaks, and the export\'s offsets fit the file', async ({ page }) => {
  await openApp(page);
  const file = '첫째 줄: 김철수는 어제 서울에 갔다.\r\n둘째 줄에서 이순신 장군은 부산에 있었다.\r\n셋째 줄입니다.\r\n';
  await importContent(page, 'windows.txt', file);
  await gotoView(page, 'documents');
  await expect(page.getByTestId('doc-item')).toHaveCount(2);
  const input = page.getByTestId('ner-input');
  await expect(input).toHaveValue(file.replaceAll('\r\n', '\n'));
  await waitForAnalysis(page, file);

  // Type in the last line: a word in its middle (the caret must stay where it is typed), then,
  // at the end, a new line (Enter) with a word on it.
  const value = file.replaceAll('\r\n', '\n');
  const middle = value.indexOf('입니다');
  await input.evaluate((element: HTMLTextAreaElement, at) => element.setSelectionRange(at, at), middle);
  await input.pressSequentially('도 마지막 줄');
  await input.press('Control+End');
  await input.press('Enter');
  await input.pressSequentially('넷째');
  const edited = `${file.slice(0, file.indexOf('입니다'))}도 마지막 줄${file.slice(file.indexOf('입니다'))}\r\n넷째`;
  await expect(input).toHaveValue(edited.replaceAll('\r\n', '\n'));
  // Stored with its "\r\n" (the text box shows "\n"), then analysed as stored.
  await expect.poll(async () => (await storedDocuments(page)).map((d) => d.text)).toContain(edited);
  await waitForAnalysis(page, edited);

  // A person's entity after two line breaks, and the model's proposals, all exported.
  const busan = value.indexOf('부산');
  await input.evaluate((element: HTMLTextAreaElement, [start, end]) => element.setSelectionRange(start, end), [busan, busan + 2]);
  await input.press(`Control+Shift+${await keyOf(page, 'LOC')}`);
  await expect(mark(page, file.indexOf('부산'), file.indexOf('부산') + 2)).toHaveAttribute('data-source', 'human');
  await waitSaved(page);
  await gotoView(page, 'documents');
  await page.getByTestId('export-include-pending').check();
  const { content } = await exportContent(page, 'export-doccano');
  const record = content.split('\n').filter(Boolean).map((line) => JSON.parse(line)).find((r: { name?: string }) => r.name === 'windows');
  expect(record.text).toBe(edited);
  const labels = record.label as [number, number, string][];
  expect(labels).toContainEqual([file.indexOf('부산'), file.indexOf('부산') + 2, 'LOC']);
  await gotoView(page, 'analyse');
  const marks = await readMarks(page);
  expect(labels).toHaveLength(marks.length);
  const editStart = file.indexOf('입니다');
  // Entities before the edit: the original file sliced at the exported offsets is the entity.
  const beforeEdit = marks.filter((entity) => entity.end <= editStart);
  expect(beforeEdit.length).toBeGreaterThan(1); // the model's proposals too (김철수, 서울, 이순신, ...)
  for (const entity of marks) {
    expect(labels).toContainEqual([entity.start, entity.end, entity.label]);
    expect(edited.slice(entity.start, entity.end)).toBe(entity.text);
  }
  for (const entity of beforeEdit) expect(file.slice(entity.start, entity.end)).toBe(entity.text);
});

test('accept all proposals in one undoable step; the export writes pending proposals only when asked to', async ({ page }) => {
  await openApp(page);
  await gotoView(page, 'documents');
  await page.getByTestId('new-doc').click();
  await expect(page.getByTestId('doc-item')).toHaveCount(2);
  const text = '문재인 대통령은 2017년 5월 10일 서울에서 김정숙 여사와 함께 취임했다.';
  const marks = await analyzeText(page, text);
  expect(marks.length).toBeGreaterThan(1); // names, a date and a place
  const spans = marks.map(({ start, end, label }) => [start, end, label]); // code points = UTF-16 units: no emoji here
  // Accept all is Annotate's (the review view); the text with its marks shows there too.
  await gotoView(page, 'annotate');
  const output = page.getByTestId('ner-output');
  const acceptAll = page.getByTestId('accept-all');
  const n = marks.length;
  await expect(acceptAll).toHaveText(`Accept all ${n} proposals`);
  await expect(output.locator('mark[data-source="model"][data-status="pending"]')).toHaveCount(n);

  /** This document's entities as stored, once the save is done. */
  const stored = async () => {
    await waitSaved(page);
    return (await storedDocuments(page)).find((d) => d.text === text)?.entities.map(({ start, end, label, source, status }) => [start, end, label, source, status]);
  };
  /** This document's entities in a doccano export, as [start, end, label]. */
  const exported = async () => {
    const { content } = await exportContent(page, 'export-doccano');
    return content.split('\n').filter(Boolean).map((line) => JSON.parse(line)).find((record: { text: string }) => record.text === text).label;
  };

  await acceptAll.click();
  await expect(output.locator('mark[data-status="accepted"]')).toHaveCount(n);
  await expect(acceptAll).toHaveCount(0);
  expect(await stored()).toEqual(spans.map((span) => [...span, 'model', 'accepted']));
  expect(await exported()).toEqual(spans);

  // One undo step brings back every proposal as pending.
  await gotoView(page, 'annotate');
  await page.getByTestId('undo').click();
  await expect(output.locator('mark[data-status="pending"]')).toHaveCount(n);
  await expect(acceptAll).toHaveText(`Accept all ${n} proposals`);
  expect(await stored()).toEqual(spans.map((span) => [...span, 'model', 'pending']));

  await gotoView(page, 'documents');
  const includePending = page.getByTestId('export-include-pending');
  await expect(includePending).not.toBeChecked();
  expect(await exported()).toEqual([]);
  await includePending.check();
  expect(await exported()).toEqual(spans);
  // Remembered for the session.
  await page.reload();
  await gotoView(page, 'documents');
  await expect(page.getByTestId('export-include-pending')).toBeChecked();
});
