/**
 * Every document masked (src/core/redact), for sharing: a JSONL file of `{"name", "text"}`
 * with the masked text, and the mapping file (placeholder -> original, per document) that
 * the user keeps apart. The entities masked are the ones in force (a person's, and the
 * model's not rejected: pending proposals too, since a missed name is the costly mistake
 * here), with the rules' identifiers.
 */
import { type MaskStyle } from '../core/redact/mask';
import { mappingFile, type MappingFile } from '../core/redact/mapping';
import { redactText } from '../core/redact/redact';
import { type AnnotatedDocument, liveEntities } from '../annotation/document';

export interface MaskedExport {
  readonly content: string;
  readonly mapping: MappingFile;
}

export function exportMasked(documents: readonly AnnotatedDocument[], style: MaskStyle, types: ReadonlySet<string>): MaskedExport {
  const masked = documents.map((document) => ({ name: document.name, masked: redactText(document.text, liveEntities(document.entities), { style, types }) }));
  return {
    content: masked.map(({ name, masked: { text } }) => `${JSON.stringify({ name, text })}\n`).join(''),
    mapping: mappingFile(style, masked),
  };
}
