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
