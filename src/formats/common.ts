/**
 * What every converter shares: the error a broken input raises, the export options, and which
 * entities an export writes.
 *
 * Exports write a person's decisions ("decided": human entities and accepted model ones).
 * Proposals still pending are not annotations yet: by default only Label Studio's format
 * carries them (as `predictions`). With `ExportOptions.includePending` (silver data straight
 * from a model run) the other formats write them too, as if accepted, except a proposal that
 * overlaps a decided entity (the person's decision wins) or an earlier proposal (flat output,
 * as BIO needs). Rejected ones are never exported.
 */
import { type AnnotatedEntity, type DocumentDraft, compareEntities, entitiesProblem, isDecided, openProposals } from '../annotation/document';

/** A broken input: says where (1-based line, JSON field path) and what was expected. */
export class FormatError extends Error {
  readonly line: number | undefined;
  readonly field: string | undefined;

  constructor(detail: string, where: { line?: number; field?: string } = {}) {
    const place = [where.line !== undefined ? `line ${where.line}` : '', where.field ? `field "${where.field}"` : '']
      .filter(Boolean)
      .join(', ');
    super(place ? `${place}: ${detail}` : detail);
    this.name = 'FormatError';
    this.line = where.line;
    this.field = where.field;
  }
}

/** What the exporters are asked to write besides a person's decisions. */
export interface ExportOptions {
  /**
   * Also write model proposals nobody has reviewed yet (status pending), as if accepted;
   * default false. Rejected proposals are never written.
   */
  readonly includePending?: boolean;
  /**
   * Also write the identifiers the rules find in each text (PHONE, RRN, ...: src/formats/identifiers.ts)
   * as decided entities; default false.
   */
  readonly includeIdentifiers?: boolean;
  /** CoNLL only: `words` (default; particles cut at entity edges) or `syllables` (conll.ts header). */
  readonly conllTokens?: 'words' | 'syllables';
}

/**
 * What the exports write, by position: a person's decisions (human, or model and accepted),
 * and with `includePending` also the open proposals (`openProposals`).
 */
export function decidedEntities(entities: readonly AnnotatedEntity[], options: ExportOptions = {}): AnnotatedEntity[] {
  const decided = entities.filter(isDecided);
  return (options.includePending ? [...decided, ...openProposals(entities)] : decided).sort(compareEntities);
}


/** File name without folder and last extension: the stem imported documents are named after. */
export function fileStem(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}

/** What an exporter gives: the file content, and the documents the format could not carry. */
export interface ExportOutput {
  readonly content: string;
  readonly skipped: readonly { readonly name: string; readonly reason: string }[];
}

/** A draft whose entities are checked, or a FormatError naming `where` and the entity. */
export function checkedDraft(name: string, text: string, entities: readonly AnnotatedEntity[], where: { line?: number; field?: string }): DocumentDraft {
  const problem = entitiesProblem(text, entities);
  if (problem !== null) throw new FormatError(`entity ${problem.index + 1}: ${problem.message}`, where);
  return { name, text, entities };
}
