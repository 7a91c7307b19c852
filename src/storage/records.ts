/**
 * Stored record shapes, their schema version, and the checks on the way back in: a record is
 * trusted only after `readDocumentRecord` (a type guard with reasons) has passed it. Records
 * from an older schema are migrated step by step; records from a newer app, or broken ones,
 * are reported (id and reason), never loaded half-way, and never deleted.
 *
 * Schema 2 added `revision`: a counter per document, 1 when first stored, +1 on every write.
 * A tab writes only over the revision it last read (workspace-db.ts checks it inside the write
 * transaction), so no tab silently overwrites a newer version written by another tab.
 */
import { type AnnotatedDocument, documentProblem } from '../annotation/document';

export const DOCUMENT_SCHEMA_VERSION = 2;

export interface DocumentRecord extends AnnotatedDocument {
  readonly schemaVersion: typeof DOCUMENT_SCHEMA_VERSION;
  /** How many times this document has been written: 1 when first stored. */
  readonly revision: number;
}

/** A stored record that could not be loaded, and why. */
export interface InvalidRecord {
  readonly key: string;
  readonly reason: string;
}

export type RecordRead =
  | { readonly ok: true; readonly document: AnnotatedDocument; readonly revision: number; readonly migrated: boolean }
  | ({ readonly ok: false } & InvalidRecord);

/** Migrations[n] turns a schema-n record into a schema-(n+1) one. */
export type Migrations = Readonly<Record<number, (record: Record<string, unknown>) => Record<string, unknown>>>;
export const MIGRATIONS: Migrations = {
  // Schema 1 had no revisions: every stored document counts as written once.
  1: (record) => ({ ...record, revision: 1 }),
};

export function toDocumentRecord(document: AnnotatedDocument, revision: number): DocumentRecord {
  return {
    schemaVersion: DOCUMENT_SCHEMA_VERSION,
    revision,
    id: document.id,
    name: document.name,
    text: document.text,
    entities: document.entities,
    ...(document.done ? { done: true } : {}),
    ...(document.tagSet === undefined ? {} : { tagSet: document.tagSet }),
    createdAt: document.createdAt,
    updatedAt: document.updatedAt,
  };
}

export function readDocumentRecord(value: unknown, key: string, migrations: Migrations = MIGRATIONS): RecordRead {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, key, reason: 'expected an object record' };
  let record = value as Record<string, unknown>;
  const version = record.schemaVersion;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return { ok: false, key, reason: `expected a schemaVersion from 1 to ${DOCUMENT_SCHEMA_VERSION}, got ${JSON.stringify(version)}` };
  }
  if (version > DOCUMENT_SCHEMA_VERSION) {
    return { ok: false, key, reason: `written by a newer version of the app (schema ${version}; this one reads up to ${DOCUMENT_SCHEMA_VERSION})` };
  }
  for (let v = version; v < DOCUMENT_SCHEMA_VERSION; v++) {
    const migrate = migrations[v];
    if (!migrate) return { ok: false, key, reason: `no migration from schema ${v} to ${v + 1}` };
    record = { ...migrate(record), schemaVersion: v + 1 };
  }
  const problem = documentProblem(record);
  if (problem !== null) return { ok: false, key, reason: problem };
  if (record.id !== key) return { ok: false, key, reason: `expected the record's id to be its key ${JSON.stringify(key)}, got ${JSON.stringify(record.id)}` };
  const { schemaVersion: _version, revision, ...document } = record;
  if (typeof revision !== 'number' || !Number.isInteger(revision) || revision < 1) {
    return { ok: false, key, reason: `expected a revision (an integer from 1), got ${JSON.stringify(revision)}` };
  }
  return { ok: true, document: document as unknown as AnnotatedDocument, revision, migrated: version !== DOCUMENT_SCHEMA_VERSION };
}
