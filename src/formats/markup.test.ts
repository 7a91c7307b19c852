import { describe, expect, it } from 'vitest';
import { createDocuments } from './formats';
import { exportMarkup, importMarkup, parseMarkup, toMarkup } from './markup';

describe('inline markup', () => {
  it('writes entities in place and escapes what could read as markup', () => {
    const text = '<김철수>는 a\\b 서울에\n갔다';
    const entities = [
      { start: 0, end: 5, label: 'PER', source: 'human' as const },
      { start: 11, end: 13, label: 'LOC', source: 'human' as const },
    ];
    expect(toMarkup(text, entities)).toBe('<\\<김철수\\>:PER>는 a\\\\b <서울:LOC>에\\n갔다');
  });

  it('writes pending proposals in place only with includePending, rejected ones never', () => {
    const [doc] = createDocuments([
      {
        name: 'd',
        text: '김철수는 서울에 갔다',
        entities: [
          { start: 0, end: 3, label: 'PER', source: 'model', status: 'accepted' },
          { start: 5, end: 7, label: 'LOC', source: 'model', status: 'pending' },
          { start: 9, end: 11, label: 'DAT', source: 'model', status: 'rejected' },
        ],
      },
    ]);
    expect(exportMarkup([doc]).content).toBe('<김철수:PER>는 서울에 갔다\n');
    expect(exportMarkup([doc], { includePending: true }).content).toBe('<김철수:PER>는 <서울:LOC>에 갔다\n');
  });

  it('reads the corpus forms: colons inside a surface, stray brackets, nested-looking brackets', () => {
    expect(parseMarkup('<탄: 끝없는 전장:POH>', false)).toEqual({ text: '탄: 끝없는 전장', entities: [{ start: 0, end: 9, label: 'POH' }] });
    expect(parseMarkup('<<트럼보:POH>>가', false)).toEqual({ text: '<트럼보>가', entities: [{ start: 1, end: 4, label: 'POH' }] });
    expect(parseMarkup('내일>(<18일:DAT>)', false)).toEqual({ text: '내일>(18일)', entities: [{ start: 4, end: 7, label: 'DAT' }] });
    expect(parseMarkup('<http://x:80> <:PER>', false).entities).toEqual([]);
  });

  it('reads a backslash before other characters as a backslash', () => {
    expect(parseMarkup('C:\\dir \\<x:PER>', true)).toEqual({ text: 'C:\\dir <x:PER>', entities: [] });
  });

  it('names the line of an entity that splits a surrogate pair', () => {
    expect(() => importMarkup('좋아\n\uD83D<\uDE00:PER>\n', 'x.txt')).toThrow(/line 2: entity 1: expected offsets between characters/);
  });
});
