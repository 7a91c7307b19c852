import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chunkSegments, keepDrawn, toSegments } from './segments';

const joined = (segments: { text: string }[]) => segments.map((segment) => segment.text).join('');

describe('toSegments', () => {
  it('walks the text: plain text, entity, plain text', () => {
    const text = '김철수는 서울에 갔다.';
    const segments = toSegments(text, [
      { start: 5, end: 7, label: 'LOC' },
      { start: 0, end: 3, label: 'PER' },
    ]);
    expect(segments.map(({ kind, text: part }) => [kind, part])).toEqual([
      ['entity', '김철수'],
      ['text', '는 '],
      ['entity', '서울'],
      ['text', '에 갔다.'],
    ]);
    // index points back into the unsorted input
    expect(segments.filter((segment) => segment.kind === 'entity').map((segment) => segment.kind === 'entity' && segment.index)).toEqual([1, 0]);
  });

  it('gives no segment for empty text and one text segment without entities', () => {
    expect(toSegments('', [])).toEqual([]);
    expect(toSegments('<img src=x onerror=alert(1)>', [])).toEqual([{ kind: 'text', start: 0, end: 28, text: '<img src=x onerror=alert(1)>' }]);
  });

  it('leaves out empty, out-of-range and overlapping spans', () => {
    const segments = toSegments('abcdef', [
      { start: 0, end: 3 },
      { start: 2, end: 4 },
      { start: 4, end: 4 },
      { start: 5, end: 9 },
      { start: -1, end: 1 },
    ]);
    expect(segments.filter((segment) => segment.kind === 'entity').map(({ start, end }) => [start, end])).toEqual([[0, 3]]);
    expect(joined(segments)).toBe('abcdef');
  });

  it('always rebuilds the text exactly, in order, for any spans', () => {
    const spans = fc.array(fc.record({ start: fc.integer({ min: -2, max: 40 }), end: fc.integer({ min: -2, max: 40 }) }), { maxLength: 12 });
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), spans, (text, entities) => {
        const segments = toSegments(text, entities);
        expect(joined(segments)).toBe(text);
        segments.forEach((segment, position) => {
          expect(segment.text).toBe(text.slice(segment.start, segment.end));
          expect(segment.end).toBeGreaterThan(segment.start);
          if (position > 0) expect(segment.start).toBe(segments[position - 1].end);
        });
      }),
    );
  });
});

/** Ends with whitespace after a sentence-end mark (where a long paragraph may be cut). */
const endsSentence = (text: string) => /[.!?。！？…]\s$/u.test(text);

