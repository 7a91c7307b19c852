/**
 * src/storage against Chromium's real IndexedDB: the module is bundled here (esbuild) and
 * injected into the app's page, then driven through `window.nerStorage`. Each test uses its
 * own database name, so the app's own data is not touched.
 */
import { expect, test, type Page } from '@playwright/test';
import { build } from 'esbuild';
import type * as Storage from '../src/storage/index';
import type { AnnotatedDocument } from '../src/annotation/document';

declare global {
  interface Window {
    nerStorage: typeof Storage;
  }
}

let bundle = '';

test.beforeAll(async () => {
  const result = await build({ entryPoints: ['src/storage/index.ts'], bundle: true, format: 'iife', globalName: 'nerStorage', write: false, target: 'es2022' });
  bundle = result.outputFiles[0].text;
});

// The bundle goes in as an inline script; a Content-Security-Policy must not block it here.
test.use({ bypassCSP: true });

async function openPage(page: Page): Promise<void> {
  await page.goto('/');
  await page.addScriptTag({ content: bundle });
}

const doc = (id: string, text: string, extra: Partial<AnnotatedDocument> = {}): AnnotatedDocument => ({
  id,
  name: `문서 ${id}`,
  text,
  entities: [],
  createdAt: 1_700_000_000_000,
  updatedAt: 1_700_000_000_000,
  ...extra,
});

test('documents saved in IndexedDB are all there after a reload, emoji, NFD Hangul and newlines included', async ({ page }) => {
  const documents = [
    doc('a', '김철수는 서울에 갔다.', { entities: [{ start: 0, end: 3, label: 'PER', source: 'human' }, { start: 5, end: 7, label: 'LOC', source: 'model', status: 'pending', score: 0.75 }] }),
    doc('b', '😀 \u1112\u1161\u11ab국\n둘째 줄', { updatedAt: 1_700_000_000_001 }),
  ];
  await openPage(page);
  const results = await page.evaluate(async (docs) => {
    const opened = await window.nerStorage.openWorkspaceStore('e2e-reload');
    if (!opened.ok) throw new Error(opened.failure.message);
    return Promise.all(docs.map((d) => opened.store.saveDocument(d)));
  }, documents);
  expect(results).toEqual([{ ok: true, revision: 1 }, { ok: true, revision: 1 }]);

  await page.reload();
  await page.addScriptTag({ content: bundle });
  const loaded = await page.evaluate(async () => {
    const opened = await window.nerStorage.openWorkspaceStore('e2e-reload');
    if (!opened.ok) throw new Error(opened.failure.message);
    return opened.store.loadDocuments();
  });
  expect(loaded.invalid).toEqual([]);
  // Most recently updated first.
  expect(loaded.documents).toEqual([documents[1], documents[0]]);
});

test('an import is all or nothing: one failing document leaves the store as it was', async ({ page }) => {
  await openPage(page);
  const outcome = await page.evaluate(async ([stored, fresh, clash]) => {
    const opened = await window.nerStorage.openWorkspaceStore('e2e-import');
    if (!opened.ok) throw new Error(opened.failure.message);
    const { store: workspace } = opened;
    await workspace.saveDocument(stored);
    // `clash` has the stored document's id: the whole transaction must abort.
    const result = await workspace.importDocuments([fresh, clash]);
    return { result, after: await workspace.loadDocuments() };
  }, [doc('kept', '원래 문서'), doc('new', '새 문서'), doc('kept', '덮어쓰면 안 됨')] as const);
  expect(outcome.result.ok).toBe(false);
  expect(outcome.after.documents.map((d) => [d.id, d.text])).toEqual([['kept', '원래 문서']]);
});

test('records that fail the type guard are reported with a reason, kept, and do not stop the valid ones', async ({ page }) => {
  await openPage(page);
  const outcome = await page.evaluate(async (good) => {
    const opened = await window.nerStorage.openWorkspaceStore('e2e-invalid');
    if (!opened.ok) throw new Error(opened.failure.message);
    await opened.store.saveDocument(good);
    opened.store.close();
    // Write broken records with the raw IndexedDB API, as a bug or a newer app might.
    await new Promise<void>((resolve, reject) => {
      const request = indexedDB.open('e2e-invalid');
      request.onerror = () => reject(request.error);
      request.onsuccess = () => {
        const tx = request.result.transaction('documents', 'readwrite');
        tx.objectStore('documents').put({ id: 'future', schemaVersion: 99 });
        tx.objectStore('documents').put({ id: 'broken', schemaVersion: 1, name: 'x', text: 'ab', entities: [{ start: 1, end: 9, label: 'PER', source: 'human' }], createdAt: 0, updatedAt: 0 });
        tx.oncomplete = () => {
          request.result.close();
          resolve();
        };
        tx.onerror = () => reject(tx.error);
      };
    });
    const reopened = await window.nerStorage.openWorkspaceStore('e2e-invalid');
    if (!reopened.ok) throw new Error(reopened.failure.message);
    const first = await reopened.store.loadDocuments();
    const again = await reopened.store.loadDocuments();
    return { first, stillThere: again.invalid.length };
  }, doc('good', '멀쩡한 문서'));
  expect(outcome.first.documents.map((d) => d.id)).toEqual(['good']);
  expect(outcome.first.invalid).toEqual([
    { key: 'broken', reason: expect.stringMatching(/entity 0: expected 0 <= start < end <= 2/) },
    { key: 'future', reason: expect.stringMatching(/newer version of the app/) },
  ]);
  expect(outcome.stillThere).toBe(2);
});

