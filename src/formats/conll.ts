/**
 * CoNLL-style BIO: one token a line, `TOKEN<TAB>SPACING<TAB>TAG`; a blank line ends a document.
 * On import the first field is the token and the last the tag (so 2-column files and 4-column
 * CoNLL-2003 files read too); `-DOCSTART-` lines are skipped.
 *
 * Tokens, a stated choice (`ExportOptions.conllTokens`):
 * - `words` (the default): the whitespace-separated words of the text, each cut again wherever an
 *   entity starts or ends inside it, so the particle after a name is its own token
 *   (`<김철수:PER>는` → `김철수 B-PER`, `는 O`);
 * - `syllables`: every character (a Hangul syllable, a letter, a digit) its own token, whatever
 *   the entities (the character view KMOU-trained taggers use).
 *
 * SPACING says what follows the token in the text, as CoNLL-U's MISC column does: `_` one space
 * (nothing after the last token of a document), `SpaceAfter=No` nothing (a particle cut from its
 * word, the next syllable), `SpacesAfter=\n\n` anything else, escaped (`\s` space, `\t` tab,
 * `\n` line feed, `\r` carriage return, `\\` a backslash, `\uXXXX` other whitespace);
 * `SpacesBefore=` on a document's first token holds whitespace the text starts with. Import
 * rebuilds the text exactly from them: paragraph breaks, runs of spaces and `김철수는` come back as
 * they were, so entity offsets fit the original text. A file without the column (tokens and tags
 * only) comes back as its tokens joined by single spaces.
 *
 * Cannot carry: whitespace at the edges of an entity, blank documents (reported as skipped),
 * names, model or person, scores, pending (unless `includePending`: then as entities) or rejected
 * proposals. A second export of the imported documents is identical to the first.
 */
import { type AnnotatedDocument, type DocumentDraft, LABEL_PATTERN, humanEntity } from '../annotation/document';
import { type ExportOptions, type ExportOutput, FormatError, fileStem, decidedEntities } from './common';
import type { AnnotatedEntity } from '../annotation/document';

export type ConllTokens = 'words' | 'syllables';
export const CONLL_TOKENS: readonly ConllTokens[] = ['words', 'syllables'];

const WHITESPACE = /\s/;

interface Token {
  readonly start: number;
  readonly end: number;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** Whitespace-separated words cut again at every offset in `cuts`; for `syllables`, every character. */
function tokenize(text: string, cuts: ReadonlySet<number>, mode: ConllTokens): Token[] {
  const tokens: Token[] = [];
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const space = i === text.length || WHITESPACE.test(text[i]);
    // A surrogate pair is one character: a syllable token never ends inside it.
    const pairTail = i < text.length && isLowSurrogate(text.charCodeAt(i));
    if (start >= 0 && (space || cuts.has(i) || (mode === 'syllables' && !pairTail))) {
      tokens.push({ start, end: i });
      start = -1;
    }
    if (!space && start < 0) start = i;
  }
  return tokens;
}

const ESCAPES: Readonly<Record<string, string>> = { ' ': '\\s', '\t': '\\t', '\n': '\\n', '\r': '\\r', '\\': '\\\\' };
const UNESCAPES: Readonly<Record<string, string>> = { s: ' ', t: '\t', n: '\n', r: '\r', '\\': '\\' };

/** Whitespace as a SPACING value: every character escaped, so the field holds no whitespace. */
function escapeSpaces(spaces: string): string {
  return [...spaces].map((c) => ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
}

function unescapeSpaces(value: string, line: number): string {
  return value.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_, code: string) => {
    if (code.length === 5) return String.fromCharCode(parseInt(code.slice(1), 16));
    if (Object.hasOwn(UNESCAPES, code)) return UNESCAPES[code];
    throw new FormatError(`expected \\s, \\t, \\n, \\r, \\\\ or \\uXXXX in a spacing, got \\${code}`, { line });
  });
}

/** The SPACING field of a token followed by `after` (and, first in its document, preceded by `before`). */
function spacingField(after: string, last: boolean, before: string): string {
  const fields: string[] = [];
  if (before !== '') fields.push(`SpacesBefore=${escapeSpaces(before)}`);
  const usual = last ? after === '' : after === ' ';
  if (!usual) fields.push(after === '' ? 'SpaceAfter=No' : `SpacesAfter=${escapeSpaces(after)}`);
  return fields.length > 0 ? fields.join('|') : '_';
}

