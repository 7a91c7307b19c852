/**
 * Issue 13, items 2 and 3: the workspace in several tabs of one browser (pages of one
 * context share IndexedDB and BroadcastChannel, as tabs do) and a tab closed right after
 * typing. The debounce's timers are held by Playwright's fake clock, so "right after" and
 * "at the same time" are exact, not a race: a save happens only when the clock is run, or
 * when the page is closed (the pagehide/visibilitychange flush).
 */
import { spawnSync } from 'node:child_process';
import { chromium, expect, test, type BrowserContext, type Page } from '@playwright/test';
import { openApp, storedDocuments, storedValues, gotoView } from './helpers';

// The service worker is not under test here; without it a page opens faster on a busy machine.
test.use({ serviceWorkers: 'block' });

/**
 * A new tab showing the workspace with its documents loaded, analysed and saved. The analysis is
 * waited for: its answer is merged into the document and saved with the debounce, so a tab whose
 * model became ready only after a test held the clock would keep that save pending for good
 * (seen on a loaded machine). A tab opened while the clock is held cannot analyse (the request
 * waits for a timer): `analysed: false` waits only for the documents.
 */
async function openTab(context: BrowserContext, { analysed = true } = {}): Promise<Page> {
  const page = await context.newPage();
  if (analysed) {
    await openApp(page);
    await expect(page.getByTestId('ner-output')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  } else {
    await page.goto('/');
  }
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-status', 'saved');
  return page;
}

/** Stops the page's timers (the save debounce among them) until the test runs the clock. */
async function holdTimers(page: Page): Promise<void> {
  await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 1_000);
}

async function typeAtEnd(page: Page, typed: string): Promise<void> {
  const input = page.getByTestId('ner-input');
  await input.focus();
  await input.press('Control+End');
  await input.pressSequentially(typed);
}

test('a tab closed right after typing keeps what was typed: the pending save is written on pagehide', async ({ context }) => {
  await context.clock.install();
  const page = await openTab(context);
  const before = await page.getByTestId('ner-input').inputValue();
  await holdTimers(page);
  await typeAtEnd(page, ' 닫기 직전');
  // The debounce has not written it (its timer is held): only the flush on closing can.
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-status', 'pending');
  await page.close();

  const reopened = await openTab(context, { analysed: false });
  await expect(reopened.getByTestId('ner-input')).toHaveValue(`${before} 닫기 직전`);
});

test('a browser killed right after a decision and typing loses neither: the write-ahead stash brings them back', async ({ baseURL }, testInfo) => {
  // No pagehide, no flush: the whole browser is killed (a crash, an out-of-memory kill, power). Only the
  // stash put at each change (its entities packed as columns, packed-entities.ts) can have kept the edit.
  const profile = testInfo.outputPath('profile');
  const launch = () =>
    chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--no-first-run'], baseURL, serviceWorkers: 'block' });
  const first = await launch();
  await first.clock.install();
  const page = await openTab(first);
  const before = await page.getByTestId('ner-input').inputValue();
  const proposals = page.locator('[data-testid="ner-output"] mark[data-source="model"][data-status="pending"]');
  expect(await proposals.count()).toBeGreaterThan(1);
  await holdTimers(page);
  const accepted = { start: Number(await proposals.first().getAttribute('data-start')), end: Number(await proposals.first().getAttribute('data-end')) };
  await proposals.first().focus();
  await page.keyboard.press('a');
  await expect(page.locator('[data-testid="ner-output"] mark[data-status="accepted"]')).toHaveCount(1);
  await typeAtEnd(page, ' 충돌 직전');
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-status', 'pending');
  const pending = await proposals.count();
  // the debounced save is held by the clock; the stash's transaction commits at once (give it a moment
  // of real time to reach the disk's cache), then the browser goes without a chance to do anything more
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  expect((await storedDocuments(page)).map((d) => d.text)).toEqual([before]);
  const stash = (await storedValues(page, 'unsaved')) as { record: { text: string; packedEntities?: { starts: string } } }[];
  expect(stash.map((entry) => ({ text: entry.record.text, starts: entry.record.packedEntities?.starts }))).toEqual([
    { text: `${before} 충돌 직전`, starts: expect.stringMatching(/^Int32Array\(\d+\)$/) },
  ]);
  // every process of that browser (its profile folder is on each one's command line)
  spawnSync('pkill', ['-KILL', '-f', `--user-data-dir=${profile}`]);
  await first.close().catch(() => {});

  const second = await launch();
  try {
    const reopened = await openTab(second, { analysed: false });
    await expect(reopened.getByTestId('ner-input')).toHaveValue(`${before} 충돌 직전`);
    const stored = (await storedDocuments(reopened)).find((d) => d.text === `${before} 충돌 직전`);
    expect(stored, 'the recovered version is stored').toBeTruthy();
    const entities = stored!.entities as { start: number; end: number; source: string; status?: string; score?: number }[];
    expect(entities.filter((e) => e.status === 'accepted')).toEqual([expect.objectContaining({ ...accepted, source: 'model' })]);
    expect(entities.filter((e) => e.status === 'pending').length).toBeGreaterThanOrEqual(pending - 1);
    for (const entity of entities) expect(typeof entity.score).toBe('number');
  } finally {
    await second.close();
  }
});

