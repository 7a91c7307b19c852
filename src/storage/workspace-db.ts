/**
 * What is stored where (IndexedDB, through `idb`):
 *
 *   database "korean-ner-workspace", version 2
 *     store "documents"  key: id        value: DocumentRecord {schemaVersion, revision, id, name,
 *                                              text, entities, createdAt, updatedAt} (records.ts)
 *                        index "updatedAt"
 *     store "settings"   key: key       value: {key, value} (free-form; each reader checks its value)
 *     store "unsaved"    key: key       value: UnsavedEntry {key: "<tab>:<document id>", tabId,
 *                                              baseRevision, record}: edits a closing tab could
 *                                              not save (below)
 *
 * Nothing else is stored: the model files live in the service worker's cache, not here.
 * Every read passes the type guard in records.ts; invalid records are reported, not loaded,
 * and kept as they are. Every write returns a WriteResult; a full disk
 * (`QuotaExceededError`) comes back as `{ok: false, failure: {kind: 'quota'}}`. An import
 * is one transaction: all documents of a file are stored, or none.
 *
 * Several tabs: a save names the revision it was made over, and the write transaction (a
 * readwrite transaction on the record: IndexedDB runs those one at a time) compares it with the
 * stored one; if another tab wrote since, nothing is written and the caller gets a conflict
 * with the stored version. After each write the other tabs are told (workspace-channel.ts).
 * Database version 2 (schema 2, revisions) makes a tab still running the previous app close its
 * connection (`blocking`), so it cannot write without a revision check.
 *
 * Closing a tab: a revision-checked save reads before it writes, and a closing page runs no
 * more callbacks, so its read would answer nobody and the write never happen. So on `pagehide`
 * (and on hiding) `stashUnsaved` puts the unsaved versions in "unsaved" at once (plain puts,
 * issued before the handler returns, under this tab's own keys: nothing else is overwritten);
 * the tab's next successful save of a document deletes its entry in the same transaction. The
 * next tab to open (`recoverUnsaved`) applies the entries of tabs no longer alive (each tab holds
 * a Web Lock named after it for its lifetime) with the same revision check, in one transaction
 * per entry: a conflicting one becomes a conflict copy.
 */
import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { AnnotatedDocument } from '../annotation/document';
import { documentProblem } from '../annotation/document';
import { type DocumentRecord, type InvalidRecord, type RecordRead, readDocumentRecord, toDocumentRecord } from './records';
import { type PackedEntities, packEntities, unpackEntities } from './packed-entities';
import { type ChangeMessage, openChangeChannel } from './workspace-channel';
import { type ConflictFailure, type SaveResult, type StorageFailure, type StoredVersion, WRITTEN, type WriteResult, storageFailure } from './write-result';


export const DEFAULT_DATABASE = 'korean-ner-workspace';
const DATABASE_VERSION = 2;

interface UnsavedEntry {
  readonly key: string;
  readonly tabId: string;
  /** The revision the edit was made over; null for a document never stored. */
  readonly baseRevision: number | null;
  /**
   * The edited document as a record (its revision field is unused), checked by readDocumentRecord on the
   * way back; its entities as columns (`packedEntities`, packed-entities.ts) where they pack, else `entities`.
   */
  readonly record: DocumentRecord | StashedRecord;
}

type StashedRecord = Omit<DocumentRecord, 'entities'> & { readonly packedEntities: PackedEntities };

function toStashRecord(document: AnnotatedDocument): DocumentRecord | StashedRecord {
  const record = toDocumentRecord(document, 1);
  const packedEntities = packEntities(record.entities);
  if (packedEntities === null) return record;
  const { entities: _entities, ...rest } = record;
  return { ...rest, packedEntities };
}

/** A stash entry's record with its entities unpacked (as readDocumentRecord takes it), or why it cannot be. */
function fromStashRecord(record: unknown): { ok: true; record: unknown } | { ok: false; reason: string } {
  if (typeof record !== 'object' || record === null || !('packedEntities' in record)) return { ok: true, record };
  const { packedEntities, ...rest } = record as Record<string, unknown>;
  const unpacked = unpackEntities(packedEntities);
  return unpacked.ok ? { ok: true, record: { ...rest, entities: unpacked.entities } } : unpacked;
}

interface WorkspaceSchema extends DBSchema {
  documents: { key: string; value: DocumentRecord; indexes: { updatedAt: number } };
  settings: { key: string; value: { key: string; value: unknown } };
  unsaved: { key: string; value: UnsavedEntry };
}

/** What `recoverUnsaved` did with closed tabs' edits. */
export interface Recovery {
  /** Documents whose closed-tab edit was stored. */
  readonly saved: readonly string[];
  /** Edits that met a newer version: stored as new documents (their names). */
  readonly copies: readonly string[];
  /** Entries that could not be read (kept as they are), with the reason. */
  readonly invalid: readonly InvalidRecord[];
}

