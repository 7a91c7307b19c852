/**
 * Training documents for an adaptation: read from JSONL (ours `{"text", "entities": [{start, end,
 * label}]}` or doccano's `{"text", "label": [[start, end, label]]}`), checked (every problem with
 * its line number, nothing used when one is found), turned into the adapted tag set and into
 * token tags as the training tools make them (tools/kner/data.py: a token takes the tag of its
 * first character; O at [CLS] and [SEP]).
 */
import { parseBioLabel } from '../labels/bio';

export interface TrainingEntity {
  readonly start: number;
  readonly end: number;
  readonly label: string;
}

export interface TrainingDocument {
  readonly text: string;
  readonly entities: readonly TrainingEntity[];
  /** 1-based line of the file it came from (0 when it did not come from a file). */
  readonly line: number;
}

/** At most this many problems are listed in one error. */
const MAX_LISTED = 20;

/** A label a tag set may hold: no spaces, not "O", not already B-/I- prefixed, at most 40 characters. */
export function labelProblem(label: unknown): string | null {
  if (typeof label !== 'string' || label.length === 0) return `a label must be a non-empty string, got ${JSON.stringify(label)}`;
  if (label.length > 40) return `label "${label.slice(0, 40)}…" is longer than 40 characters`;
  if (/\s/u.test(label)) return `label ${JSON.stringify(label)} contains a space`;
  if (label === 'O' || parseBioLabel(label).kind !== 'other' || /^\[.*\]$/u.test(label)) return `label ${JSON.stringify(label)} is reserved (O, B-X, I-X and [X] are tag names, not types)`;
  return null;
}

/** Checks one document's spans: in range, whole numbers, start < end, no overlap; the problems, in words. */
export function documentProblems(text: string, entities: readonly TrainingEntity[]): string[] {
  const problems: string[] = [];
  entities.forEach((entity, index) => {
    const { start, end, label } = entity;
    const where = `entity ${index + 1} [${JSON.stringify(start)}, ${JSON.stringify(end)}, ${JSON.stringify(label)}]`;
    if (!Number.isInteger(start) || !Number.isInteger(end)) problems.push(`${where}: start and end must be whole numbers`);
    else if (start < 0 || end > text.length) problems.push(`${where}: out of range (the text has ${text.length} UTF-16 units)`);
    else if (start >= end) problems.push(`${where}: start must be before end`);
    const labelIssue = labelProblem(label);
    if (labelIssue) problems.push(`${where}: ${labelIssue}`);
  });
  if (problems.length > 0) return problems;
  const sorted = entities.map((entity, index) => ({ ...entity, index })).sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < sorted.length; i++) {
    const [a, b] = [sorted[i - 1], sorted[i]];
    if (b.start < a.end) problems.push(`entities ${a.index + 1} [${a.start}, ${a.end}, ${a.label}] and ${b.index + 1} [${b.start}, ${b.end}, ${b.label}] overlap`);
  }
  return problems;
}

/** Reads a JSONL file of annotated documents; throws one error listing every problem line (and nothing is used). */
export function parseTrainingJsonl(content: string, fileName: string): TrainingDocument[] {
  const documents: TrainingDocument[] = [];
  const problems: string[] = [];
  content.split('\n').forEach((raw, index) => {
    const line = index + 1;
    const text = raw.replace(/\r$/u, '').replace(/^\uFEFF/u, '');
    if (text.trim() === '') return;
    const problem = (what: string) => problems.push(`${fileName}:${line}: ${what}`);
    let record: unknown;
    try {
      record = JSON.parse(text);
    } catch (error) {
      problem(`not valid JSON (${(error as Error).message})`);
      return;
    }
    if (typeof record !== 'object' || record === null || Array.isArray(record) || typeof (record as { text?: unknown }).text !== 'string') {
      problem('expected an object with a "text" string');
      return;
    }
    const object = record as { text: string; entities?: unknown; label?: unknown; labels?: unknown };
    let entities: TrainingEntity[];
    if (Array.isArray(object.entities)) {
      if (object.entities.some((entity) => typeof entity !== 'object' || entity === null || Array.isArray(entity))) {
        problem('expected "entities" to hold objects {"start", "end", "label"}');
        return;
      }
      entities = (object.entities as Record<string, unknown>[]).map(({ start, end, label }) => ({ start, end, label }) as TrainingEntity);
    } else {
      const spans = object.label ?? object.labels ?? [];
      if (!Array.isArray(spans) || spans.some((span) => !Array.isArray(span) || span.length !== 3)) {
        problem('expected "entities": [{"start", "end", "label"}] or doccano\'s "label": [[start, end, label]]');
        return;
      }
      entities = (spans as unknown[][]).map(([start, end, label]) => ({ start, end, label }) as TrainingEntity);
    }
    const issues = documentProblems(object.text, entities);
    if (issues.length > 0) {
      issues.forEach(problem);
      return;
    }
    documents.push({ text: object.text, entities, line });
  });
  if (problems.length > 0) {
    const listed = problems.slice(0, MAX_LISTED).join('\n  ');
    const more = problems.length > MAX_LISTED ? `\n  ... and ${problems.length - MAX_LISTED} more` : '';
    throw new Error(`${fileName}: ${problems.length} problem${problems.length === 1 ? '' : 's'}, nothing was used:\n  ${listed}${more}`);
  }
  return documents;
}

