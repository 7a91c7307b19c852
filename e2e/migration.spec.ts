/**
 * Documents stored by the previous version (issue 13, item 4, the part on stored data): the
 * fixture is the database the main branch's storage module wrote (schema 1, database version 1,
 * made by scripts/make-workspace-v1-fixture.mjs: that module run in Chromium, the stores dumped). This version opens it,
 * shows every document with its entities, and its next save writes schema 2 at revision 2.
 */
import { readFileSync } from 'node:fs';
import { gotoView } from './helpers';
import { expect, test } from '@playwright/test';

const fixture = JSON.parse(readFileSync('e2e/fixtures/workspace-v1.json', 'utf8')) as {
  databaseVersion: number;
  documents: { id: string; name: string; text: string }[];
  settings: { key: string; value: unknown }[];
};

// The setup page is routed; the service worker must not answer it from its cache.
test.use({ serviceWorkers: 'block' });

test('a schema-1 database made by the previous version opens with every document and entity, and is saved as schema 2', async ({ page }) => {
  await page.route('**/fixture-setup', (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>setup</title>' }));
  await page.goto('/fixture-setup');
  await page.evaluate(
    (data) =>
      new Promise<void>((resolve, reject) => {
        const request = indexedDB.open('korean-ner-workspace', data.databaseVersion);
        // As the previous version created its stores.
        request.onupgradeneeded = () => {
          const documents = request.result.createObjectStore('documents', { keyPath: 'id' });
          documents.createIndex('updatedAt', 'updatedAt');
          request.result.createObjectStore('settings', { keyPath: 'key' });
        };
        request.onerror = () => reject(request.error);
        request.onsuccess = () => {
          const tx = request.result.transaction(['documents', 'settings'], 'readwrite');
          for (const record of data.documents) tx.objectStore('documents').put(record);
          for (const record of data.settings) tx.objectStore('settings').put(record);
          tx.oncomplete = () => {
            request.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    fixture,
  );

  await page.goto('/');
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-status', 'saved');
  await expect(page.getByTestId('invalid-records')).toHaveCount(0);
  await gotoView(page, 'documents');
  await expect(page.getByTestId('doc-item')).toHaveCount(2);
  await gotoView(page, 'analyse');
  await expect(page.getByTestId('ner-input')).toHaveValue(fixture.documents[0].text);
  const person = page.locator('[data-testid="ner-output"] mark[data-start="0"][data-end="3"]');
  await expect(person).toHaveAttribute('data-source', 'human');
  await expect(person).toHaveAttribute('data-label', 'PER');

  const input = page.getByTestId('ner-input');
  await input.focus();
  await input.press('Control+End');
  await input.pressSequentially(' 끝');
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-status', 'saved');
  const stored = await page.evaluate(
    () =>
      new Promise<{ version: number; stores: string[]; records: { id: string; schemaVersion: number; revision?: number; text: string }[] }>((resolve, reject) => {
        const request = indexedDB.open('korean-ner-workspace');
        request.onerror = () => reject(request.error);
        request.onsuccess = () => {
          const db = request.result;
          const all = db.transaction('documents').objectStore('documents').getAll();
          all.onsuccess = () => {
            resolve({ version: db.version, stores: [...db.objectStoreNames], records: all.result });
            db.close();
          };
        };
      }),
  );
  expect(stored.version).toBe(2);
  expect(stored.stores).toEqual(['documents', 'settings', 'unsaved']);
  const edited = stored.records.find((record) => record.id === 'doc-a');
  expect(edited).toMatchObject({ schemaVersion: 2, text: `${fixture.documents[0].text} 끝` });
  // saved at least once (revision 1 read from schema 1); the edit and the analysis of the edited text
  // may land in one save or in two, as the save queue and the model race
  expect(edited!.revision).toBeGreaterThanOrEqual(2);
  // The other one is migrated when it is next saved; until then it reads as revision 1.
  expect(stored.records.find((record) => record.id === 'doc-b')).toMatchObject({ schemaVersion: 1, text: fixture.documents[1].text });
});
