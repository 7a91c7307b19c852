/**
 * doccano sequence-labelling JSONL: one JSON object a line,
 * `{"text": "...", "label": [[start, end, "LABEL"], ...]}`. Import also takes doccano's newer
 * `{"text", "entities": [{"start_offset", "end_offset", "label"}]}`. Offsets are code points
 * (Python `str` indices; doccano's backend is Python), converted to and from our UTF-16.
 *
 * Carries: any text (newlines and all, JSON-escaped), every decided entity (document.ts), the document name
 * (as the extra key `name`, which doccano keeps as metadata). Cannot carry: who set an entity
 * (model or person), scores, pending (unless `includePending`: then as entities) or rejected
 * proposals; everything imports as a person's entity.
 */
import { type AnnotatedDocument, type DocumentDraft } from '../annotation/document';
import { type ExportOptions, type ExportOutput, FormatError, fileStem } from './common';
import {
  type CodePointSpan,
  draftFromCodePointSpans,
  expectArray,
  expectInteger,
  expectObject,
  expectString,
  optionalString,
  parseJson,
  liveCodePointEntities,
} from './json-input';

export function exportDoccano(documents: readonly AnnotatedDocument[], options: ExportOptions = {}): ExportOutput {
  const lines = documents.map((document) => {
    const label = liveCodePointEntities(document, options).map(({ start, end, label }) => [start, end, label]);
    return JSON.stringify({ text: document.text, label, name: document.name });
  });
  return { content: lines.map((line) => `${line}\n`).join(''), skipped: [] };
}

function spansOf(record: Record<string, unknown>, line: number): CodePointSpan[] {
  if (record.label !== undefined) {
    return expectArray(record.label, { line, field: 'label' }).map((item, i) => {
      const field = `label[${i}]`;
      const triple = expectArray(item, { line, field });
      if (triple.length !== 3) throw new FormatError(`expected [start, end, label], got ${triple.length} items`, { line, field });
      return {
        start: expectInteger(triple[0], { line, field: `${field}[0]` }),
        end: expectInteger(triple[1], { line, field: `${field}[1]` }),
        label: expectString(triple[2], { line, field: `${field}[2]` }),
        field,
      };
    });
  }
  if (record.entities !== undefined) {
    return expectArray(record.entities, { line, field: 'entities' }).map((item, i) => {
      const field = `entities[${i}]`;
      const entity = expectObject(item, { line, field });
      return {
        start: expectInteger(entity.start_offset, { line, field: `${field}.start_offset` }),
        end: expectInteger(entity.end_offset, { line, field: `${field}.end_offset` }),
        label: expectString(entity.label, { line, field: `${field}.label` }),
        field,
      };
    });
  }
  return [];
}

export function importDoccano(content: string, fileName: string): DocumentDraft[] {
  const stem = fileStem(fileName);
  const drafts: DocumentDraft[] = [];
  const lines = content.split('\n');
  lines.forEach((rawLine, i) => {
    const line = i + 1;
    const source = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    if (source.trim() === '') return;
    const record = expectObject(parseJson(source, line), { line });
    const text = expectString(record.text, { line, field: 'text' });
    const name = optionalString(record.name, { line, field: 'name' }) ?? `${stem} ${drafts.length + 1}`;
    drafts.push(draftFromCodePointSpans(name, text, spansOf(record, line), line));
  });
  return drafts;
}