/** Appended to the name of an edit kept beside a newer version of its document. */
export const CONFLICT_COPY_SUFFIX = ' (conflict copy)';

export interface LoadedDocuments {
  /** Valid documents, most recently updated first. */
  readonly documents: AnnotatedDocument[];
  /** Each valid document's stored revision, by id: the base of its next save. */
  readonly revisions: Readonly<Record<string, number>>;
  readonly invalid: InvalidRecord[];
}

export interface WorkspaceStore {
  loadDocuments(): Promise<LoadedDocuments>;
  /** One document as stored now; null when none is stored, or it cannot be read. */
  readDocument(id: string): Promise<StoredVersion | null>;
  /**
   * Writes `document` over `baseRevision`, the revision this tab last read or wrote (undefined: a
   * document never stored). When the stored revision is another one, nothing is written: a
   * conflict, with the stored version.
   */
  saveDocument(document: AnnotatedDocument, baseRevision?: number): Promise<SaveResult>;
  /** Deletes the document if it is still at `baseRevision` (else a conflict, nothing deleted). */
  deleteDocument(id: string, baseRevision?: number): Promise<WriteResult>;
  /** All of them in one transaction, at revision 1, or none; never overwrites a stored document. */
  importDocuments(documents: readonly AnnotatedDocument[]): Promise<WriteResult>;
  /**
   * Stores the unsaved versions where a closing tab can: plain puts, issued before this returns
   * (call it from `pagehide`). `baseRevision`: as for saveDocument.
   */
  stashUnsaved(edits: readonly { readonly document: AnnotatedDocument; readonly baseRevision: number | undefined }[]): void;
  /** Applies the stashed edits of tabs that are gone (see the header). */
  recoverUnsaved(): Promise<Recovery>;
  /** What other tabs store or delete (hints to re-read; the revision check guards the data). */
  onChange(listener: (message: ChangeMessage) => void): () => void;
  getSetting(key: string): Promise<unknown>;
  setSetting(key: string, value: unknown): Promise<WriteResult>;
  close(): void;
}

export type OpenResult = { readonly ok: true; readonly store: WorkspaceStore } | { readonly ok: false; readonly failure: StorageFailure };

function invalidDocument(document: AnnotatedDocument): { ok: false; failure: StorageFailure } | null {
  const problem = documentProblem(document as unknown as Record<string, unknown>);
  return problem === null ? null : { ok: false, failure: { kind: 'invalid', message: `Document "${document.name}" cannot be stored: ${problem}` } };
}

async function attempt<T extends WriteResult | SaveResult>(write: () => Promise<T>): Promise<T | { ok: false; failure: StorageFailure }> {
  try {
    return await write();
  } catch (error) {
    return { ok: false, failure: storageFailure(error) };
  }
}

function storedVersion(value: unknown, id: string): StoredVersion | null {
  const read = readDocumentRecord(value, id);
  return read.ok ? { document: read.document, revision: read.revision } : null;
}

function conflict(name: string, current: StoredVersion | null, stored: boolean, what: 'saved' | 'deleted'): { ok: false; failure: ConflictFailure } {
  const why = current ? `another tab saved a newer version (revision ${current.revision})` : stored ? 'the stored record cannot be read by this version' : 'another tab deleted it';
  return { ok: false, failure: { kind: 'conflict', current, message: `Document "${name}" was not ${what}: ${why}.` } };
}

