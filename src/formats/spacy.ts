/**
 * spaCy / displaCy style JSON: an array of `{"text", "ents": [{"start", "end", "label"}], "title"}`
 * (displaCy's manual-mode input; `title` carries the document name). Offsets are code points
 * (Python `str` indices), converted to and from our UTF-16.
 *
 * Carries: any text, every decided entity (document.ts), the name. Cannot carry: model or person, scores,
 * pending (unless `includePending`: then as entities) or rejected proposals; everything imports as a
 * person's entity.
 */
import { type AnnotatedDocument, type DocumentDraft } from '../annotation/document';
import { type ExportOptions, type ExportOutput, fileStem } from './common';
import {
  draftFromCodePointSpans,
  expectArray,
  expectInteger,
  expectObject,
  expectString,
  optionalString,
  jsonRecords,
  liveCodePointEntities,
} from './json-input';

export function exportSpacy(documents: readonly AnnotatedDocument[], options: ExportOptions = {}): ExportOutput {
  const records = documents.map((document) => ({ text: document.text, ents: liveCodePointEntities(document, options), title: document.name }));
  return { content: `${JSON.stringify(records, null, 1)}\n`, skipped: [] };
}

export function importSpacy(content: string, fileName: string): DocumentDraft[] {
  const stem = fileStem(fileName);
  return jsonRecords(content).map(({ record, at }, i) => {
    const text = expectString(record.text, { field: `${at}.text` });
    const name = optionalString(record.title, { field: `${at}.title` }) ?? `${stem} ${i + 1}`;
    const ents = record.ents === undefined ? [] : expectArray(record.ents, { field: `${at}.ents` });
    const spans = ents.map((entry, k) => {
      const field = `${at}.ents[${k}]`;
      const ent = expectObject(entry, { field });
      return {
        start: expectInteger(ent.start, { field: `${field}.start` }),
        end: expectInteger(ent.end, { field: `${field}.end` }),
        label: expectString(ent.label, { field: `${field}.label` }),
        field,
      };
    });
    return draftFromCodePointSpans(name, text, spans);
  });
}
