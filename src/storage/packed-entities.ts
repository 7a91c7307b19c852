/**
 * A document's entities as columns: typed arrays of offsets and scores, and small tables of the
 * strings they use. The write-ahead stash (workspace-db.ts) puts the edited document on every
 * keystroke; as an array of objects, IndexedDB's structured clone of a 50,000-character text's 3,700
 * entities cost about 12 ms a keystroke on the main thread (and as much again in garbage), the
 * largest part of a long document's keystroke after the model. Typed arrays are copied whole.
 *
 * Lossless for every field an AnnotatedEntity has: absent `status` and `score` stay absent, and the
 * strings are stored as they are (a label or source this version does not know still comes back,
 * for readDocumentRecord to judge).
 */
import type { AnnotatedEntity } from '../annotation/document';

export interface PackedEntities {
  readonly packed: 1;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  /** labels[labelIndex[i]] is entity i's label; likewise sources. */
  readonly labels: readonly string[];
  readonly labelIndex: Uint32Array;
  readonly sources: readonly string[];
  readonly sourceIndex: Uint32Array;
  /** statusIndex[i] = 0: no status; k > 0: statuses[k - 1]. */
  readonly statuses: readonly string[];
  readonly statusIndex: Uint32Array;
  /** NaN where the entity has no score (a score is a probability, never NaN). */
  readonly scores: Float64Array;
}

function tableIndex(table: string[], lookup: Map<string, number>, value: string): number {
  let index = lookup.get(value);
  if (index === undefined) {
    index = table.length;
    table.push(value);
    lookup.set(value, index);
  }
  return index;
}

/**
 * The entities as columns, or null when one of them cannot be packed without loss (an offset a 32-bit
 * integer does not hold exactly, or a NaN score: NaN marks an absent one).
 */
export function packEntities(entities: readonly AnnotatedEntity[]): PackedEntities | null {
  const n = entities.length;
  const starts = new Int32Array(n);
  const ends = new Int32Array(n);
  const labelIndex = new Uint32Array(n);
  const sourceIndex = new Uint32Array(n);
  const statusIndex = new Uint32Array(n);
  const scores = new Float64Array(n);
  const labels: string[] = [];
  const sources: string[] = [];
  const statuses: string[] = [];
  const labelLookup = new Map<string, number>();
  const sourceLookup = new Map<string, number>();
  const statusLookup = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const entity = entities[i];
    starts[i] = entity.start;
    ends[i] = entity.end;
    if (starts[i] !== entity.start || ends[i] !== entity.end || Number.isNaN(entity.score)) return null;
    labelIndex[i] = tableIndex(labels, labelLookup, entity.label);
    sourceIndex[i] = tableIndex(sources, sourceLookup, entity.source);
    statusIndex[i] = entity.status === undefined ? 0 : tableIndex(statuses, statusLookup, entity.status) + 1;
    scores[i] = entity.score === undefined ? Number.NaN : entity.score;
  }
  return { packed: 1, starts, ends, labels, labelIndex, sources, sourceIndex, statuses, statusIndex, scores };
}

/** The entities back, or why the value is not packed entities (a broken or foreign stash entry). */
export function unpackEntities(value: unknown): { ok: true; entities: AnnotatedEntity[] } | { ok: false; reason: string } {
  if (typeof value !== 'object' || value === null) return { ok: false, reason: 'expected packed entities, got ' + typeof value };
  const p = value as Partial<Record<keyof PackedEntities, unknown>>;
  const columns = [
    ['starts', Int32Array],
    ['ends', Int32Array],
    ['labelIndex', Uint32Array],
    ['sourceIndex', Uint32Array],
    ['statusIndex', Uint32Array],
    ['scores', Float64Array],
  ] as const;
  for (const [name, type] of columns) if (!(p[name] instanceof type)) return { ok: false, reason: `packed entities: ${name} is not of type ${type.name}` };
  for (const name of ['labels', 'sources', 'statuses'] as const) {
    const table = p[name];
    if (!Array.isArray(table) || !table.every((item) => typeof item === 'string')) return { ok: false, reason: `packed entities: ${name} is not a list of strings` };
  }
  const v = value as PackedEntities;
  const n = v.starts.length;
  if (columns.some(([name]) => (v[name] as { length: number }).length !== n)) return { ok: false, reason: 'packed entities: columns of different lengths' };
  const entities: AnnotatedEntity[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const label = v.labels[v.labelIndex[i]];
    const source = v.sources[v.sourceIndex[i]];
    const status = v.statusIndex[i] === 0 ? undefined : v.statuses[v.statusIndex[i] - 1];
    if (label === undefined || source === undefined || (v.statusIndex[i] !== 0 && status === undefined)) {
      return { ok: false, reason: `packed entities: entity ${i} points outside its tables` };
    }
    const score = v.scores[i];
    entities[i] = {
      start: v.starts[i],
      end: v.ends[i],
      label,
      source: source as AnnotatedEntity['source'],
      ...(status === undefined ? {} : { status: status as AnnotatedEntity['status'] }),
      ...(Number.isNaN(score) ? {} : { score }),
    };
  }
  return { ok: true, entities };
}