/** Entities of each type in the documents, and documents holding it, in first-seen order. */
export function typeCounts(documents: readonly TrainingDocument[]): Map<string, { entities: number; documents: number }> {
  const counts = new Map<string, { entities: number; documents: number }>();
  for (const document of documents) {
    const seen = new Set<string>();
    for (const { label } of document.entities) {
      const count = counts.get(label) ?? { entities: 0, documents: 0 };
      count.entities += 1;
      if (!seen.has(label)) count.documents += 1;
      seen.add(label);
      counts.set(label, count);
    }
  }
  return counts;
}

/**
 * The adapted tag set: O, then B-/I- of each type of the documents; the base model's types first,
 * in its order, then the new ones in first-seen order.
 */
export function adaptedLabels(types: readonly string[], baseLabels: readonly string[]): string[] {
  const baseTypes: string[] = [];
  for (const label of baseLabels) {
    const tag = parseBioLabel(label);
    if (tag.kind === 'B' && types.includes(tag.type)) baseTypes.push(tag.type);
  }
  const ordered = [...baseTypes, ...types.filter((type) => !baseTypes.includes(type))];
  return ['O', ...ordered.flatMap((type) => [`B-${type}`, `I-${type}`])];
}

/** The fewest documents and entities an adaptation accepts. */
export const MIN_DOCUMENTS = 10;
/** Of a type the base model does not have; a type it has keeps what it learnt and needs no minimum. */
export const MIN_NEW_TYPE_ENTITIES = 10;

/**
 * Why these documents are too few (what is needed, of which type), or null when they are enough.
 * `startsFromBase`: new types that start from a base type (fit.ts warmStartTypes) need one example, not
 * MIN_NEW_TYPE_ENTITIES; null: the per-type check is left for later (it is known once the features are).
 */
export function tooFewProblem(
  documents: readonly TrainingDocument[],
  baseLabels: readonly string[],
  startsFromBase: ReadonlySet<string> | null = new Set(),
  minNewTypeEntities = MIN_NEW_TYPE_ENTITIES,
): string | null {
  const problems: string[] = [];
  const annotated = documents.filter((document) => document.entities.length > 0).length;
  if (documents.length < MIN_DOCUMENTS) problems.push(`${documents.length} document${documents.length === 1 ? '' : 's'}: at least ${MIN_DOCUMENTS} are needed (${MIN_DOCUMENTS - documents.length} more)`);
  if (annotated === 0) problems.push('no document has an entity: label at least one entity of each type to learn');
  const known = new Set(baseLabels.map(parseBioLabel).flatMap((tag) => (tag.kind === 'other' ? [] : [tag.type])));
  for (const [type, { entities }] of typeCounts(documents)) {
    if (startsFromBase !== null && !known.has(type) && !startsFromBase.has(type) && entities < minNewTypeEntities) {
      problems.push(`type ${type} (new: the base model does not have it): ${entities} entit${entities === 1 ? 'y' : 'ies'}, at least ${minNewTypeEntities} are needed (${minNewTypeEntities - entities} more)`);
    }
  }
  return problems.length === 0 ? null : `too few examples to adapt: ${problems.join('; ')}`;
}

/**
 * Token tags of a text (no [CLS]/[SEP]): each token takes the tag of its first character
 * (B-X on an entity's first character, I-X on the others, O outside).
 */
export function tokenTags(text: string, charStarts: Int32Array, entities: readonly TrainingEntity[], labelIndex: ReadonlyMap<string, number>): Int32Array {
  const charTags = new Int32Array(text.length); // 0: O
  for (const { start, end, label } of entities) {
    const b = labelIndex.get(`B-${label}`);
    const i = labelIndex.get(`I-${label}`);
    if (b === undefined || i === undefined) throw new Error(`label ${label} is not in the tag set`);
    for (let position = start; position < end; position++) charTags[position] = position === start ? b : i;
  }
  return Int32Array.from(charStarts, (start) => (start < text.length ? charTags[start] : 0));
}