test('a tab hidden right after typing has saved what was typed (visibilitychange)', async ({ context }) => {
  await context.clock.install();
  const page = await openTab(context);
  const before = await page.getByTestId('ner-input').inputValue();
  await holdTimers(page);
  await typeAtEnd(page, ' 숨김');
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-status', 'pending');
  // What a browser does when the user switches tabs or minimises the window.
  await page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-status', 'saved');
  expect((await storedDocuments(page)).map((d) => d.text)).toEqual([`${before} 숨김`]);
});

test('an edit in one tab shows in the others, and a later edit in another tab keeps it (issue 13 reproduction)', async ({ context }) => {
  const first = await openTab(context);
  const second = await openTab(context);
  const original = await first.getByTestId('ner-input').inputValue();

  await typeAtEnd(first, ' 첫째 탭');
  await expect(first.getByTestId('save-state')).toHaveAttribute('data-status', 'saved');
  // The second tab shows the first tab's edit without a reload.
  await expect(second.getByTestId('ner-input')).toHaveValue(`${original} 첫째 탭`);

  await typeAtEnd(second, ' 둘째 탭');
  await expect(second.getByTestId('save-state')).toHaveAttribute('data-status', 'saved');
  await expect(first.getByTestId('ner-input')).toHaveValue(`${original} 첫째 탭 둘째 탭`);

  const third = await openTab(context);
  await expect(third.getByTestId('ner-input')).toHaveValue(`${original} 첫째 탭 둘째 탭`);
  await gotoView(third, 'documents');
  await expect(third.getByTestId('doc-item')).toHaveCount(1);
  expect((await storedDocuments(third)).map((d) => d.text)).toEqual([`${original} 첫째 탭 둘째 탭`]);
});

test('two tabs editing the same document at the same time: both edits survive, one as a conflict copy, and the user is told', async ({ context }) => {
  await context.clock.install();
  const first = await openTab(context);
  const second = await openTab(context);
  const original = await first.getByTestId('ner-input').inputValue();
  await holdTimers(first);

  // Both tabs edit the version they loaded before either edit is saved.
  await typeAtEnd(first, ' 하나');
  await typeAtEnd(second, ' 둘');
  await expect(first.getByTestId('save-state')).toHaveAttribute('data-status', 'pending');
  await expect(second.getByTestId('save-state')).toHaveAttribute('data-status', 'pending');
  await first.clock.runFor(2_000);
  await expect(first.getByTestId('save-state')).toHaveAttribute('data-status', 'saved');
  await expect(second.getByTestId('save-state')).toHaveAttribute('data-status', 'saved');

  const stored = (await storedDocuments(first)).map((d) => d.text).sort();
  expect(stored).toEqual([`${original} 둘`, `${original} 하나`].sort());
  const third = await openTab(context, { analysed: false });
  await gotoView(third, 'documents');
  await expect(third.getByTestId('doc-item')).toHaveCount(2);
  await expect(third.getByTestId('doc-item').filter({ hasText: '(conflict copy)' })).toHaveCount(1);

  // The tab whose write came second was told, and it shows its own text in the copy.
  const notices = await Promise.all([first, second].map((page) => page.getByTestId('workspace-notice').allTextContents()));
  expect(notices.flat().filter((text) => /another tab/.test(text))).toHaveLength(1);
  const told = notices[0].length > 0 ? first : second;
  await expect(told.getByTestId('workspace-notice')).toContainText('both versions are kept, yours as');
  await expect(told.getByTestId('workspace-notice')).toContainText('(conflict copy)');
  const toldText = told === first ? `${original} 하나` : `${original} 둘`;
  await expect(told.getByTestId('ner-input')).toHaveValue(toldText);
  await gotoView(told, 'documents');
  await expect(told.locator('[data-testid="doc-item"][aria-current="true"]')).toContainText('(conflict copy)');
  // Both tabs list both documents.
  await gotoView(first, 'documents');
  await expect(first.getByTestId('doc-item')).toHaveCount(2);
  await gotoView(second, 'documents');
  await expect(second.getByTestId('doc-item')).toHaveCount(2);
});

test('a document deleted in one tab disappears from the others', async ({ context }) => {
  const first = await openTab(context);
  await gotoView(first, 'documents');
  await first.getByTestId('new-doc').click();
  await expect(first.getByTestId('doc-item')).toHaveCount(2);
  await expect(first.getByTestId('save-state')).toHaveAttribute('data-status', 'saved');
  const second = await openTab(context);
  await gotoView(second, 'documents');
  await expect(second.getByTestId('doc-item')).toHaveCount(2);
  await first.getByTestId('delete-doc').last().click();
  await expect(first.getByTestId('doc-item')).toHaveCount(1);
  await expect(second.getByTestId('doc-item')).toHaveCount(1);
});
