import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BLOCK_CHARS, lineBlocks } from './TextBlocks';

describe('lineBlocks', () => {
  it('cuts a text into blocks that rebuild it, each ending a line or a sentence', () => {
    const texts = fc.array(fc.constantFrom('김철수', '는 ', '서울', '\n', '에 갔다. ', '\n\n', '😀', '가'.repeat(300)), { maxLength: 60 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(texts, (text) => {
        const blocks = lineBlocks(text);
        expect(blocks.join('')).toBe(text);
        blocks.slice(0, -1).forEach((block) => expect(/\n$|[.!?。！？…]\s$/u.test(block)).toBe(true));
      }),
      { numRuns: 200 },
    );
  });

  it('cuts a 50,000-character paragraph without line breaks into blocks of whole sentences', () => {
    const sentence = '김철수는 어제 서울 종로구에서 삼성전자 관계자를 만났다. ';
    const text = sentence.repeat(Math.ceil(50_000 / sentence.length));
    const blocks = lineBlocks(text);
    expect(blocks.join('')).toBe(text);
    expect(blocks.length).toBeGreaterThan(40);
    expect(Math.max(...blocks.map((block) => block.length))).toBeLessThan(2 * BLOCK_CHARS + sentence.length);
    expect(blocks.every((block) => block.startsWith('김철수'))).toBe(true);
  });

  it('leaves a paragraph of up to twice the block size whole', () => {
    const paragraph = `${'가나다라마바사. '.repeat(200).slice(0, 2 * BLOCK_CHARS - 2)}\n`;
    const text = paragraph.repeat(3);
    expect(lineBlocks(text)).toEqual([paragraph, paragraph, paragraph]);
  });
});

describe('lineBlocks against a plain re-reading of the rules', () => {
  it('cuts where a whole-text scan would', () => {
    // the rules read directly: a cut after the first line break from start + BLOCK_CHARS - 1 on, or
    // after a sentence end's whitespace once the paragraph has 2 x BLOCK_CHARS characters
    const reference = (text: string) => {
      const blocks: string[] = [];
      let start = 0;
      while (text.length - start > BLOCK_CHARS) {
        const from = start + BLOCK_CHARS - 1;
        const lineStart = text.lastIndexOf('\n', from - 1) + 1;
        const softFrom = Math.max(from, lineStart + 2 * BLOCK_CHARS - 1);
        let cut = -1;
        for (let index = from; index < text.length && cut < 0; index++) {
          if (text[index] === '\n') cut = index + 1;
          else if (index + 1 >= softFrom && /[.!?。！？…]/u.test(text[index]) && /\s/u.test(text[index + 1] ?? '')) cut = index + 2;
        }
        if (softFrom - 1 < from && /[.!?。！？…]/u.test(text[from - 1]) && /\s/u.test(text[from])) cut = Math.min(cut < 0 ? Infinity : cut, from + 1);
        if (cut < 0) break;
        blocks.push(text.slice(start, cut));
        start = cut;
      }
      if (start < text.length) blocks.push(text.slice(start));
      return blocks;
    };
    const texts = fc.array(fc.constantFrom('가'.repeat(97), '는 ', '다. ', '\n', '다.\n', '😀'), { maxLength: 120 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(texts, (text) => {
        expect(lineBlocks(text)).toEqual(reference(text));
      }),
      { numRuns: 200 },
    );
  });
});
