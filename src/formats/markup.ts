/**
 * The reference project's inline markup, one document a line: `<김철수:PER>는 <서울:LOC>에 갔다.`
 * (the KMOU corpus' third header line uses the same markup).
 *
 * Reading: `<SURFACE:LABEL>` is an entity when LABEL is a valid label (document.ts) and
 * SURFACE is not empty; the label is what follows the LAST colon, so a surface may contain
 * colons (`<캡틴 아메리카:시빌워:POH>` is a POH "캡틴 아메리카:시빌워"). Anything else is text:
 * a `<` or `>` that does not open or close an entity stays a literal character, as in the
 * corpus (`<<트럼보:POH>>` is "<트럼보>" with one entity).
 *
 * Escapes (ours, written by the exporter so every text survives): `\<` `\>` `\\` `\n` `\r`
 * stand for `<`, `>`, `\`, a line feed and a carriage return; any other backslash is a
 * literal backslash. The exporter escapes every `<`, `>`, `\`, line feed and carriage
 * return, in text and surfaces alike, so literal angle brackets can never read as markup.
 * KMOU files are read without escapes (kmou.ts).
 *
 * Cannot carry: empty or blank documents (a blank line is skipped; the exporter reports
 * them), names (documents are named after the file and line), model or person, scores,
 * pending (unless `includePending`: then as entities) or rejected proposals; everything imports
 * as a person's entity.
 */
import { type AnnotatedDocument, type DocumentDraft, LABEL_PATTERN, humanEntity } from '../annotation/document';
import { type ExportOptions, type ExportOutput, checkedDraft, fileStem, decidedEntities } from './common';
import type { AnnotatedEntity } from '../annotation/document';

const ESCAPED: Record<string, string> = { '<': '\\<', '>': '\\>', '\\': '\\\\', '\n': '\\n', '\r': '\\r' };
const UNESCAPED: Record<string, string> = { '<': '<', '>': '>', '\\': '\\', n: '\n', r: '\r' };

function escape(text: string): string {
  return text.replace(/[<>\\\n\r]/g, (c) => ESCAPED[c]);
}

export function toMarkup(text: string, entities: readonly AnnotatedEntity[], options: ExportOptions = {}): string {
  let out = '';
  let cursor = 0;
  for (const entity of decidedEntities(entities, options)) {
    out += `${escape(text.slice(cursor, entity.start))}<${escape(text.slice(entity.start, entity.end))}:${entity.label}>`;
    cursor = entity.end;
  }
  return out + escape(text.slice(cursor));
}

export interface MarkupLine {
  readonly text: string;
  readonly entities: { start: number; end: number; label: string }[];
}

/**
 * One line of markup -> text + entities (UTF-16 offsets). `escapes: false` reads backslashes
 * as plain characters (the KMOU corpus).
 */
export function parseMarkup(line: string, escapes: boolean): MarkupLine {
  let text = '';
  const entities: MarkupLine['entities'] = [];
  let i = 0;
  while (i < line.length) {
    const c = line[i];
    if (escapes && c === '\\' && i + 1 < line.length && line[i + 1] in UNESCAPED) {
      text += UNESCAPED[line[i + 1]];
      i += 2;
    } else if (c === '<') {
      const entity = readEntity(line, i + 1, escapes);
      if (entity === null) {
        text += c;
        i += 1;
      } else {
        entities.push({ start: text.length, end: text.length + entity.surface.length, label: entity.label });
        text += entity.surface;
        i = entity.next;
      }
    } else {
      text += c;
      i += 1;
    }
  }
  return { text, entities };
}

/** `SURFACE:LABEL>` starting at `from`, or null when the text there is not an entity. */
function readEntity(line: string, from: number, escapes: boolean): { surface: string; label: string; next: number } | null {
  // Decoded characters of the candidate, and where each unescaped colon fell in them.
  let decoded = '';
  let lastColon = -1;
  for (let i = from; i < line.length; i++) {
    const c = line[i];
    if (escapes && c === '\\' && i + 1 < line.length && line[i + 1] in UNESCAPED) {
      decoded += UNESCAPED[line[++i]];
    } else if (c === '<' || c === '\n' || c === '\r') {
      return null;
    } else if (c === '>') {
      if (lastColon <= 0) return null;
      const label = decoded.slice(lastColon + 1);
      return LABEL_PATTERN.test(label) ? { surface: decoded.slice(0, lastColon), label, next: i + 1 } : null;
    } else {
      if (c === ':') lastColon = decoded.length;
      decoded += c;
    }
  }
  return null;
}

export function exportMarkup(documents: readonly AnnotatedDocument[], options: ExportOptions = {}): ExportOutput {
  const lines: string[] = [];
  const skipped: { name: string; reason: string }[] = [];
  for (const document of documents) {
    if (document.text.trim() === '') skipped.push({ name: document.name, reason: 'the inline markup cannot carry an empty document' });
    else lines.push(`${toMarkup(document.text, document.entities, options)}\n`);
  }
  return { content: lines.join(''), skipped };
}

export function importMarkup(content: string, fileName: string): DocumentDraft[] {
  const stem = fileStem(fileName);
  const drafts: DocumentDraft[] = [];
  content.split('\n').forEach((rawLine, i) => {
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    if (line.trim() === '') return;
    const { text, entities } = parseMarkup(line, true);
    drafts.push(
      checkedDraft(`${stem} ${drafts.length + 1}`, text, entities.map((e) => humanEntity(e.start, e.end, e.label)), { line: i + 1 }),
    );
  });
  return drafts;
}
