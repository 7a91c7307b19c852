/**
 * The KMOU NER corpus format (../shared/data/README.md), import only. Sentences are
 * separated by blank lines; each has three header lines, then one morpheme line each
 * (surface, lemma, POS, BIO tag; tab separated):
 *
 *   ## 1
 *   ## 특히 김병현은 ...            <- raw sentence
 *   ## 특히 <김병현:PER>은 ...     <- annotated sentence: the text and entities come from here
 *   특히	특히	MAG	O
 *
 * The markup line is read as in markup.ts but without escapes (the corpus has none). Each
 * sentence becomes one document named `FILE#n`. The morpheme lines are only checked for shape.
 */
import { type DocumentDraft, humanEntity } from '../annotation/document';
import { FormatError, checkedDraft } from './common';
import { parseMarkup } from './markup';

const HEADER = '## ';

export function importKmou(content: string, fileName: string): DocumentDraft[] {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  const lines = content.replace(/^\uFEFF/, '').split('\n').map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
  const drafts: DocumentDraft[] = [];
  let i = 0;
  while (i < lines.length) {
    if (lines[i].trim() === '') {
      i++;
      continue;
    }
    // A sentence starts here (1-based line numbers in messages).
    const headers = [lines[i], lines[i + 1], lines[i + 2]];
    headers.forEach((header, k) => {
      if (header === undefined || !(header.startsWith(HEADER) || header === '##')) {
        const expected = ['the sentence number', 'the raw sentence', 'the annotated sentence'][k];
        throw new FormatError(`expected a header line "## …" with ${expected}, got ${JSON.stringify(header ?? '(end of file)')}`, {
          line: i + k + 1,
        });
      }
    });
    const number = headers[0].slice(HEADER.length).trim();
    const markupLine = i + 3;
    const { text, entities } = parseMarkup(headers[2].slice(HEADER.length), false);
    i += 3;
    while (i < lines.length && lines[i].trim() !== '') {
      if (lines[i].startsWith(HEADER)) {
        throw new FormatError('expected a morpheme line (surface, lemma, POS, tag) or a blank line, got another header', { line: i + 1 });
      }
      if (lines[i].split('\t').length < 2) {
        throw new FormatError(`expected tab-separated morpheme fields (surface, lemma, POS, tag), got ${JSON.stringify(lines[i])}`, {
          line: i + 1,
        });
      }
      i++;
    }
    drafts.push(checkedDraft(`${base}#${number}`, text, entities.map((e) => humanEntity(e.start, e.end, e.label)), { line: markupLine }));
  }
  return drafts;
}

/** True when the content starts like a KMOU file: `## n`, then two more `## ` lines. */
export function looksLikeKmou(content: string): boolean {
  const head = content.replace(/^\uFEFF/, '').split('\n', 3).map((line) => line.replace(/\r$/, ''));
  return head.length === 3 && /^## \d+$/.test(head[0]) && head[1].startsWith(HEADER) && head[2].startsWith(HEADER);
}