function tagTokens(text: string, entities: readonly AnnotatedEntity[], options: ExportOptions): { token: string; spacing: string; tag: string }[] {
  const decided = decidedEntities(entities, options);
  const tokens = tokenize(text, new Set(decided.flatMap((entity) => [entity.start, entity.end])), options.conllTokens ?? 'words');
  const lines: { token: string; spacing: string; tag: string }[] = [];
  let e = 0;
  let entityOpened = false;
  tokens.forEach((token, index) => {
    while (e < decided.length && decided[e].end <= token.start) {
      e++;
      entityOpened = false;
    }
    const entity = decided[e];
    const inside = entity !== undefined && entity.start <= token.start && token.end <= entity.end;
    const last = index === tokens.length - 1;
    const after = text.slice(token.end, last ? text.length : tokens[index + 1].start);
    const before = index === 0 ? text.slice(0, token.start) : '';
    const tag = inside ? `${entityOpened ? 'I' : 'B'}-${entity.label}` : 'O';
    lines.push({ token: text.slice(token.start, token.end), spacing: spacingField(after, last, before), tag });
    if (inside) entityOpened = true;
  });
  return lines;
}

export function exportConll(documents: readonly AnnotatedDocument[], options: ExportOptions = {}): ExportOutput {
  const blocks: string[] = [];
  const skipped: { name: string; reason: string }[] = [];
  for (const document of documents) {
    const lines = tagTokens(document.text, document.entities, options);
    if (lines.length === 0) skipped.push({ name: document.name, reason: 'CoNLL cannot carry a document without tokens' });
    else blocks.push(lines.map(({ token, spacing, tag }) => `${token}\t${spacing}\t${tag}\n`).join(''));
  }
  return { content: blocks.join('\n'), skipped };
}

function parseTag(tag: string, line: number): { kind: 'O' } | { kind: 'B' | 'I'; label: string } {
  if (tag === 'O') return { kind: 'O' };
  const label = tag.slice(2);
  if ((tag.startsWith('B-') || tag.startsWith('I-')) && LABEL_PATTERN.test(label)) return { kind: tag[0] as 'B' | 'I', label };
  throw new FormatError(`expected the tag O, B-LABEL or I-LABEL, got ${JSON.stringify(tag)}`, { line });
}

/** What a token's SPACING field says (any middle field): the whitespace after it (null: not said) and before it. */
function readSpacing(fields: readonly string[], line: number): { after: string | null; before: string } {
  let after: string | null = null;
  let before = '';
  for (const field of fields.slice(1, -1)) {
    for (const part of field.split('|')) {
      if (part === 'SpaceAfter=No') after = '';
      else if (part.startsWith('SpacesAfter=')) after = unescapeSpaces(part.slice('SpacesAfter='.length), line);
      else if (part.startsWith('SpacesBefore=')) before = unescapeSpaces(part.slice('SpacesBefore='.length), line);
    }
  }
  return { after, before };
}

export function importConll(content: string, fileName: string): DocumentDraft[] {
  const stem = fileStem(fileName);
  const drafts: DocumentDraft[] = [];
  const lines = content.split('\n');
  let text = '';
  let tokens = 0;
  /** The whitespace after the last token, written when the next token comes (at the document's end only when stated). */
  let owed: { spaces: string; stated: boolean } | null = null;
  let previousEnd = -1;
  let entities: AnnotatedEntity[] = [];
  for (let i = 0; i <= lines.length; i++) {
    const fields = i < lines.length ? lines[i].trim().split(/\s+/) : [''];
    if (fields[0] === '') {
      // A blank line (or the end of the file) ends the document.
      if (tokens > 0) drafts.push({ name: `${stem} ${drafts.length + 1}`, text: owed?.stated ? text + owed.spaces : text, entities });
      text = '';
      tokens = 0;
      owed = null;
      entities = [];
      continue;
    }
    if (fields[0] === '-DOCSTART-') continue;
    if (fields.length < 2) throw new FormatError(`expected a token and its tag, got ${JSON.stringify(lines[i].trim())}`, { line: i + 1 });
    const tag = parseTag(fields[fields.length - 1], i + 1);
    const spacing = readSpacing(fields, i + 1);
    text += owed === null ? spacing.before : owed.spaces;
    const start = text.length;
    text += fields[0];
    tokens++;
    owed = spacing.after === null ? { spaces: ' ', stated: false } : { spaces: spacing.after, stated: true };
    const last = entities[entities.length - 1];
    // I-X continues the X entity of the previous token; any other I-X (after O, or after
    // another type) starts a new entity, like B-X.
    if (tag.kind !== 'O') {
      const continues = tag.kind === 'I' && last !== undefined && last.label === tag.label && last.end === previousEnd;
      if (continues) entities[entities.length - 1] = { ...last, end: text.length };
      else entities.push(humanEntity(start, text.length, tag.label));
    }
    previousEnd = text.length;
  }
  return drafts;
}
