/**
 * The converters behind one door: which formats exist, which one a file is in (from its
 * name and content), import (all documents of a file, or a FormatError: never part of a
 * file) and export (all documents, with what the format could not carry).
 */
import { importConll, exportConll } from './conll';
import { importDoccano, exportDoccano } from './doccano';
import { type TextEncodingName, decodeText } from './decode';
import { type AnnotatedDocument, type DocumentDraft } from '../annotation/document';
import { type ExportOptions, type ExportOutput, FormatError } from './common';
import { withRuleIdentifiers } from './identifiers';
import { importKmou, looksLikeKmou } from './kmou';
import { exportLabelStudio, importLabelStudio } from './label-studio';
import { exportMarkup, importMarkup, parseMarkup } from './markup';
import { exportSpacy, importSpacy } from './spacy';
import { type TxtMode, importTxt } from './txt';

export const IMPORT_FORMATS = ['txt', 'doccano', 'conll', 'kmou', 'markup', 'label-studio', 'spacy'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];
export const EXPORT_FORMATS = ['doccano', 'conll', 'label-studio', 'spacy', 'markup'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

interface ExportSpec {
  readonly title: string;
  readonly extension: string;
  readonly mimeType: string;
  /** Label Studio's writer takes no options: it always carries pending proposals, as predictions. */
  readonly write: (documents: readonly AnnotatedDocument[], options: ExportOptions) => ExportOutput;
}

export const EXPORTS: Record<ExportFormat, ExportSpec> = {
  doccano: { title: 'doccano JSONL', extension: 'jsonl', mimeType: 'application/jsonl', write: exportDoccano },
  conll: { title: 'CoNLL BIO', extension: 'conll', mimeType: 'text/plain', write: exportConll },
  'label-studio': { title: 'Label Studio JSON', extension: 'json', mimeType: 'application/json', write: exportLabelStudio },
  spacy: { title: 'spaCy JSON', extension: 'spacy.json', mimeType: 'application/json', write: exportSpacy },
  markup: { title: 'Inline markup <surface:TAG>', extension: 'markup.txt', mimeType: 'text/plain', write: exportMarkup },
};

export const IMPORT_TITLES: Record<ImportFormat, string> = {
  txt: 'Plain text',
  doccano: 'doccano JSONL',
  conll: 'CoNLL BIO',
  kmou: 'KMOU corpus',
  markup: 'Inline markup <surface:TAG>',
  'label-studio': 'Label Studio JSON',
  spacy: 'spaCy JSON',
};

export interface ImportOptions {
  /** The format, when the user chose one; detected otherwise. */
  readonly format?: ImportFormat;
  /** Plain text: the whole file as one document (default), or one document per line. */
  readonly txtMode?: TxtMode;
}

export interface ExportFile extends ExportOutput {
  readonly fileName: string;
  readonly mimeType: string;
}

const BIO_TAG = /^(O|[BI]-\p{L}[\p{L}\p{N}_-]*)$/u;

function extensionOf(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

function tryJson(source: string): unknown {
  try {
    return JSON.parse(source);
  } catch {
    return undefined;
  }
}

/** Label Studio tasks carry `data`; spaCy documents carry `text` (and `ents`). */
function jsonFlavour(parsed: unknown): ImportFormat | null {
  const first = Array.isArray(parsed) ? parsed[0] : parsed;
  if (typeof first !== 'object' || first === null) return null;
  if ('data' in first) return 'label-studio';
  if ('text' in first) return 'spacy';
  return null;
}

/** The format of a file, from its extension and its first lines. */
export function detectFormat(fileName: string, content: string): ImportFormat {
  const extension = extensionOf(fileName);
  const body = content.replace(/^\uFEFF/, '');
  const lines = body.split('\n', 200).map((line) => line.trim()).filter((line) => line !== '');
  if (extension === 'jsonl' || extension === 'ndjson') return 'doccano';
  if (['conll', 'bio', 'iob', 'iob2', 'tsv'].includes(extension)) return 'conll';
  const start = body.trimStart()[0];
  if (start === '[' || (start === '{' && extension === 'json')) {
    const parsed = tryJson(body);
    const flavour = parsed === undefined ? null : jsonFlavour(parsed);
    if (flavour) return flavour;
    if (parsed === undefined && lines.length > 0 && jsonFlavour(tryJson(lines[0])) === 'spacy') return 'doccano';
    throw new FormatError('expected Label Studio tasks ([{"data": {"text": …}}]), spaCy documents ([{"text", "ents"}]) or doccano JSONL');
  }
  if (start === '{') return 'doccano';
  if (extension === 'json') throw new FormatError('expected a JSON array or object');
  if (looksLikeKmou(body)) return 'kmou';
  if (lines.length > 0 && lines.every((line) => line.startsWith('-DOCSTART-') || (line.split(/\s+/).length >= 2 && BIO_TAG.test(line.split(/\s+/).pop() ?? '')))) {
    return 'conll';
  }
  if (lines.some((line) => parseMarkup(line, true).entities.length > 0)) return 'markup';
  return 'txt';
}

/** Every document of the file, or a FormatError naming the line or field: never part of a file. */
export function importFile(fileName: string, content: string, options: ImportOptions = {}): { format: ImportFormat; drafts: DocumentDraft[] } {
  const body = content.replace(/^\uFEFF/, '');
  const format = options.format ?? detectFormat(fileName, body);
  switch (format) {
    case 'txt':
      return { format, drafts: importTxt(body, fileName, options.txtMode ?? 'whole') };
    case 'doccano':
      return { format, drafts: importDoccano(body, fileName) };
    case 'conll':
      return { format, drafts: importConll(body, fileName) };
    case 'kmou':
      return { format, drafts: importKmou(body, fileName) };
    case 'markup':
      return { format, drafts: importMarkup(body, fileName) };
    case 'label-studio':
      return { format, drafts: importLabelStudio(body, fileName) };
    case 'spacy':
      return { format, drafts: importSpacy(body, fileName) };
    default: {
      const unknown: never = format;
      throw new FormatError(`unknown format ${JSON.stringify(unknown)}; expected one of ${IMPORT_FORMATS.join(', ')}`);
    }
  }
}

/**
 * Limits of one import, so a huge or hostile file gets an answer in seconds, not a frozen tab:
 * bytes before anything is read, then documents (each is a stored record and a list entry) and
 * characters per document (what the editor shows without freezing: src/app/paste-limit.ts).
 */
export const MAX_IMPORT_BYTES = 32 * 1024 * 1024;
export const MAX_IMPORT_DOCUMENTS = 10_000;
export const MAX_DOCUMENT_CHARS = 200_000;

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** Refuses a file over MAX_IMPORT_BYTES before it is read (a File's size is known up front). */
export function importSizeProblem(bytes: number): string | null {
  return bytes > MAX_IMPORT_BYTES ? `the file is ${megabytes(bytes)}; the limit for one import is ${megabytes(MAX_IMPORT_BYTES)}: split it into smaller files` : null;
}

/** A file's bytes -> its documents: size limit, encoding detected (decode.ts), format, then the document limits. */
export function importBytes(
  fileName: string,
  bytes: Uint8Array,
  options: ImportOptions = {},
): { format: ImportFormat; drafts: DocumentDraft[]; encoding: TextEncodingName } {
  const tooBig = importSizeProblem(bytes.byteLength);
  if (tooBig) throw new FormatError(tooBig);
  const { text, encoding } = decodeText(bytes);
  const { format, drafts } = importFile(fileName, text, options);
  if (drafts.length > MAX_IMPORT_DOCUMENTS) {
    throw new FormatError(`the file holds ${drafts.length.toLocaleString('en')} documents; the limit for one import is ${MAX_IMPORT_DOCUMENTS.toLocaleString('en')}: split it into smaller files`);
  }
  const long = drafts.findIndex((draft) => draft.text.length > MAX_DOCUMENT_CHARS);
  if (long >= 0) {
    throw new FormatError(
      `document ${long + 1} ("${drafts[long].name}") has ${drafts[long].text.length.toLocaleString('en')} characters; the limit is ${MAX_DOCUMENT_CHARS.toLocaleString('en')}`,
    );
  }
  // A JSON escape ("\u0000") brings a NUL past decodeText's check of the raw text.
  const nul = drafts.findIndex((draft) => draft.text.includes('\u0000'));
  if (nul >= 0) throw new FormatError(`document ${nul + 1} ("${drafts[nul].name}") contains a NUL character (U+0000)`);
  return { format, drafts, encoding };
}

/**
 * Every document in `format`; `options.includePending` also writes the proposals nobody reviewed (document.ts),
 * `options.includeIdentifiers` the identifiers the rules find (identifiers.ts).
 */
export function exportDocuments(
  format: ExportFormat,
  documents: readonly AnnotatedDocument[],
  options: ExportOptions = {},
  baseName = 'ner-documents',
): ExportFile {
  const spec = EXPORTS[format];
  if (spec === undefined) throw new Error(`unknown export format ${JSON.stringify(format)}; expected one of ${EXPORT_FORMATS.join(', ')}`);
  const exported = options.includeIdentifiers ? documents.map(withRuleIdentifiers) : documents;
  return { ...spec.write(exported, options), fileName: `${baseName}.${spec.extension}`, mimeType: spec.mimeType };
}

/**
 * Documents from drafts: fresh ids; timestamps `now`, plus one millisecond per document so
 * that ordering by creation time keeps the file's order.
 */
export function createDocuments(
  drafts: readonly DocumentDraft[],
  now: number = Date.now(),
  newId: () => string = () => crypto.randomUUID(),
): AnnotatedDocument[] {
  return drafts.map((draft, i) => ({ id: newId(), name: draft.name, text: draft.text, entities: draft.entities, createdAt: now + i, updatedAt: now + i }));
}
