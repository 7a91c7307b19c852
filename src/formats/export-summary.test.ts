import { describe, expect, it } from 'vitest';
import { type AnnotatedDocument, type AnnotatedEntity } from '../annotation/document';
import { decidedEntities } from './common';
import { exportSummary } from './export-summary';

const model = (start: number, status: 'pending' | 'accepted' | 'rejected'): AnnotatedEntity => ({ start, end: start + 1, label: 'PER', source: 'model', status });
const doc = (id: string, entities: AnnotatedEntity[]): AnnotatedDocument => ({ id, name: id, text: 'abcdefghij', entities, createdAt: 0, updatedAt: 0 });

const DOCUMENTS = [
  doc('a', [model(0, 'accepted'), model(2, 'pending'), model(4, 'rejected'), { start: 6, end: 7, label: 'LOC', source: 'human' }]),
  doc('b', [model(0, 'pending'), model(3, 'pending')]),
];

describe('the export summary', () => {
  it('counts what the exporters write, with and without the proposals', () => {
    for (const includePending of [false, true]) {
      const summary = exportSummary(DOCUMENTS, includePending);
      const written = DOCUMENTS.reduce((n, d) => n + decidedEntities(d.entities, { includePending }).length, 0);
      expect(summary.accepted + summary.added + (includePending ? summary.proposals : 0)).toBe(written);
    }
    expect(exportSummary(DOCUMENTS, false)).toEqual({ documents: 2, accepted: 1, added: 1, proposals: 3, proposalsWritten: false, rejected: 1 });
    expect(exportSummary(DOCUMENTS, true)).toEqual({ documents: 2, accepted: 1, added: 1, proposals: 3, proposalsWritten: true, rejected: 1 });
  });
});
