import { describe, expect, it } from 'vitest';
import type { AnnotatedDocument } from './document';
import { trainingDocumentsOf } from './training-documents';

const doc = (id: string, extra: Partial<AnnotatedDocument>): AnnotatedDocument => ({
  id,
  name: id,
  text: '김철수는 서울에 갔다.',
  entities: [],
  createdAt: 0,
  updatedAt: 0,
  ...extra,
});

describe('trainingDocumentsOf', () => {
  it('takes the done documents of the tag set, with their decided entities only', () => {
    const documents = [
      doc('a', {
        done: true,
        entities: [
          { start: 5, end: 7, label: 'LOC', source: 'model', status: 'accepted' },
          { start: 0, end: 3, label: 'PER', source: 'human' },
          { start: 8, end: 10, label: 'ORG', source: 'model', status: 'pending' },
          { start: 3, end: 4, label: 'ORG', source: 'model', status: 'rejected' },
        ],
      }),
      doc('b', { done: false, entities: [{ start: 0, end: 3, label: 'PER', source: 'human' }] }),
      doc('c', { done: true, tagSet: 'klue', entities: [{ start: 0, end: 3, label: 'PS', source: 'human' }] }),
      doc('d', { done: true }),
    ];
    expect(trainingDocumentsOf(documents, 'kmou')).toEqual([
      { text: documents[0].text, entities: [{ start: 0, end: 3, label: 'PER' }, { start: 5, end: 7, label: 'LOC' }], line: 0 },
      { text: documents[3].text, entities: [], line: 0 },
    ]);
    expect(trainingDocumentsOf(documents, 'klue')).toEqual([{ text: documents[2].text, entities: [{ start: 0, end: 3, label: 'PS' }], line: 0 }]);
  });
});