describe('chunkSegments', () => {
  it('cuts the segments into chunks that rebuild the text, blocks holding whole lines only', () => {
    const texts = fc.array(fc.constantFrom('김철수', '는 ', '서울', '\n', '에 갔다. ', '\n\n', '😀'), { maxLength: 200 }).map((parts) => parts.join(''));
    const spans = fc.array(fc.record({ start: fc.integer({ min: 0, max: 400 }), length: fc.integer({ min: 1, max: 6 }) }), { maxLength: 40 });
    fc.assert(
      fc.property(texts, spans, fc.integer({ min: 4, max: 60 }), (text, raw, chunkChars) => {
        const segments = toSegments(text, raw.map(({ start, length }) => ({ start, end: start + length })));
        const chunks = chunkSegments(segments, text.length, chunkChars);
        expect(chunks.map((chunk) => joined(chunk.segments)).join('')).toBe(text);
        // entities stay whole, in order
        expect(chunks.flatMap((chunk) => chunk.segments.filter((segment) => segment.kind === 'entity'))).toEqual(segments.filter((segment) => segment.kind === 'entity'));
        let offset = 0;
        for (const chunk of chunks) {
          const chunkText = joined(chunk.segments);
          expect(chunkText.length).toBeGreaterThan(0);
          chunk.segments.forEach((segment) => expect(segment.text).toBe(text.slice(segment.start, segment.end)));
          if (chunk.block) {
            expect(offset === 0 || text[offset - 1] === '\n' || endsSentence(text.slice(0, offset))).toBe(true);
            expect(chunkText.endsWith('\n') || endsSentence(chunkText) || offset + chunkText.length === text.length).toBe(true);
          }
          offset += chunkText.length;
        }
      }),
      { numRuns: 300 },
    );
  });

  it('cuts a long paragraph after sentence ends, and a paragraph of up to twice the chunk size never', () => {
    const sentence = '김철수는 서울에 갔다. ';
    const long = sentence.repeat(60); // 780 characters, no line break
    const chunks = chunkSegments(toSegments(long, [{ start: 0, end: 3 }]), long.length, 100);
    expect(chunks.map((chunk) => joined(chunk.segments)).join('')).toBe(long);
    expect(chunks.every((chunk) => chunk.block)).toBe(true);
    expect(chunks.length).toBeGreaterThanOrEqual(6);
    // the first cut waits for twice the chunk size, the next ones for the chunk size
    const lengths = chunks.map((chunk) => joined(chunk.segments).length);
    expect(lengths[0]).toBeGreaterThanOrEqual(199);
    expect(lengths.slice(1, -1).every((length) => length >= 100 && length < 100 + sentence.length)).toBe(true);
    const paragraphs = `${sentence.repeat(15)}\n`.repeat(4); // 196 characters a paragraph
    const short = chunkSegments(toSegments(paragraphs, []), paragraphs.length, 100);
    expect(short.every((chunk) => joined(chunk.segments).endsWith('\n'))).toBe(true);
  });

  it('cuts a long text at line breaks into blocks of about the chunk size', () => {
    const text = '가나다라마바사아자차\n'.repeat(100);
    const chunks = chunkSegments(toSegments(text, []), text.length, 100);
    expect(chunks.length).toBeGreaterThan(8);
    expect(chunks.every((chunk) => chunk.block)).toBe(true);
    expect(chunks.every((chunk) => joined(chunk.segments).length <= 110)).toBe(true);
  });
});

describe('keepDrawn', () => {
  const sentence = '김철수는 서울에 갔다. ';
  const text = sentence.repeat(40);
  const entitiesOf = (value: string) => [...value.matchAll(/김철수|서울/gu)].map((match) => ({ start: match.index, end: match.index + match[0].length, label: match[0] === '서울' ? 'LOC' : 'PER' }));
  const chunksOf = (value: string, entities = entitiesOf(value)) => chunkSegments(toSegments(value, entities), value.length, 100);

  it('keeps every chunk drawn when nothing changed, and none that was not drawn', () => {
    const chunks = chunksOf(text);
    const drawn = chunks.map((_, index) => index % 2 === 0);
    expect(keepDrawn(chunks, drawn, chunksOf(text), false)).toEqual(drawn);
  });

  it('draws again only the chunk typed into: those before it stay, those after it only moved', () => {
    const before = chunksOf(text);
    const middle = text.indexOf(sentence, text.length / 2);
    const edited = `${text.slice(0, middle)}삼성${text.slice(middle)}`;
    const after = chunksOf(edited);
    expect(after).toHaveLength(before.length);
    const kept = keepDrawn(before, before.map(() => true), after, false);
    const changed = kept.flatMap((isDrawn, index) => (isDrawn ? [] : [index]));
    expect(changed).toHaveLength(1);
    const chunk = after[changed[0]].segments;
    expect(chunk[0].start <= middle && middle < chunk[chunk.length - 1].end).toBe(true);
  });

  it('draws again the chunks whose marks changed, not those beside them', () => {
    const before = chunksOf(text);
    const entities = entitiesOf(text);
    const last = entities.length - 1;
    const after = chunksOf(text, entities.map((entity, index) => (index === last ? { ...entity, label: 'ORG' } : entity)));
    const kept = keepDrawn(before, before.map(() => true), after, false);
    expect(kept.slice(0, -1).every(Boolean)).toBe(true);
    expect(kept[kept.length - 1]).toBe(false);
  });

  it('draws every chunk again when the whole text changed', () => {
    const before = chunksOf(text);
    const after = chunksOf('서울 '.repeat(300));
    expect(keepDrawn(before, before.map(() => true), after, false).some(Boolean)).toBe(false);
  });
});