test('a save over an old revision is refused with the stored version: two connections, as two tabs have', async ({ page }) => {
  await openPage(page);
  const outcome = await page.evaluate(async (first) => {
    const [a, b] = await Promise.all([window.nerStorage.openWorkspaceStore('e2e-revisions'), window.nerStorage.openWorkspaceStore('e2e-revisions')]);
    if (!a.ok || !b.ok) throw new Error('could not open');
    const heard: unknown[] = [];
    b.store.onChange((message) => heard.push(message));
    const created = await a.store.saveDocument(first);
    const loadedByB = await b.store.loadDocuments();
    const byA = await a.store.saveDocument({ ...first, text: 'A의 수정' }, 1);
    const byB = await b.store.saveDocument({ ...first, text: 'B의 수정' }, loadedByB.revisions[first.id]);
    const deleteByB = await b.store.deleteDocument(first.id, 1);
    const fresh = await a.store.saveDocument({ ...first, id: 'other' }, 5);
    // BroadcastChannel delivers in a later task.
    await new Promise((resolve) => setTimeout(resolve, 0));
    return { created, byA, byB, deleteByB, fresh, stored: await b.store.readDocument(first.id), heard };
  }, doc('shared', '원문'));
  expect(outcome.created).toEqual({ ok: true, revision: 1 });
  expect(outcome.byA).toEqual({ ok: true, revision: 2 });
  expect(outcome.byB).toEqual({
    ok: false,
    failure: { kind: 'conflict', message: expect.stringMatching(/another tab saved a newer version \(revision 2\)/), current: { revision: 2, document: { ...doc('shared', 'A의 수정') } } },
  });
  expect(outcome.deleteByB).toMatchObject({ ok: false, failure: { kind: 'conflict' } });
  expect(outcome.fresh).toMatchObject({ ok: false, failure: { kind: 'conflict', current: null, message: expect.stringMatching(/deleted/) } });
  expect(outcome.stored).toEqual({ revision: 2, document: doc('shared', 'A의 수정') });
  expect(outcome.heard).toEqual([
    { type: 'saved', id: 'shared', revision: 1 },
    { type: 'saved', id: 'shared', revision: 2 },
  ]);
});

test.describe('with a tiny quota', () => {
  // The service worker's precache (app, ONNX Runtime, model: tens of MB) would count against
  // the 256 KB quota below; this test is about IndexedDB, so the page gets no service worker.
  test.use({ serviceWorkers: 'block' });

  test('a full disk comes back as a quota failure and leaves stored documents unchanged', async ({ page }) => {
    test.setTimeout(120_000);
    await openPage(page);
    const origin = new URL(page.url()).origin;
    // A real quota, made small for this origin (Chromium DevTools protocol), before the
    // database is opened (an open database keeps the quota it was opened with).
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 256 * 1024 });
    const outcome = await page.evaluate(async ([small, shell, quota]) => {
      // The override reaches the quota manager asynchronously (and navigator.storage.estimate()
      // does not report it): a save made before it is in force is checked against the old quota
      // (seen once as { ok: true } for the big save). Wait until a raw IndexedDB write of a
      // value larger than the quota, in a probe database of its own, is refused.
      const randomText = (n: number) => Array.from({ length: n }, () => String.fromCharCode(0xac00 + Math.floor(Math.random() * 11172))).join('');
      const probeWrite = () => new Promise<boolean>((resolve, reject) => {
        const open = indexedDB.open('e2e-quota-probe', 1);
        open.onupgradeneeded = () => open.result.createObjectStore('probe');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction('probe', 'readwrite');
          tx.objectStore('probe').put(randomText(quota), 'x');
          tx.oncomplete = () => { db.close(); resolve(true); };
          tx.onabort = () => { db.close(); if (tx.error?.name === 'QuotaExceededError') resolve(false); else reject(tx.error); };
        };
      });
      // bounded by time, not tries: on a loaded machine each probe write itself takes long (seen: 100 tries in 10 s)
      const since = performance.now();
      while (await probeWrite()) {
        if (performance.now() - since > 60_000) throw new Error('the quota override never came into force');
        await new Promise((r) => setTimeout(r, 50));
      }
      await new Promise((r) => { const del = indexedDB.deleteDatabase('e2e-quota-probe'); del.onsuccess = del.onerror = r; });
      const opened = await window.nerStorage.openWorkspaceStore('e2e-quota');
      if (!opened.ok) throw new Error(opened.failure.message);
      const stored = await opened.store.saveDocument(small);
      // Random syllables: IndexedDB compresses its values, so repeated text would fit.
      const text = randomText(400_000);
      const big = { ...shell, text };
      const saved = await opened.store.saveDocument(big);
      const imported = await opened.store.importDocuments([{ ...big, id: 'big-2' }]);
      return { stored, saved, imported, after: await opened.store.loadDocuments() };
    }, [doc('small', '작은 문서'), doc('big', ''), 256 * 1024] as const);
    await cdp.send('Storage.overrideQuotaForOrigin', { origin });
    expect(outcome.stored).toEqual({ ok: true, revision: 1 });
    expect(outcome.saved).toEqual({ ok: false, failure: { kind: 'quota', message: expect.stringMatching(/full/) } });
    expect(outcome.imported).toEqual({ ok: false, failure: { kind: 'quota', message: expect.stringMatching(/full/) } });
    expect(outcome.after.documents.map((d) => d.id)).toEqual(['small']);
  });
});
