import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MAX_GROUP_SENTENCES, planTextGroups, type TextGroup } from './text-groups';

const texts = (group: TextGroup[], text: string) => group.map(({ charStart, charEnd }) => text.slice(charStart, charEnd));

/** Sentences of random syllables, so that their hashes are as good as random. */
const sentence = fc
  .tuple(fc.array(fc.constantFrom('김', '철', '수', '는', '서', '울', '에', ' ', '갔', '다', '3', '.'), { minLength: 1, maxLength: 12 }), fc.constantFrom('. ', '! ', '? ', '.\n', '\n\n', ' ', '.  '))
  .map(([syllables, end]) => syllables.join('') + end);
const document = fc.array(sentence, { minLength: 0, maxLength: 40 }).map((parts) => parts.join(''));
const edit = fc.record({
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  deleted: fc.integer({ min: 0, max: 6 }),
  inserted: fc.array(fc.constantFrom('가', '나', ' ', '.', '\n', '다. '), { maxLength: 4 }).map((parts) => parts.join('')),
});

describe('planTextGroups', () => {
  it('covers the text in order with non-empty groups that start at whitespace after a sentence end or holding a line break', () => {
    fc.assert(fc.property(document, (text) => {
      const groups = planTextGroups(text);
      expect(texts(groups, text).join('')).toBe(text);
      groups.forEach((group, index) => {
        expect(group.charEnd).toBeGreaterThan(group.charStart);
        if (index === 0) return;
        expect(group.charStart).toBe(groups[index - 1].charEnd);
        const before = text[group.charStart - 1];
        const run = /^\s+/u.exec(text.slice(group.charStart))?.[0] ?? '';
        expect(run.length).toBeGreaterThan(0);
        expect(/\s/u.test(before)).toBe(false);
        expect('.!?。！？…'.includes(before) || run.includes('\n')).toBe(true);
      });
    }), { numRuns: 300 });
  });

  it('ends a group at every paragraph break and after at most MAX_GROUP_SENTENCES sentences', () => {
    const paragraphs = planTextGroups('가.\n나.\n다');
    expect(texts(paragraphs, '가.\n나.\n다')).toEqual(['가.', '\n나.', '\n다']);
    const repeated = '같은 문장. '.repeat(3 * MAX_GROUP_SENTENCES);
    const groups = texts(planTextGroups(repeated), repeated);
    expect(groups.join('')).toBe(repeated);
    for (const group of groups) expect(group.split('.').length - 1).toBeLessThanOrEqual(MAX_GROUP_SENTENCES);
  });

  it('holds meanSentences sentences per group on average, at most three times as many, the default being 4', () => {
    const sentences = Array.from({ length: 2000 }, (_, index) => `문장 ${index}번째입니다.`);
    const text = sentences.join(' ');
    const sentencesIn = (groups: TextGroup[]) => texts(groups, text).map((group) => group.split('.').length - 1);
    for (const mean of [2, 4, 8]) {
      const counts = sentencesIn(planTextGroups(text, mean));
      const average = counts.reduce((sum, count) => sum + count, 0) / counts.length;
      expect(average, `mean ${mean}`).toBeGreaterThan(mean * 0.8);
      expect(average, `mean ${mean}`).toBeLessThan(mean * 1.2);
      expect(Math.max(...counts)).toBeLessThanOrEqual(3 * mean);
    }
    expect(planTextGroups(text)).toEqual(planTextGroups(text, 4));
    expect(() => planTextGroups(text, 0)).toThrow(/meanSentences/);
  });

  it('keeps a text without sentence ends or line breaks whole, and gives no group for an empty text', () => {
    expect(planTextGroups('')).toEqual([]);
    expect(planTextGroups('  김철수는 서울에 갔다  ')).toEqual([{ charStart: 0, charEnd: 15 }]);
    expect(planTextGroups('3.5배 늘었다. ')).toEqual([{ charStart: 0, charEnd: 10 }]);
  });

  it('is local: an edit changes only the groups next to it, the others come back with the same text', () => {
    fc.assert(fc.property(document, edit, (text, { at, deleted, inserted }) => {
      const start = Math.floor(at * text.length);
      const end = Math.min(text.length, start + deleted);
      const edited = text.slice(0, start) + inserted + text.slice(end);
      const shift = edited.length - text.length;
      const before = new Set(planTextGroups(text).map(({ charStart, charEnd }) => `${charStart}:${charEnd}`));
      const after = planTextGroups(edited);
      // a group of the edited text is new unless the old text had the same group (shifted when after the edit)
      const changed = after.filter(({ charStart, charEnd }) => {
        const old = charStart >= start + inserted.length ? `${charStart - shift}:${charEnd - shift}` : `${charStart}:${charEnd}`;
        return !before.has(old) || (charStart < start + inserted.length && charEnd > start);
      });
      // the edited group and its neighbours; a run of sentences under one group cap could shift more, rarely
      expect(changed.length, JSON.stringify({ text, edited })).toBeLessThanOrEqual(4);
    }), { numRuns: 500 });
  });

  it('says what it expected for a text that is not a string', () => {
    expect(() => planTextGroups(5 as unknown as string)).toThrow('expected text to be a string, got number');
  });
});
