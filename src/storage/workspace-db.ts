/**
 * What is stored where (IndexedDB, through `idb`):
 *
 *   database "korean-ner-workspace", version 1
 *     store "documents"  key: id        value: DocumentRecord {schemaVersion, id, name, text,
 *                                              entities, createdAt, updatedAt} (records.ts)
 *                        index "updatedAt"
 *     store "settings"   key: key       value: {key, value} (free-form; each reader checks its value)
 *
 * Nothing else is stored: the model files live in the service worker's cache, not here.
 * Every read passes the type guard in records.ts; invalid records are reported, not loaded,
 * and kept as they are. Every write returns a WriteResult; a full disk
 * (`QuotaExceededError`) comes back as `{ok: false, failure: {kind: 'quota'}}`. An import
 * is one transaction: all documents of a file are stored, or none.
 */
import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { AnnotatedDocument } from '../formats/document';
import { type DocumentRecord, type InvalidRecord, documentProblem, readDocumentRecord, toDocumentRecord } from './records';
import { type StorageFailure, WRITTEN, type WriteResult, storageFailure } from './write-result';

export const DEFAULT_DATABASE = 'korean-ner-workspace';
const DATABASE_VERSION = 1;

interface WorkspaceSchema extends DBSchema {
  documents: { key: string; value: DocumentRecord; indexes: { updatedAt: number } };
  settings: { key: string; value: { key: string; value: unknown } };
}

export interface LoadedDocuments {
  /** Valid documents, most recently updated first. */
  readonly documents: AnnotatedDocument[];
  readonly invalid: InvalidRecord[];
}

export interface Workspace {
  loadDocuments(): Promise<LoadedDocuments>;
  saveDocument(document: AnnotatedDocument): Promise<WriteResult>;
  deleteDocument(id: string): Promise<WriteResult>;
  /** All of them in one transaction, or none; never overwrites a stored document. */
  importDocuments(documents: readonly AnnotatedDocument[]): Promise<WriteResult>;
  getSetting(key: string): Promise<unknown>;
  setSetting(key: string, value: unknown): Promise<WriteResult>;
  close(): void;
}

export type OpenResult = { readonly ok: true; readonly workspace: Workspace } | { readonly ok: false; readonly failure: StorageFailure };

function invalidDocument(document: AnnotatedDocument): WriteResult | null {
  const problem = documentProblem(document as unknown as Record<string, unknown>);
  return problem === null ? null : { ok: false, failure: { kind: 'invalid', message: `Document "${document.name}" cannot be stored: ${problem}` } };
}

async function attempt(write: () => Promise<unknown>): Promise<WriteResult> {
  try {
    await write();
    return WRITTEN;
  } catch (error) {
    return { ok: false, failure: storageFailure(error) };
  }
}

export async function openWorkspace(name: string = DEFAULT_DATABASE): Promise<OpenResult> {
  let db: IDBPDatabase<WorkspaceSchema>;
  try {
    db = await openDB<WorkspaceSchema>(name, DATABASE_VERSION, {
      upgrade(database) {
        const documents = database.createObjectStore('documents', { keyPath: 'id' });
        documents.createIndex('updatedAt', 'updatedAt');
        database.createObjectStore('settings', { keyPath: 'key' });
      },
      // Another tab opened a newer version: let it upgrade instead of blocking it.
      blocking() {
        db.close();
      },
    });
  } catch (error) {
    return { ok: false, failure: storageFailure(error) };
  }

  const workspace: Workspace = {
    async loadDocuments() {
      const tx = db.transaction('documents');
      const [keys, values] = await Promise.all([tx.store.getAllKeys(), tx.store.getAll(), tx.done]);
      const documents: AnnotatedDocument[] = [];
      const invalid: InvalidRecord[] = [];
      values.forEach((value, i) => {
        const read = readDocumentRecord(value, String(keys[i]));
        if (read.ok) documents.push(read.document);
        else invalid.push({ key: read.key, reason: read.reason });
      });
      documents.sort((a, b) => b.updatedAt - a.updatedAt);
      return { documents, invalid };
    },
    async saveDocument(document) {
      return invalidDocument(document) ?? attempt(() => db.put('documents', toDocumentRecord(document)));
    },
    async deleteDocument(id) {
      return attempt(() => db.delete('documents', id));
    },
    async importDocuments(documents) {
      for (const document of documents) {
        const invalid = invalidDocument(document);
        if (invalid) return invalid;
      }
      const tx = db.transaction('documents', 'readwrite');
      // `add`, not `put`: an id already stored fails the transaction instead of overwriting.
      const writes = documents.map((document) => tx.store.add(toDocumentRecord(document)));
      const settled = await Promise.allSettled([...writes, tx.done]);
      const failed = settled.find((result) => result.status === 'rejected');
      if (failed === undefined) return WRITTEN;
      // The first failing request carries the reason; the transaction's own error is an AbortError.
      const reason = settled.slice(0, -1).find((result) => result.status === 'rejected') ?? failed;
      return { ok: false, failure: storageFailure(tx.error ?? (reason as PromiseRejectedResult).reason) };
    },
    async getSetting(key) {
      return (await db.get('settings', key))?.value;
    },
    async setSetting(key, value) {
      return attempt(() => db.put('settings', { key, value }));
    },
    close() {
      db.close();
    },
  };
  return { ok: true, workspace };
}
