import { describe, expect, it } from 'vitest';
import type { AnnotatedDocument } from '../annotation/document';
import { exportDocuments } from './formats';

const TEXT = '김민수 고객(010-1234-5678)은 서울에 산다.';
const at = (surface: string) => ({ start: TEXT.indexOf(surface), end: TEXT.indexOf(surface) + surface.length });
const DOC: AnnotatedDocument = {
  id: 'd1',
  name: 'note',
  text: TEXT,
  entities: [
    { ...at('김민수'), label: 'PER', source: 'human' },
    { ...at('1234'), label: 'NOH', source: 'model', status: 'accepted' },
    { ...at('서울'), label: 'LOC', source: 'model', status: 'accepted' },
  ],
  createdAt: 1,
  updatedAt: 1,
};

describe('exports with the rules\' identifiers', () => {
  it('write a phone number as PHONE in place of the model entity inside it, only when asked', () => {
    const labels = (options: { includeIdentifiers?: boolean }) => JSON.parse(exportDocuments('doccano', [DOC], options).content).label;
    expect(labels({})).toEqual([
      [0, 3, 'PER'],
      [11, 15, 'NOH'],
      [23, 25, 'LOC'],
    ]);
    expect(labels({ includeIdentifiers: true })).toEqual([
      [0, 3, 'PER'],
      [7, 20, 'PHONE'],
      [23, 25, 'LOC'],
    ]);
  });

  it('tag identifiers in BIO with their own label', () => {
    expect(exportDocuments('conll', [DOC], { includeIdentifiers: true }).content).toContain('\tB-PHONE\n');
  });
});
