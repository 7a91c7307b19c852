/**
 * CoNLL round trip in the app (issue 14, part 6): Korean text with particles glued to names and a
 * paragraph break goes out as CoNLL (words or syllables) with its spacing column and comes back
 * in as the same text with the same entities.
 */
import { readFileSync } from 'node:fs';
import { gotoView } from './helpers';
import { expect, test, type Page } from '@playwright/test';

test.describe.configure({ timeout: 120_000 });

const TEXT = '삼성전자는 3분기에 10조 원을 벌었다.\n\n이재용 회장은  서울에서 말했다.';
const ENTITIES: [number, number, string][] = [
  [0, 4, 'ORG'],
  [24, 27, 'PER'],
  [33, 35, 'LOC'],
];

async function download(page: Page, testId: string): Promise<string> {
  await gotoView(page, 'documents');
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  return readFileSync(await file.path(), 'utf8');
}

for (const tokens of ['words', 'syllables'] as const) {
  test(`CoNLL (${tokens}) gives back the exact text, paragraph break and particles included, with its entities`, async ({ page }) => {
    expect(ENTITIES.map(([s, e]) => TEXT.slice(s, e))).toEqual(['삼성전자', '이재용', '서울']);
    await page.goto('/');
    await expect(page.getByTestId('save-state')).toHaveAttribute('data-status', 'saved');
    const doccano = JSON.stringify({ text: TEXT, label: ENTITIES });
    await gotoView(page, 'documents');
    await page.getByTestId('import-file').setInputFiles({ name: 'news.jsonl', mimeType: 'text/plain', buffer: Buffer.from(`${doccano}\n`, 'utf8') });
    await expect(page.getByTestId('workspace-notice')).toContainText('Imported 1 document');
    // Only the imported document: the first (sample) one goes.
    await page.getByTestId('doc-item').first().getByTestId('delete-doc').click();
    await expect(page.getByTestId('doc-item')).toHaveCount(1);
    await page.getByTestId('export-conll-tokens').selectOption(tokens);
    const conll = await download(page, 'export-conll');
    expect(conll).toContain('SpacesAfter=\\n\\n');
    expect(conll).toContain(tokens === 'words' ? '삼성전자\tSpaceAfter=No\tB-ORG\n는\t_\tO\n' : '삼\tSpaceAfter=No\tB-ORG\n성\tSpaceAfter=No\tI-ORG\n');

    await page.getByTestId('import-file').setInputFiles({ name: 'back.conll', mimeType: 'text/plain', buffer: Buffer.from(conll, 'utf8') });
    await expect(page.getByTestId('workspace-notice')).toContainText('Imported 1 document');
    await gotoView(page, 'analyse');
    await expect(page.getByTestId('ner-input')).toHaveValue(TEXT);
    const exported = (await download(page, 'export-doccano')).split('\n').filter(Boolean).map((line) => JSON.parse(line));
    expect(exported.map((d: { text: string; label: unknown[] }) => [d.text, d.label])).toEqual([
      [TEXT, ENTITIES],
      [TEXT, ENTITIES],
    ]);
  });
}
