/**
 * Bench texts, made at run time from ../shared/data (never committed): KMOU dev-split
 * sentences, then KLUE sentences, joined by spaces and cut to exactly N characters.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readKmouDevSplit, type GoldSentence } from '../src/eval/kmou-dev';

export function kmouDev(dataDir: string): GoldSentence[] {
  const jsonl = join(dataDir, 'kmou-ner', 'kmou_ner.jsonl');
  if (!existsSync(jsonl)) throw new Error(`bench: the KMOU corpus is not at ${jsonl} (pass --data DIR, the folder holding kmou-ner/)`);
  return readKmouDevSplit(jsonl);
}

/**
 * @param paragraphSentences when set, a line break instead of a space after every that many sentences
 *   (a document in paragraphs; by default the text is one paragraph, the worst case for a text box's layout)
 */
export function benchTexts(dataDir: string, sizes: readonly number[], paragraphSentences = 0): Map<number, string> {
  const sentences = kmouDev(dataDir).map((sentence) => sentence.text);
  const klue = join(dataDir, 'corpora', 'klue_train_sentences.txt');
  if (existsSync(klue)) sentences.push(...readFileSync(klue, 'utf8').split('\n').filter((line) => line.trim() !== ''));
  const largest = Math.max(...sizes);
  let joined = '';
  let count = 0;
  for (const sentence of sentences) {
    if (joined.length >= largest) break;
    joined += (joined ? (paragraphSentences > 0 && count % paragraphSentences === 0 ? '\n' : ' ') : '') + sentence;
    count++;
  }
  if (joined.length < largest) throw new Error(`bench: only ${joined.length} characters of text in ${dataDir}, expected ${largest}`);
  return new Map(sizes.map((size) => [size, joined.slice(0, size)]));
}

/** The text cut into pieces of at most `maxChars` characters, at a space where one is near (the peer truncates longer input). */
export function chunkText(text: string, maxChars: number): string[] {
  const chunks: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + maxChars);
    if (end < text.length) {
      const space = text.lastIndexOf(' ', end);
      if (space > start + maxChars / 2) end = space;
    }
    chunks.push(text.slice(start, end));
    start = end;
  }
  return chunks;
}
