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
    expect(exportConll([doc]).content).toBe(
      '김철수\tSpaceAfter=No\tB-PER\n는\tSpacesAfter=\\s\\s\tO\n서울\tSpacesAfter=\\n\tB-ORG\n시청\tSpaceAfter=No\tI-ORG\n에서\t_\tO\n일한다\t_\tO\n',
    );
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
    const tags = (content: string) => content.split('\n').filter(Boolean).map((line) => `${line.split('\t')[0]} ${line.split('\t')[2]}`);
    expect(tags(exportConll([doc], { includePending: true }).content)).toEqual(['김철수 B-PER', '는 O', '서울 B-LOC', '시청 I-LOC', '에서 O', '일한다 O']);
    expect(tags(exportConll([doc]).content)).toEqual(['김철수 B-PER', '는 O', '서울 O', '시청에서 O', '일한다 O']);
  });

  it('round-trips Korean text exactly: particles glued to names, paragraph breaks, runs of spaces, leading and trailing space', () => {
    const text = '  삼성전자는 3분기에 10조 원을 벌었다.\n\n이재용 회장은  서울에서 말했다.\r\n끝 ';
    const entities = [
      { start: 2, end: 6, label: 'ORG', source: 'human' as const },
      { start: 8, end: 11, label: 'DAT', source: 'human' as const },
      { start: 13, end: 18, label: 'MNY', source: 'human' as const },
      { start: 26, end: 29, label: 'PER', source: 'human' as const },
      { start: 35, end: 37, label: 'LOC', source: 'human' as const },
    ];
    expect(entities.map((e) => text.slice(e.start, e.end))).toEqual(['삼성전자', '3분기', '10조 원', '이재용', '서울']);
    for (const conllTokens of ['words', 'syllables'] as const) {
      const [doc] = createDocuments([{ name: 'd', text, entities }]);
      const file = exportConll([doc], { conllTokens }).content;
      const [back] = importConll(file, 'd.conll');
      expect(back.text, conllTokens).toBe(text);
      expect(back.entities).toEqual(entities);
      expect(exportConll(createDocuments([back]), { conllTokens }).content).toBe(file);
    }
  });

  it('states its tokens: words cut only at entity edges, or one token per syllable whatever the entities', () => {
    const [plain] = createDocuments([{ name: 'd', text: '김철수는 갔다', entities: [] }]);
    const [tagged] = createDocuments([{ name: 'd', text: '김철수는 갔다', entities: [{ start: 0, end: 3, label: 'PER', source: 'human' }] }]);
    const tokens = (content: string) => content.split('\n').filter(Boolean).map((line) => line.split('\t')[0]);
    expect(tokens(exportConll([plain]).content)).toEqual(['김철수는', '갔다']);
    expect(tokens(exportConll([tagged]).content)).toEqual(['김철수', '는', '갔다']);
    expect(tokens(exportConll([plain], { conllTokens: 'syllables' }).content)).toEqual(['김', '철', '수', '는', '갔', '다']);
    expect(tokens(exportConll([tagged], { conllTokens: 'syllables' }).content)).toEqual(['김', '철', '수', '는', '갔', '다']);
    expect(exportConll([tagged], { conllTokens: 'syllables' }).content.split('\n')[0]).toBe('김\tSpaceAfter=No\tB-PER');
  });

  it('a file without the spacing column comes back as tokens joined by single spaces; a bad escape is named', () => {
    expect(importConll('김철수 B-PER\n는 O\n', 'a.conll')[0].text).toBe('김철수 는');
    expect(() => importConll('김\tSpacesAfter=\\q\tO\n', 'a.conll')).toThrow(/line 1: expected \\s, \\t, \\n, \\r, \\\\ or \\uXXXX in a spacing, got \\q/);
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