export async function openWorkspaceStore(name: string = DEFAULT_DATABASE): Promise<OpenResult> {
  let db: IDBPDatabase<WorkspaceSchema>;
  try {
    db = await openDB<WorkspaceSchema>(name, DATABASE_VERSION, {
      upgrade(database, oldVersion) {
        if (oldVersion < 1) {
          const documents = database.createObjectStore('documents', { keyPath: 'id' });
          documents.createIndex('updatedAt', 'updatedAt');
          database.createObjectStore('settings', { keyPath: 'key' });
        }
        // Version 2: schema-2 records (records.ts migrates schema 1 on read) and the "unsaved" store.
        if (oldVersion < 2) database.createObjectStore('unsaved', { keyPath: 'key' });
      },
      // Another tab opened a newer version: let it upgrade instead of blocking it.
      blocking() {
        db.close();
      },
    });
  } catch (error) {
    return { ok: false, failure: storageFailure(error) };
  }

  const channel = openChangeChannel(name);
  const tabId = crypto.randomUUID();
  const tabLock = (id: string) => `${name}:tab:${id}`;
  // Held until this page is gone: tells recoverUnsaved in another tab that this tab's entries are not orphans.
  void navigator.locks?.request(tabLock(tabId), () => new Promise<never>(() => {}));
  const stashKey = (id: string) => `${tabId}:${id}`;
  const tabAlive = async (id: string): Promise<boolean> =>
    navigator.locks ? navigator.locks.request(tabLock(id), { ifAvailable: true }, (lock) => lock === null) : false;
  // Listeners of this tab: told of changes this tab makes on another's behalf (recovered edits).
  const localListeners = new Set<(message: ChangeMessage) => void>();
  const announce = (message: ChangeMessage) => {
    channel.post(message);
    for (const listener of localListeners) listener(message);
  };
  // Waits for tabs whose entries were found while they still held their lock; aborted on close.
  const waiting = new AbortController();

  /** Applies stashed entries of tabs that are gone: each stored if its base is still current, else kept as a conflict copy. */
  const applyStashed = async (entries: readonly UnsavedEntry[]) => {
    const saved: { id: string; revision: number }[] = [];
    const copies: { id: string; name: string }[] = [];
    const invalid: InvalidRecord[] = [];
    for (const entry of entries) {
      const record = entry.record as unknown as Record<string, unknown> | null;
      const id = typeof record === 'object' && record !== null ? String(record.id) : '';
      const unpacked = fromStashRecord(entry.record);
      const read: RecordRead = unpacked.ok ? readDocumentRecord(unpacked.record, id) : { ok: false, key: id, reason: unpacked.reason };
      const base: unknown = entry.baseRevision;
      if (!read.ok || !(base === null || (Number.isInteger(base) && (base as number) >= 1))) {
        invalid.push({ key: String(entry.key), reason: read.ok ? `expected baseRevision null or an integer from 1, got ${JSON.stringify(base)}` : read.reason });
        continue;
      }
      const edit = read.document;
      const baseRevision = base as number | null;
      // One transaction per entry: two tabs opening at once apply it once (the second finds it gone).
      const tx = db.transaction(['documents', 'unsaved'], 'readwrite');
      const still = await tx.objectStore('unsaved').get(entry.key);
      if (still === undefined) continue;
      const stored = await tx.objectStore('documents').get(edit.id);
      const current = stored === undefined ? null : storedVersion(stored, edit.id);
      const writes: Promise<unknown>[] = [tx.objectStore('unsaved').delete(entry.key)];
      const same = current !== null && JSON.stringify(toDocumentRecord(current.document, 1)) === JSON.stringify(toDocumentRecord(edit, 1));
      if (same) {
        // Already stored (the closing tab's own save got through).
      } else if (stored === undefined ? baseRevision === null : current?.revision === baseRevision) {
        writes.push(tx.objectStore('documents').put(toDocumentRecord(edit, (baseRevision ?? 0) + 1)));
        saved.push({ id: edit.id, revision: (baseRevision ?? 0) + 1 });
      } else {
        const now = Date.now();
        const copy = { ...edit, id: crypto.randomUUID(), name: `${edit.name}${CONFLICT_COPY_SUFFIX}`, createdAt: now, updatedAt: now };
        writes.push(tx.objectStore('documents').add(toDocumentRecord(copy, 1)));
        copies.push({ id: copy.id, name: copy.name });
      }
      await Promise.all([...writes, tx.done]);
    }
    return { saved, copies, invalid };
  };
  const workspace: WorkspaceStore = {
    async loadDocuments() {
      const tx = db.transaction('documents');
      const [keys, values] = await Promise.all([tx.store.getAllKeys(), tx.store.getAll(), tx.done]);
      const documents: AnnotatedDocument[] = [];
      const revisions: Record<string, number> = {};
      const invalid: InvalidRecord[] = [];
      values.forEach((value, i) => {
        const read = readDocumentRecord(value, String(keys[i]));
        if (read.ok) {
          documents.push(read.document);
          revisions[read.document.id] = read.revision;
        } else invalid.push({ key: read.key, reason: read.reason });
      });
      documents.sort((a, b) => b.updatedAt - a.updatedAt);
      return { documents, revisions, invalid };
    },
    async readDocument(id) {
      const value = await db.get('documents', id);
      return value === undefined ? null : storedVersion(value, id);
    },
    async saveDocument(document, baseRevision) {
      const invalid = invalidDocument(document);
      if (invalid) return invalid;
      const result = await attempt(async (): Promise<SaveResult> => {
        // The read and the write in one readwrite transaction: no other tab's write can come between.
        const tx = db.transaction(['documents', 'unsaved'], 'readwrite');
        const stored = await tx.objectStore('documents').get(document.id);
        const current = stored === undefined ? null : storedVersion(stored, document.id);
        if (stored !== undefined ? current?.revision !== baseRevision : baseRevision !== undefined) {
          return conflict(document.name, current, stored !== undefined, 'saved');
        }
        const revision = (baseRevision ?? 0) + 1;
        // This version is stored: an older one stashed by this tab must not come back.
        await Promise.all([tx.objectStore('documents').put(toDocumentRecord(document, revision)), tx.objectStore('unsaved').delete(stashKey(document.id)), tx.done]);
        return { ok: true, revision };
      });
      if (result.ok) channel.post({ type: 'saved', id: document.id, revision: result.revision });
      return result;
    },
    async deleteDocument(id, baseRevision) {
      const result = await attempt(async (): Promise<WriteResult> => {
        const tx = db.transaction('documents', 'readwrite');
        const stored = await tx.store.get(id);
        if (stored === undefined) return WRITTEN;
        const current = storedVersion(stored, id);
        if (current?.revision !== baseRevision) return conflict(current?.document.name ?? id, current, true, 'deleted');
        await Promise.all([tx.store.delete(id), tx.done]);
        return WRITTEN;
      });
      if (result.ok) channel.post({ type: 'deleted', id });
      return result;
    },
    async importDocuments(documents) {
      for (const document of documents) {
        const invalid = invalidDocument(document);
        if (invalid) return invalid;
      }
      const tx = db.transaction('documents', 'readwrite');
      // `add`, not `put`: an id already stored fails the transaction instead of overwriting.
      const writes = documents.map((document) => tx.store.add(toDocumentRecord(document, 1)));
      const settled = await Promise.allSettled([...writes, tx.done]);
      const failed = settled.find((result) => result.status === 'rejected');
      if (failed === undefined) {
        for (const document of documents) channel.post({ type: 'saved', id: document.id, revision: 1 });
        return WRITTEN;
      }
      // The first failing request carries the reason; the transaction's own error is an AbortError.
      const reason = settled.slice(0, -1).find((result) => result.status === 'rejected') ?? failed;
      return { ok: false, failure: storageFailure(tx.error ?? (reason as PromiseRejectedResult).reason) };
    },
    async getSetting(key) {
      return (await db.get('settings', key))?.value;
    },
    stashUnsaved(edits) {
      if (edits.length === 0) return;
      try {
        const tx = db.transaction('unsaved', 'readwrite');
        for (const { document, baseRevision } of edits) {
          // Not checked here (the check of 3,700 entities cost 6 ms a keystroke): recoverUnsaved reads
          // every entry through readDocumentRecord, which reports a broken one and never loads it, and
          // the revision-checked save of the same version checks it before it is stored.
          void tx.store.put({ key: stashKey(document.id), tabId, baseRevision: baseRevision ?? null, record: toStashRecord(document) }).catch(() => {});
        }
        // Commit now rather than at the end of the task: a page being closed aborts the
        // transactions it has not committed yet, and this may be its last act.
        tx.commit?.();
        void tx.done.catch(() => {});
      } catch {
        // The connection is closing or gone: the normal save (flush) is all there is.
      }
    },
    async recoverUnsaved() {
      const entries = (await db.getAll('unsaved')).filter(
        (entry: unknown): entry is UnsavedEntry =>
          typeof entry === 'object' && entry !== null && typeof (entry as UnsavedEntry).tabId === 'string' && (entry as UnsavedEntry).tabId !== tabId,
      );
      const gone: UnsavedEntry[] = [];
      for (const otherTab of new Set(entries.map((entry) => entry.tabId))) {
        if (!(await tabAlive(otherTab))) {
          gone.push(...entries.filter((entry) => entry.tabId === otherTab));
          continue;
        }
        // A live tab saves its own edits; but a tab that is closing holds its lock a moment after
        // its last writes. Opening does not wait: once the lock is free (the tab is gone), what it
        // left is applied and announced, here and to the other tabs, like any save.
        void navigator.locks
          .request(tabLock(otherTab), { signal: waiting.signal }, async () => {
            const left = (await db.getAll('unsaved')).filter((entry: unknown): entry is UnsavedEntry => (entry as UnsavedEntry | null)?.tabId === otherTab);
            const late = await applyStashed(left);
            for (const { id, revision } of late.saved) announce({ type: 'saved', id, revision });
            for (const { id } of late.copies) announce({ type: 'saved', id, revision: 1 });
          })
          .catch(() => {}); // aborted on close, or the database went away
      }
      const now = await applyStashed(gone);
      for (const { id, revision } of now.saved) channel.post({ type: 'saved', id, revision });
      return { saved: now.saved.map((x) => x.id), copies: now.copies.map((x) => x.name), invalid: now.invalid };
    },
    async setSetting(key, value) {
      return attempt(async () => {
        await db.put('settings', { key, value });
        return WRITTEN;
      });
    },
    onChange(listener) {
      localListeners.add(listener);
      const unsubscribe = channel.subscribe(listener);
      return () => {
        localListeners.delete(listener);
        unsubscribe();
      };
    },
    close() {
      waiting.abort();
      localListeners.clear();
      channel.close();
      db.close();
    },
  };
  return { ok: true, store: workspace };
}
