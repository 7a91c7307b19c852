/** A document's tag set: stored with it, "kmou" for documents stored before tag sets, found from an imported file's labels. */
import { describe, expect, it } from 'vitest';
import { documentProblem, tagSetOfDocument, type AnnotatedDocument } from './document';
import { readDocumentRecord, toDocumentRecord } from '../storage/records';
import { importedTagSet } from '../workspace/useWorkspace';
import { KLUE_TYPES, KMOU_TYPES, tagSetOfLabels } from '../core/labels/tag-sets';

const doc = (extra: Partial<AnnotatedDocument> = {}): AnnotatedDocument => ({
  id: 'd1',
  name: 'a',
  text: '김철수는 서울에 갔다',
  entities: [{ start: 0, end: 3, label: 'PS', source: 'human' }],
  createdAt: 1,
  updatedAt: 2,
  ...extra,
});
const human = (label: string) => ({ start: 0, end: 1, label, source: 'human' as const });

describe('a document\'s tag set', () => {
  it('is stored with it and read back; a record without one (stored before tag sets) is KMOU', () => {
    const stored = readDocumentRecord(toDocumentRecord(doc({ tagSet: 'klue' }), 3), 'd1');
    expect(stored.ok && stored.document.tagSet).toBe('klue');
    const { tagSet: _, ...old } = toDocumentRecord(doc(), 1) as unknown as Record<string, unknown>;
    const read = readDocumentRecord({ ...old, schemaVersion: 1 }, 'd1');
    expect(read.ok).toBe(true);
    expect(read.ok && tagSetOfDocument(read.document)).toBe('kmou');
  });

  it('refuses a tag set that is not a name', () => {
    expect(documentProblem({ ...doc(), tagSet: 'KLUE NER' })).toBe('expected tagSet to be a tag set name, got "KLUE NER"');
    expect(documentProblem({ ...doc(), tagSet: 7 })).toBe('expected tagSet to be a tag set name, got 7');
  });

  it('of an import: the one known tag set holding all its labels, else the page\'s', () => {
    const sets = [{ name: 'kmou', types: KMOU_TYPES }, { name: 'klue', types: KLUE_TYPES }];
    expect(tagSetOfLabels(['PS', 'QT'], sets)).toBe('klue');
    expect(tagSetOfLabels(['PER'], sets)).toBe('kmou');
    expect(tagSetOfLabels(['PER', 'PS'], sets)).toBeNull();
    expect(tagSetOfLabels([], sets)).toBeNull();
    expect(importedTagSet({ entities: [human('PS'), human('LC')] }, 'kmou')).toBe('klue');
    expect(importedTagSet({ entities: [human('PER')] }, 'klue')).toBe('kmou');
    expect(importedTagSet({ entities: [] }, 'klue')).toBe('klue');
    expect(importedTagSet({ entities: [human('CUSTOM')] }, 'kmou')).toBe('kmou');
  });
});
