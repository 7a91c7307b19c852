/**
 * A measurement, not part of the suite (skipped unless ADAPT_MEASURE_MODEL names a bundle folder under
 * public/models that has the hidden-states output, and ADAPT_MEASURE_TRAIN a JSONL file of annotated
 * documents, docs/adaptation.md): the page adapts the model to the file's first ADAPT_MEASURE_COUNT
 * (default 50) documents, restored as decided documents; prints the time in the page, the main
 * thread's long tasks while it ran, the held-out F1s, and how long a live analysis took meanwhile.
 *
 *   E2E_PORT=4306 ADAPT_MEASURE_MODEL=v21-hidden ADAPT_MEASURE_TRAIN=klue-adapt-50.jsonl npx playwright test e2e/adapt-measure.spec.ts
 */
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { openApp } from './helpers';

const MODEL = process.env.ADAPT_MEASURE_MODEL;
const TRAIN = process.env.ADAPT_MEASURE_TRAIN;
const COUNT = Number(process.env.ADAPT_MEASURE_COUNT ?? 50);

test('measure: adaptation in the page, time and main-thread long tasks', async ({ page }) => {
  test.skip(!MODEL || !TRAIN, 'set ADAPT_MEASURE_MODEL and ADAPT_MEASURE_TRAIN to measure');
  test.setTimeout(600_000);
  const lines = readFileSync(TRAIN!, 'utf8').split('\n').filter((line) => line.trim() !== '').slice(0, COUNT);
  const now = Date.now();
  const documents = lines.map((line, index) => {
    const { text, entities } = JSON.parse(line) as { text: string; entities: { start: number; end: number; label: string }[] };
    return { id: `m-${index}`, name: `M ${index + 1}`, text, entities: entities.map((e) => ({ ...e, source: 'human' })), done: true, createdAt: now + index, updatedAt: now + index };
  });
  await openApp(page, { model: MODEL, backend: 'wasm' });
  const backup = JSON.stringify({ format: 'korean-ner-workspace', version: 1, exportedAt: new Date(now).toISOString(), documents });
  await page.getByTestId('backup-restore').setInputFiles({ name: 'm.backup.json', mimeType: 'application/json', buffer: Buffer.from(backup) });
  await expect(page.getByTestId('workspace-notice')).toContainText(`${documents.length} restored`);
  await page.evaluate(() => {
    const tasks: number[] = [];
    (window as unknown as { __longTasks: number[] }).__longTasks = tasks;
    new PerformanceObserver((list) => list.getEntries().forEach((entry) => tasks.push(entry.duration))).observe({ type: 'longtask' });
  });
  const started = Date.now();
  await page.getByTestId('adapt-start').click();
  await expect(page.getByTestId('adapt-progress')).toBeVisible();
  // a live edit while it runs: how long until its analysis is shown
  await page.waitForTimeout(500);
  const typed = Date.now();
  const text = '김민준 기자는 24일 서울 종로구에서 열린 기자회견에 참석했다.';
  await page.getByTestId('new-doc').click();
  await page.getByTestId('ner-input').fill(text);
  await expect(page.getByTestId('ner-output')).toHaveAttribute('data-text-length', String(text.length), { timeout: 300_000 });
  await expect(page.getByTestId('ner-output')).toHaveAttribute('data-state', 'done', { timeout: 300_000 });
  const liveMs = Date.now() - typed;
  const stillRunning = await page.getByTestId('adapt-progress').isVisible();
  await expect(page.getByTestId('adapt-notice-info')).toContainText('Stored', { timeout: 540_000 });
  const seconds = (Date.now() - started) / 1000;
  const tasks = await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks);
  const notice = await page.getByTestId('adapt-notice-info').textContent();
  console.log(
    `adapt measure (${MODEL}, ${documents.length} documents): ${seconds.toFixed(1)} s in the page; long tasks ${tasks.length}, longest ${Math.max(0, ...tasks).toFixed(0)} ms; ` +
      `a live analysis typed during it took ${liveMs} ms (adaptation ${stillRunning ? 'still running' : 'already done'} then)\n${notice}`,
  );
});
