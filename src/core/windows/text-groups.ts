/**
 * A local plan of where a text is cut before it is tokenized: groups of whole sentences.
 *
 * Each group is analysed on its own (tokenized, cut into model windows, decoded), so its
 * entities are a function of its text alone and can be kept between analyses of an edited
 * text. For that the plan must be local: whether a cut falls at a place depends only on the
 * text next to it, never on the text's length or on where earlier cuts fell, so an edit
 * moves only the cuts next to it and every other group comes back with the same text.
 *
 * Cuts: a sentence is the text up to a sentence-ending mark (. ! ? 。 ！ ？ …) followed by
 * whitespace, or up to a line break; the whitespace starts the next sentence. A group
 * ends after a sentence that ends a paragraph (line break), after a sentence whose hash
 * is 0 modulo 4 (so groups hold four sentences on average, two or three model windows run
 * in one call: a call costs time of its own, and an edit re-runs one call), or after
 * MAX_GROUP_SENTENCES sentences (a text repeating one sentence whose hash is not chosen
 * would otherwise be one group).
 */

/** UTF-16 range [charStart, charEnd) of one group; groups cover the text in order. */
export interface TextGroup {
  readonly charStart: number;
  readonly charEnd: number;
}

export const DEFAULT_GROUP_SENTENCES = 4;
/** The most sentences in one group: three times the mean (12 by default). */
export const MAX_GROUP_SENTENCES = 3 * DEFAULT_GROUP_SENTENCES;

const SENTENCE_END_MARKS = new Set(['.', '!', '?', '。', '！', '？', '…']);

/** Sentence starts (after the first): the first whitespace after a sentence end or holding a line break. */
function sentenceCuts(text: string): { cuts: number[]; paragraph: boolean[] } {
  const cuts: number[] = [];
  const paragraph: boolean[] = [];
  const whitespaceRuns = /\s+/gu;
  for (let run = whitespaceRuns.exec(text); run !== null; run = whitespaceRuns.exec(text)) {
    const runStart = run.index;
    // leading whitespace belongs to the first sentence, trailing whitespace to the last
    if (runStart === 0 || runStart + run[0].length === text.length) continue;
    const lineBreak = run[0].includes('\n');
    if (lineBreak || SENTENCE_END_MARKS.has(text[runStart - 1])) {
      cuts.push(runStart);
      paragraph.push(lineBreak);
    }
  }
  return { cuts, paragraph };
}

/** FNV-1a over the UTF-16 code units of text[start, end). */
function hashOf(text: string, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let index = start; index < end; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * @param meanSentences sentences a group holds on average (default 4: a sentence ends its group when
 *   its hash, after the lowest bit, is 0 modulo 4); at most three times as many in one group
 * @returns the groups covering the text in order; none for an empty text.
 */
export function planTextGroups(text: string, meanSentences = DEFAULT_GROUP_SENTENCES): TextGroup[] {
  if (typeof text !== 'string') throw new Error(`expected text to be a string, got ${typeof text}`);
  if (!Number.isInteger(meanSentences) || meanSentences < 1) throw new Error(`expected meanSentences to be a positive integer, got ${meanSentences}`);
  const maxSentences = 3 * meanSentences;
  if (text.length === 0) return [];
  const { cuts, paragraph } = sentenceCuts(text);
  const groups: TextGroup[] = [];
  let groupStart = 0;
  let sentenceStart = 0;
  let sentences = 0;
  cuts.forEach((cut, index) => {
    sentences++;
    // the lowest bit left out: FNV-1a's lowest bit follows the parity of the code units alone
    const chosen = (hashOf(text, sentenceStart, cut) >>> 1) % meanSentences === 0;
    if (paragraph[index] || chosen || sentences >= maxSentences) {
      groups.push({ charStart: groupStart, charEnd: cut });
      groupStart = cut;
      sentences = 0;
    }
    sentenceStart = cut;
  });
  groups.push({ charStart: groupStart, charEnd: text.length });
  return groups;
}
