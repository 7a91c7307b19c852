/**
 * Checked reading of JSON inputs: every failure is a FormatError naming the line and the
 * field path (`label[2][0]`), so a broken file says where it broke.
 */
import { CodePointIndex } from './code-points';
import { type AnnotatedDocument, type AnnotatedEntity, type DocumentDraft, entitiesProblem } from '../annotation/document';
import { type ExportOptions, FormatError, decidedEntities } from './common';

export interface Where {
  readonly line?: number;
  readonly field?: string;
}

export function parseJson(source: string, line?: number): unknown {
  try {
    return JSON.parse(source);
  } catch (error) {
    throw new FormatError(`expected valid JSON: ${(error as Error).message}`, { line });
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

export function expectObject(value: unknown, where: Where): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new FormatError(`expected an object, got ${describe(value)}`, where);
  }
  return value as Record<string, unknown>;
}

export function expectArray(value: unknown, where: Where): unknown[] {
  if (!Array.isArray(value)) throw new FormatError(`expected an array, got ${describe(value)}`, where);
  return value;
}

export function expectString(value: unknown, where: Where): string {
  if (typeof value !== 'string') throw new FormatError(`expected a string, got ${describe(value)}`, where);
  return value;
}

export function expectInteger(value: unknown, where: Where): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new FormatError(`expected a non-negative integer, got ${describe(value)}`, where);
  }
  return value;
}

export function optionalString(value: unknown, where: Where): string | undefined {
  return value === undefined || value === null ? undefined : expectString(value, where);
}

/** A span as a file gives it, offsets in code points (see code-points.ts). */
export interface CodePointSpan {
  readonly start: number;
  readonly end: number;
  readonly label: string;
  /** The field the span came from, for messages. */
  readonly field: string;
  readonly source?: AnnotatedEntity['source'];
  readonly status?: AnnotatedEntity['status'];
  readonly score?: number;
  /** The surface the file claims, checked against the text when present. */
  readonly surface?: string;
}

/** Converts code-point spans to a checked draft, or throws naming the line and the span's field. */
export function draftFromCodePointSpans(name: string, text: string, spans: readonly CodePointSpan[], line?: number): DocumentDraft {
  const index = new CodePointIndex(text);
  const entities: AnnotatedEntity[] = spans.map((span) => {
    const start = index.toUnit(span.start);
    const end = index.toUnit(span.end);
    if (start < 0 || end < 0) {
      throw new FormatError(
        `expected offsets within the text's ${index.codePointLength} characters, got ${span.start} and ${span.end}`,
        { line, field: span.field },
      );
    }
    if (span.surface !== undefined && text.slice(start, end) !== span.surface) {
      throw new FormatError(
        `expected the text at [${span.start}, ${span.end}) to be ${JSON.stringify(span.surface)}, got ${JSON.stringify(text.slice(start, end))}`,
        { line, field: span.field },
      );
    }
    const entity: AnnotatedEntity = { start, end, label: span.label, source: span.source ?? 'human' };
    return {
      ...entity,
      ...(span.status !== undefined ? { status: span.status } : {}),
      ...(span.score !== undefined ? { score: span.score } : {}),
    };
  });
  const problem = entitiesProblem(text, entities);
  if (problem !== null) throw new FormatError(problem.message, { line, field: spans[problem.index].field });
  return { name, text, entities };
}

/** The code-point spans of a document's entities, for the exporters. */
export function toCodePointSpans(text: string, entities: readonly AnnotatedEntity[]): { start: number; end: number }[] {
  const index = new CodePointIndex(text);
  return entities.map((entity) => ({ start: index.toCodePoint(entity.start), end: index.toCodePoint(entity.end) }));
}

/**
 * The entities an export writes (`decidedEntities`) of a document, by position, with code-point
 * offsets: what doccano and spaCy files hold.
 */
export function liveCodePointEntities(document: AnnotatedDocument, options: ExportOptions = {}): { start: number; end: number; label: string }[] {
  const entities = decidedEntities(document.entities, options);
  const spans = toCodePointSpans(document.text, entities);
  return entities.map((entity, i) => ({ ...spans[i], label: entity.label }));
}

/** The objects of a JSON file holding one object or an array of them, each with its field path (`[3]`, or '' for a lone object). */
export function jsonRecords(content: string): { record: Record<string, unknown>; at: string }[] {
  const parsed = parseJson(content);
  const items = Array.isArray(parsed) ? parsed : [parsed];
  return items.map((item, i) => {
    const at = Array.isArray(parsed) ? `[${i}]` : '';
    return { record: expectObject(item, { field: at || '(top level)' }), at };
  });
}
