import { describe, expect, it } from 'vitest';
import { DOCUMENT_SCHEMA_VERSION, readDocumentRecord, toDocumentRecord } from './records';

const document = {
  id: 'd1',
  name: '기사',
  text: '김철수는 서울에',
  entities: [{ start: 0, end: 3, label: 'PER', source: 'human' as const }],
  createdAt: 1,
  updatedAt: 2,
};

describe('readDocumentRecord', () => {
  it('gives back the document a record was made from', () => {
    const record = toDocumentRecord(document, 3);
    expect(record.schemaVersion).toBe(DOCUMENT_SCHEMA_VERSION);
    expect(readDocumentRecord(structuredClone(record), 'd1')).toEqual({ ok: true, document, revision: 3, migrated: false });
  });

  it('keeps a document marked done, and writes no done field for one in review', () => {
    const done = { ...document, done: true };
    expect(readDocumentRecord(structuredClone(toDocumentRecord(done, 1)), 'd1')).toEqual({ ok: true, document: done, revision: 1, migrated: false });
    expect('done' in toDocumentRecord({ ...document, done: false }, 1)).toBe(false);
  });

  it('migrates a schema-1 record (no revisions yet) to revision 1', () => {
    const schema1 = { schemaVersion: 1, ...document };
    expect(readDocumentRecord(schema1, 'd1')).toEqual({ ok: true, document, revision: 1, migrated: true });
  });

  it.each([
    ['not an object', 'x', /expected an object record/],
    ['no schema version', { ...document }, /expected a schemaVersion from 1/],
    ['a newer schema', { ...toDocumentRecord(document, 1), schemaVersion: DOCUMENT_SCHEMA_VERSION + 1 }, /newer version of the app/],
    ['a missing text', { ...toDocumentRecord(document, 1), text: undefined }, /expected a string text/],
    ['an entity past the text', { ...toDocumentRecord(document, 1), entities: [{ start: 0, end: 99, label: 'PER', source: 'human' }] }, /entity 0: expected 0 <= start < end <= 8/],
    ['an entity without a source', { ...toDocumentRecord(document, 1), entities: [{ start: 0, end: 3, label: 'PER' }] }, /expected source "model" or "human"/],
    ['a done that is not true or false', { ...toDocumentRecord(document, 1), done: 'yes' }, /expected done to be true or false, got "yes"/],
    ['no revision', { ...toDocumentRecord(document, 1), revision: undefined }, /expected a revision/],
    ['a revision of 0', { ...toDocumentRecord(document, 1), revision: 0 }, /expected a revision \(an integer from 1\), got 0/],
    ['a key that is not its id', { ...toDocumentRecord(document, 1), id: 'other' }, /expected the record's id to be its key "d1"/],
  ])('reports a record with %s, with the reason', (_what, value, reason) => {
    const read = readDocumentRecord(value, 'd1');
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.reason).toMatch(reason);
  });
});
