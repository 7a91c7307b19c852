/**
 * The batch run (issue 3, item 5): the model over every stored document with a progress bar and a
 * cancel button, in the worker, while the page stays responsive. Results are checked against the
 * same bundle through onnxruntime-node, and against what is stored (an export after a reload).
 */
import { expect, test, type Page } from '@playwright/test';
import { APP_DEFAULT_MODEL, type StoredDocument, nodeEntities, openApp, storedDocuments, gotoView } from './helpers';

test.describe.configure({ timeout: 240_000 });

const SENTENCES = [
  '문재인 대통령은 2017년 5월 10일 취임했다.',
  '삼성전자는 서울 서초구에 본사를 두고 있다.',
  '김연아 선수가 밴쿠버 올림픽에서 금메달을 땄다.',
  '한국은행은 기준금리를 0.25%포인트 올렸다.',
  '이순신 장군은 1598년 노량해전에서 전사했다.',
  '현대자동차는 지난해 300만 대를 팔았다.',
  '박지성은 맨체스터 유나이티드에서 7년 동안 뛰었다.',
  '부산시는 내년 예산으로 13조 원을 편성했다.',
];

async function importLines(page: Page, name: string, lines: readonly string[]): Promise<void> {
  await gotoView(page, 'documents');
  await page.getByTestId('import-txt-mode').selectOption('lines');
  await page.getByTestId('import-file').setInputFiles({ name, mimeType: 'text/plain', buffer: Buffer.from(lines.join('\n'), 'utf8') });
  await expect(page.getByTestId('workspace-notice')).toContainText(`Imported ${lines.length} documents`);
}

/** The model's proposals stored for a document, as [start, end, label] sorted. */
function proposals(document: StoredDocument): [number, number, string][] {
  return document.entities
    .filter((e) => e.source === 'model' && e.status !== 'rejected')
    .map((e): [number, number, string] => [e.start, e.end, e.label])
    .sort();
}

test('analyse all documents: every stored document gets the entities the Node pipeline finds, and they survive a reload', async ({ page }) => {
  await openApp(page);
  await importLines(page, 'news.txt', SENTENCES);
  const total = SENTENCES.length + 1; // the first document is there already
  await gotoView(page, 'documents');
  await page.getByTestId('batch-run').click();
  const result = page.getByTestId('batch-result');
  await expect(result).toHaveAttribute('data-done', String(total), { timeout: 180_000 });
  await expect(result).toHaveAttribute('data-total', String(total));
  await expect(result).toContainText(`Analysed ${total} of ${total} documents`);
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-status', 'saved');

  await page.reload();
  await expect(page.getByTestId('doc-item')).toHaveCount(total);
  const stored = await storedDocuments(page);
  let found = 0;
  for (const sentence of SENTENCES) {
    const document = stored.find((record) => record.text === sentence);
    expect(document, sentence).toBeDefined();
    const expected = (await nodeEntities(APP_DEFAULT_MODEL, sentence)).map((e): [number, number, string] => [e.start, e.end, e.label]);
    expect(proposals(document!), sentence).toEqual(expected.sort());
    found += expected.length;
  }
  expect(found).toBeGreaterThan(SENTENCES.length); // the texts are full of names, dates and amounts
});

test('cancel stops the run part-way, keeps what was done, and the page answers while it runs', async ({ page }) => {
  await openApp(page);
  // enough documents that the run is still going after a visit to Analyse (the view change below)
  const long = Array.from({ length: 150 }, (_, i) => `${i + 1}번째 기사. ` + SENTENCES.join(' ').repeat(3));
  const total = long.length + 1; // and the sample document
  await importLines(page, 'many.txt', long);
  await gotoView(page, 'documents');
  await page.getByTestId('batch-run').click();
  await expect(page.getByTestId('batch-progress')).toBeVisible();
  await expect(page.getByTestId('batch-count')).toContainText(new RegExp(`^[1-9]\\d* / ${total}`), { timeout: 120_000 });

  // the page answers while documents are analysed in the worker: a new document can be made and typed in
  await page.getByTestId('new-doc').click();
  await expect(page.getByTestId('doc-item')).toHaveCount(total + 1);
  await gotoView(page, 'analyse');
  await page.getByTestId('ner-input').fill('새 문서');
  await expect(page.getByTestId('ner-input')).toHaveValue('새 문서');
  await gotoView(page, 'documents');
  await expect(page.getByTestId('batch-count')).toBeVisible(); // still running
  await page.getByTestId('batch-cancel').click();
  const result = page.getByTestId('batch-result');
  await expect(result).toContainText('Cancelled after', { timeout: 120_000 });
  const done = Number(await result.getAttribute('data-done'));
  expect(done).toBeGreaterThan(0);
  expect(done).toBeLessThan(total);
  await expect(page.getByTestId('batch-run')).toBeEnabled();
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-status', 'saved');
  const analysed = (await storedDocuments(page)).filter((d) => d.text.includes('번째 기사') && proposals(d).length > 0).length;
  expect(analysed).toBeGreaterThan(0);
  expect(analysed).toBeLessThan(long.length);
});
