// Writes e2e/fixtures/workspace-v1.json: the workspace database as a checkout of the previous version
// (schema 1, database version 1) writes it. Usage: node scripts/make-workspace-v1-fixture.mjs /path/to/old-checkout
import { build } from 'esbuild';
import { chromium } from '@playwright/test';
import { writeFileSync } from 'node:fs';
const bundle = (await build({ entryPoints: [`${process.argv[2]}/src/storage/index.ts`], bundle: true, format: 'iife', globalName: 'mainStorage', write: false, target: 'es2022' })).outputFiles[0].text;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage();
await page.route('http://fixture.local/**', (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>fixture</title>' }));
await page.goto('http://fixture.local/');
await page.addScriptTag({ content: bundle });
const dump = await page.evaluate(async () => {
  const opened = await window.mainStorage.openWorkspace('korean-ner-workspace');
  if (!opened.ok) throw new Error(opened.failure.message);
  const w = opened.workspace;
  await w.saveDocument({ id: 'doc-a', name: '기사 1', text: '김철수는 서울에 갔다.', entities: [{ start: 0, end: 3, label: 'PER', source: 'human' }, { start: 5, end: 7, label: 'LOC', source: 'model', status: 'pending', score: 0.91 }], createdAt: 1_700_000_000_000, updatedAt: 1_700_000_000_500 });
  await w.saveDocument({ id: 'doc-b', name: '기사 2 😀', text: '삼성전자는 2016년에\r\n투자했다.', entities: [{ start: 0, end: 4, label: 'ORG', source: 'model', status: 'accepted', score: 0.8 }], createdAt: 1_700_000_001_000, updatedAt: 1_700_000_001_000 });
  await w.setSetting('currentDocumentId', 'doc-a');
  w.close();
  const db = await new Promise((resolve, reject) => { const r = indexedDB.open('korean-ner-workspace'); r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
  const all = (store) => new Promise((resolve) => { const q = db.transaction(store).objectStore(store).getAll(); q.onsuccess = () => resolve(q.result); });
  return { databaseVersion: db.version, stores: [...db.objectStoreNames], documents: await all('documents'), settings: await all('settings') };
});
writeFileSync('e2e/fixtures/workspace-v1.json', JSON.stringify({ madeBy: 'main 46d1907 src/storage (schema 1, database version 1)', ...dump }, null, 2) + '\n');
await browser.close();
