/**
 * The mapping file a user keeps beside a masked text: each placeholder and the original it
 * replaced, per document. Versioned like the workspace's other files, and checked by a type
 * guard when read back.
 */
import type { MaskStyle, MaskedText } from './mask';

export const MAPPING_FILE_TYPE = 'korean-ner-redaction-mapping';
export const MAPPING_FILE_VERSION = 1;

export interface MappingEntry {
  readonly placeholder: string;
  readonly original: string;
  readonly label: string;
  /** The span in the original text (UTF-16 code units, end exclusive). */
  readonly start: number;
  readonly end: number;
  /** The placeholder's span in the masked text. */
  readonly maskedStart: number;
  readonly maskedEnd: number;
}

export interface MappingFile {
  readonly type: typeof MAPPING_FILE_TYPE;
  readonly version: typeof MAPPING_FILE_VERSION;
  readonly source: string;
  readonly style: MaskStyle;
  readonly documents: readonly { readonly name: string; readonly entries: readonly MappingEntry[] }[];
}

export function mappingFile(style: MaskStyle, documents: readonly { name: string; masked: MaskedText }[]): MappingFile {
  return {
    type: MAPPING_FILE_TYPE,
    version: MAPPING_FILE_VERSION,
    source: 'korean-ner',
    style,
    documents: documents.map(({ name, masked }) => ({
      name,
      entries: masked.replacements.map(({ placeholder, original, label, start, end, maskedStart, maskedEnd }) => ({ placeholder, original, label, start, end, maskedStart, maskedEnd })),
    })),
  };
}

export function isMappingFile(value: unknown): value is MappingFile {
  if (typeof value !== 'object' || value === null) return false;
  const file = value as Partial<MappingFile>;
  return file.type === MAPPING_FILE_TYPE && file.version === MAPPING_FILE_VERSION && Array.isArray(file.documents) && file.documents.every((d) => typeof d?.name === 'string' && Array.isArray(d.entries));
}

/** The original text back from a masked one and its entries (for any style: the entries carry the spans). */
export function unmask(maskedText: string, entries: readonly MappingEntry[]): string {
  let out = '';
  let cursor = 0;
  for (const entry of [...entries].sort((a, b) => a.maskedStart - b.maskedStart)) {
    out += maskedText.slice(cursor, entry.maskedStart) + entry.original;
    cursor = entry.maskedEnd;
  }
  return out + maskedText.slice(cursor);
}
