import { describe, expect, it } from 'vitest';
import { exportConll, importConll } from './conll';
import { createDocuments } from './formats';

describe('CoNLL BIO', () => {
  it('cuts the particle after an entity into its own token', () => {
    const [doc] = createDocuments([
      {
        name: 'd',
        text: '김철수는  서울\n시청에서 일한다',
        entities: [
          { start: 0, end: 3, label: 'PER', source: 'human' },
          { start: 6, end: 11, label: 'ORG', source: 'model', status: 'accepted' },
          { start: 14, end: 16, label: 'LOC', source: 'model', status: 'rejected' },
        ],
      },
    ]);
    expect(exportConll([doc]).content).toBe('김철수\tB-PER\n는\tO\n서울\tB-ORG\n시청\tI-ORG\n에서\tO\n일한다\tO\n');
  });

  it('with includePending also tags the pending proposals, a person\'s entity winning over an overlapping one', () => {
    const [doc] = createDocuments([
      {
        name: 'd',
        text: '김철수는  서울\n시청에서 일한다',
        entities: [
          { start: 0, end: 3, label: 'PER', source: 'human' },
          // Overlaps the person's PER (a damaged record): BIO cannot hold both, the person's stays.
          { start: 0, end: 4, label: 'ORG', source: 'model', status: 'pending' },
          { start: 6, end: 11, label: 'LOC', source: 'model', status: 'pending', score: 0.6 },
          { start: 14, end: 17, label: 'DAT', source: 'model', status: 'rejected' },
        ],
      },
    ]);
    expect(exportConll([doc], { includePending: true }).content).toBe('김철수\tB-PER\n는\tO\n서울\tB-LOC\n시청\tI-LOC\n에서\tO\n일한다\tO\n');
    expect(exportConll([doc]).content).toBe('김철수\tB-PER\n는\tO\n서울\tO\n시청에서\tO\n일한다\tO\n');
  });

  it('reads sentences as documents, 4-column lines, I- without B-, and -DOCSTART-', () => {
    const drafts = importConll('-DOCSTART- -X- O O\n\n김 NNP B-NP I-PER\n철수 NNP I-NP I-PER\n는 J O O\n\n\n서울 B-LOC\n부산 B-LOC\n', 'a.conll');
    expect(drafts.map((d) => [d.name, d.text, d.entities.map((e) => [e.start, e.end, e.label])])).toEqual([
      ['a 1', '김 철수 는', [[0, 4, 'PER']]],
      ['a 2', '서울 부산', [[0, 2, 'LOC'], [3, 5, 'LOC']]],
    ]);
  });

  it.each([
    ['김 B-PER\n철수\n', /line 2: expected a token and its tag/],
    ['김 B-PER\n\n철수 PER\n', /line 3: expected the tag O, B-LABEL or I-LABEL, got "PER"/],
  ])('names the line of a broken file', (content, message) => {
    expect(() => importConll(content, 'x.conll')).toThrow(message);
  });
});
