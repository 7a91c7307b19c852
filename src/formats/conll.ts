/**
 * CoNLL-style BIO: one token a line, `TOKEN<TAB>TAG` (on import: whitespace separated, the
 * first field is the token and the last the tag, so 4-column CoNLL-2003 files read too); a
 * blank line ends a sentence; each sentence is one document. `-DOCSTART-` lines are skipped.
 *
 * Export cuts each document into the whitespace-separated words of its text, and cuts a word
 * again wherever an entity starts or ends inside it, so `<김철수:PER>는` becomes the tokens
 * `김철수 B-PER` and `는 O`. Import rebuilds the text as the tokens joined by single spaces.
 *
 * Cannot carry: the exact whitespace (runs of spaces, tabs, newlines all become one space,
 * and a token cut inside a word gains a space: `김철수는` comes back as `김철수 는`), leading
 * or trailing whitespace of an entity, empty or blank documents (reported as skipped),
 * names, model or person, scores, pending (unless `includePending`: then as entities) or rejected
 * proposals. Entities keep their label and their characters; a second export of the imported
 * documents is identical to the first.
 */
import {
  type AnnotatedDocument,
  type DocumentDraft,
  type ExportOptions,
  type ExportOutput,
  FormatError,
  LABEL_PATTERN,
  fileStem,
  humanEntity,
  decidedEntities,
} from './document';
import type { AnnotatedEntity } from './document';

const WHITESPACE = /\s/;

interface Token {
  readonly start: number;
  readonly end: number;
}

/** Whitespace-separated words, cut again at every offset in `cuts`. */
function tokenize(text: string, cuts: ReadonlySet<number>): Token[] {
  const tokens: Token[] = [];
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const space = i === text.length || WHITESPACE.test(text[i]);
    if (start >= 0 && (space || cuts.has(i))) {
      tokens.push({ start, end: i });
      start = -1;
    }
    if (!space && start < 0) start = i;
  }
  return tokens;
}

function tagTokens(text: string, entities: readonly AnnotatedEntity[], options: ExportOptions): { token: string; tag: string }[] {
  const decided = decidedEntities(entities, options);
  const tokens = tokenize(text, new Set(decided.flatMap((entity) => [entity.start, entity.end])));
  const lines: { token: string; tag: string }[] = [];
  let e = 0;
  let entityOpened = false;
  for (const token of tokens) {
    while (e < decided.length && decided[e].end <= token.start) {
      e++;
      entityOpened = false;
    }
    const entity = decided[e];
    const inside = entity !== undefined && entity.start <= token.start && token.end <= entity.end;
    lines.push({ token: text.slice(token.start, token.end), tag: inside ? `${entityOpened ? 'I' : 'B'}-${entity.label}` : 'O' });
    if (inside) entityOpened = true;
  }
  return lines;
}

export function exportConll(documents: readonly AnnotatedDocument[], options: ExportOptions = {}): ExportOutput {
  const blocks: string[] = [];
  const skipped: { name: string; reason: string }[] = [];
  for (const document of documents) {
    const lines = tagTokens(document.text, document.entities, options);
    if (lines.length === 0) skipped.push({ name: document.name, reason: 'CoNLL cannot carry a document without tokens' });
    else blocks.push(lines.map(({ token, tag }) => `${token}\t${tag}\n`).join(''));
  }
  return { content: blocks.join('\n'), skipped };
}

function parseTag(tag: string, line: number): { kind: 'O' } | { kind: 'B' | 'I'; label: string } {
  if (tag === 'O') return { kind: 'O' };
  const label = tag.slice(2);
  if ((tag.startsWith('B-') || tag.startsWith('I-')) && LABEL_PATTERN.test(label)) return { kind: tag[0] as 'B' | 'I', label };
  throw new FormatError(`expected the tag O, B-LABEL or I-LABEL, got ${JSON.stringify(tag)}`, { line });
}

export function importConll(content: string, fileName: string): DocumentDraft[] {
  const stem = fileStem(fileName);
  const drafts: DocumentDraft[] = [];
  const lines = content.split('\n');
  let tokens: string[] = [];
  let entities: AnnotatedEntity[] = [];
  let textLength = 0;
  for (let i = 0; i <= lines.length; i++) {
    const fields = i < lines.length ? lines[i].trim().split(/\s+/) : [''];
    if (fields[0] === '') {
      // A blank line (or the end of the file) ends the sentence.
      if (tokens.length > 0) drafts.push({ name: `${stem} ${drafts.length + 1}`, text: tokens.join(' '), entities });
      tokens = [];
      entities = [];
      textLength = 0;
      continue;
    }
    if (fields[0] === '-DOCSTART-') continue;
    if (fields.length < 2) throw new FormatError(`expected a token and its tag, got ${JSON.stringify(lines[i].trim())}`, { line: i + 1 });
    const tag = parseTag(fields[fields.length - 1], i + 1);
    const start = tokens.length === 0 ? 0 : textLength + 1;
    tokens.push(fields[0]);
    textLength = start + fields[0].length;
    if (tag.kind === 'O') continue;
    const last = entities[entities.length - 1];
    // I-X continues the X entity of the previous token; any other I-X (after O, or after
    // another type) starts a new entity, like B-X.
    const continues = tag.kind === 'I' && last !== undefined && last.label === tag.label && last.end === start - 1;
    if (continues) entities[entities.length - 1] = { ...last, end: textLength };
    else entities.push(humanEntity(start, textLength, tag.label));
  }
  return drafts;
}
