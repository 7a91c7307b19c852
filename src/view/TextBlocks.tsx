/**
 * A long plain text as blocks of whole lines (a very long paragraph: of whole sentences). Each block is laid out and painted only near
 * the viewport (content-visibility), so changing a 100,000-character text costs the lines on
 * screen instead of shaping every character again; the text content stays exactly the text.
 */
import { memo, useMemo } from 'react';
import { blockBreakAfter, lastLineStartIn, softCutFrom } from './segments';

/** Lines are gathered into blocks of at least this many characters. */
export const BLOCK_CHARS = 1_000;

/** A CSSOM style (the page's CSP allows it); `auto` remembers each block's size once drawn. */
export const BLOCK_STYLE = { display: 'block', contentVisibility: 'auto', containIntrinsicSize: 'auto 20em' } as const;

/**
 * The text cut after a line break once a block has BLOCK_CHARS characters, or after a sentence
 * end once its paragraph is long (segments.ts, blockBreakAfter); joined, the blocks are the text.
 */
export function lineBlocks(text: string): string[] {
  const blocks: string[] = [];
  let start = 0;
  let lineStart = 0;
  while (text.length - start > BLOCK_CHARS) {
    const from = start + BLOCK_CHARS - 1;
    lineStart = Math.max(lineStart, lastLineStartIn(text, start, from));
    const after = blockBreakAfter(text, from, softCutFrom(from, lineStart, BLOCK_CHARS));
    if (after < 0) break;
    blocks.push(text.slice(start, after));
    start = after;
  }
  if (start < text.length) blocks.push(text.slice(start));
  return blocks;
}

const Block = memo(function Block({ text }: { readonly text: string }) {
  return <span style={BLOCK_STYLE}>{text}</span>;
});

export const TextBlocks = memo(function TextBlocks({ text }: { readonly text: string }) {
  const blocks = useMemo(() => lineBlocks(text), [text]);
  if (blocks.length <= 1) return <>{text}</>;
  return (
    <>
      {blocks.map((block, index) => (
        <Block key={index} text={block} />
      ))}
    </>
  );
});
