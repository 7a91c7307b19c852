/**
 * The whole workspace in one file, and back: every document with its name, text, "done" state,
 * times and every entity as stored (a person's, and the model's with its status and score,
 * rejected ones included, so a restored workspace never gets back a proposal a person turned
 * down). Unlike the exchange formats (CoNLL, doccano, ...), nothing is left out or re-tokenized:
 * a backup restores exactly what was kept.
 *
 *     { "format": "korean-ner-workspace", "version": 1, "exportedAt": "…", "documents": [ … ] }
 *
 * Restoring decodes the file as every import does (decode.ts: byte order marks, UTF-16, EUC-KR);
 * reading checks every document as storage does (`documentProblem`) and names the one that is
 * broken; a file of another format or a newer version is refused with what it is.
 */
import { type AnnotatedDocument, documentProblem, sameEntities } from '../annotation/document';
import { FormatError } from './common';
import { expectArray, expectObject, parseJson } from './json-input';

export const BACKUP_FORMAT = 'korean-ner-workspace';
export const BACKUP_VERSION = 1;

export interface BackupFile {
  readonly fileName: string;
  readonly content: string;
  readonly mimeType: string;
}

/** The backup of `documents`, named after the day it was made. */
export function writeBackup(documents: readonly AnnotatedDocument[], now: Date = new Date()): BackupFile {
  const records = documents.map(({ id, name, text, entities, done, tagSet, createdAt, updatedAt }) => ({ id, name, text, entities, ...(done ? { done } : {}), ...(tagSet === undefined ? {} : { tagSet }), createdAt, updatedAt }));
  const content = `${JSON.stringify({ format: BACKUP_FORMAT, version: BACKUP_VERSION, exportedAt: now.toISOString(), documents: records }, null, 1)}\n`;
  return { fileName: `ner-workspace-${now.toISOString().slice(0, 10)}.json`, content, mimeType: 'application/json' };
}

/** The documents of a backup, each checked; a FormatError naming the field and what was expected otherwise. */
export function readBackup(source: string): AnnotatedDocument[] {
  const root = expectObject(parseJson(source), {});
  if (root.format !== BACKUP_FORMAT) {
    throw new FormatError(`expected a workspace backup (format "${BACKUP_FORMAT}"), got ${root.format === undefined ? 'a file without one' : JSON.stringify(root.format)}: use Import for other formats`, { field: 'format' });
  }
  if (typeof root.version !== 'number' || !Number.isInteger(root.version) || root.version < 1) throw new FormatError(`expected a version number, got ${JSON.stringify(root.version)}`, { field: 'version' });
  if (root.version > BACKUP_VERSION) throw new FormatError(`written by a newer version of the app (backup version ${root.version}; this one reads up to ${BACKUP_VERSION})`, { field: 'version' });
  const documents = expectArray(root.documents, { field: 'documents' });
  const ids = new Set<string>();
  return documents.map((value, index) => {
    const field = `documents[${index}]`;
    const record = expectObject(value, { field });
    const problem = documentProblem(record);
    if (problem !== null) throw new FormatError(problem, { field });
    const { id, name, text, entities, done, tagSet, createdAt, updatedAt } = record as unknown as AnnotatedDocument;
    if (ids.has(id)) throw new FormatError(`expected each document id once, got ${JSON.stringify(id)} again`, { field });
    ids.add(id);
    return { id, name, text, entities, ...(done ? { done } : {}), ...(tagSet === undefined ? {} : { tagSet }), createdAt, updatedAt };
  });
}

/**
 * What restoring `backup` into a workspace holding `present` does, never overwriting a document:
 * a document not here comes back as it was (same id); one here with the same content is skipped;
 * one here whose content differs comes back beside it as a copy (a new id from `newId`, its name
 * marked), so both versions are kept.
 */
export function planRestore(
  present: readonly AnnotatedDocument[],
  backup: readonly AnnotatedDocument[],
  newId: () => string,
): { readonly add: AnnotatedDocument[]; readonly unchanged: number; readonly copies: number } {
  const byId = new Map(present.map((d) => [d.id, d]));
  const add: AnnotatedDocument[] = [];
  let unchanged = 0;
  let copies = 0;
  for (const document of backup) {
    const here = byId.get(document.id);
    if (!here) add.push(document);
    else if (sameContent(here, document)) unchanged++;
    else {
      add.push({ ...document, id: newId(), name: `${document.name} (from backup)` });
      copies++;
    }
  }
  return { add, unchanged, copies };
}

function sameContent(a: AnnotatedDocument, b: AnnotatedDocument): boolean {
  return a.name === b.name && a.text === b.text && Boolean(a.done) === Boolean(b.done) && a.tagSet === b.tagSet && sameEntities(a.entities, b.entities);
}
