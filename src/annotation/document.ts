/**
 * The annotation data model: documents, their entities and who decided what. The converters
 * (src/formats), storage and the annotation history all build on it; it depends on core only.
 *
 * A document's entities are spans of its `text` in UTF-16 code units, `end` exclusive
 * (`text.slice(start, end)` is the surface), never splitting a surrogate pair. Each entity
 * records who set it: `source: 'model'` (a model run proposed it; `status` says what a person
 * decided: pending until accepted or rejected) or `source: 'human'` (a person set it; always
 * in force). A rejected model entity is kept so that running the model again does not
 * propose it anew; it is not exported. Entities in force ("live": human, or model and not
 * rejected) never overlap: the annotation is flat, as BIO tagging needs.
 */
import { splitsSurrogatePair } from '../core/text/utf16';
import { DEFAULT_TAG_SET_NAME } from '../core/labels/tag-sets';

export type EntitySource = 'model' | 'human';
export type EntityStatus = 'accepted' | 'rejected' | 'pending';

export interface AnnotatedEntity {
  /** UTF-16 offset of the first code unit. */
  readonly start: number;
  /** UTF-16 offset one past the last code unit (exclusive). */
  readonly end: number;
  readonly label: string;
  readonly source: EntitySource;
  /** Model entities only: the person's decision. Absent on human entities. */
  readonly status?: EntityStatus;
  /** Model entities only: the model's confidence in [0, 1]. */
  readonly score?: number;
}

export interface AnnotatedDocument {
  readonly id: string;
  readonly name: string;
  readonly text: string;
  readonly entities: readonly AnnotatedEntity[];
  /** A person marked the document reviewed ("done"); absent or false: still in review. */
  readonly done?: boolean;
  /**
   * The tag set its entities' labels belong to ("kmou", "klue", ...: a model's config ner.tag_sets name);
   * absent: "kmou" (documents stored before tag sets). One document never mixes two tag sets' labels.
   */
  readonly tagSet?: string;
  /** Milliseconds since the epoch. */
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** What an importer gives: a document before it gets an id and timestamps. */
export interface DocumentDraft {
  readonly name: string;
  readonly text: string;
  readonly entities: readonly AnnotatedEntity[];
}

/**
 * Labels every format can carry: a letter, then letters, digits, `_` or `-` (no whitespace
 * for CoNLL, no `<`, `>` or `:` for the inline markup), at most 32 characters.
 */
export const LABEL_PATTERN = /^\p{L}[\p{L}\p{N}_-]{0,31}$/u;

/** In force: set by a person, or proposed by the model and not rejected. */
export function isLive(entity: AnnotatedEntity): boolean {
  return entity.source === 'human' || entity.status !== 'rejected';
}

export function compareEntities(a: AnnotatedEntity, b: AnnotatedEntity): number {
  return a.start - b.start || a.end - b.end || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0);
}

/** The entities in force, by position. */
export function liveEntities(entities: readonly AnnotatedEntity[]): AnnotatedEntity[] {
  return entities.filter(isLive).sort(compareEntities);
}

/** Set by a person, or proposed by the model and accepted. */
export function isDecided(entity: AnnotatedEntity): boolean {
  return entity.source === 'human' || entity.status === 'accepted';
}

/**
 * The pending model proposals that can join the decided entities without an overlap, by
 * position: one overlapping a decided entity gives way to it, and of two overlapping proposals
 * the first (by position) stays. Live entities of a valid document never overlap, so for it these
 * are all its pending proposals; the checks keep exports flat even for a damaged record.
 * The entities returned are the objects of `entities` (same identity).
 */
export function openProposals(entities: readonly AnnotatedEntity[]): AnnotatedEntity[] {
  const decided = entities.filter(isDecided).sort(compareEntities);
  return fitAround(decided, entities.filter((e) => e.source === 'model' && e.status === 'pending').sort(compareEntities));
}

/**
 * Of `candidates` (by position), those that overlap no span of `fixed` (by position, not
 * overlapping each other) and no earlier candidate kept: one sweep over both lists, as a long
 * text has thousands of entities. Used for exports (`openProposals`) and for model runs
 * (history.ts `mergeModelRun`). The objects kept are the candidates themselves.
 */
export function fitAround<T extends { readonly start: number; readonly end: number }>(fixed: readonly { readonly start: number; readonly end: number }[], candidates: readonly T[]): T[] {
  const kept: T[] = [];
  let f = 0;
  let keptEnd = 0;
  for (const candidate of candidates) {
    // Every fixed span skipped so far ends before this candidate (candidates go by start).
    while (f < fixed.length && fixed[f].end <= candidate.start) f++;
    if (f < fixed.length && fixed[f].start < candidate.end) continue;
    if (candidate.start < keptEnd) continue;
    kept.push(candidate);
    keptEnd = candidate.end;
  }
  return kept;
}

/**
 * Why `entity` cannot stand in `text` (offsets, label, source/status, score), or null when it can.
 * Overlaps are checked by `entitiesProblem`.
 */
export function entityProblem(text: string, entity: AnnotatedEntity): string | null {
  const { start, end, label, source, status, score } = entity;
  if (!Number.isInteger(start) || !Number.isInteger(end)) return `expected integer offsets, got start ${start} and end ${end}`;
  if (start < 0 || end > text.length || start >= end) {
    return `expected 0 <= start < end <= ${text.length} (the text length), got start ${start} and end ${end}`;
  }
  if (splitsSurrogatePair(text, start) || splitsSurrogatePair(text, end)) {
    return `expected offsets between characters, got start ${start} and end ${end}, inside a surrogate pair`;
  }
  if (typeof label !== 'string' || !LABEL_PATTERN.test(label)) {
    return `expected a label of letters, digits, "_" or "-" starting with a letter (at most 32), got ${JSON.stringify(label)}`;
  }
  if (source !== 'model' && source !== 'human') return `expected source "model" or "human", got ${JSON.stringify(source)}`;
  if (source === 'model' && status !== 'pending' && status !== 'accepted' && status !== 'rejected') {
    return `expected a model entity's status to be "pending", "accepted" or "rejected", got ${JSON.stringify(status)}`;
  }
  if (source === 'human' && status !== undefined) return `expected no status on a human entity, got ${JSON.stringify(status)}`;
  if (score !== undefined && !(typeof score === 'number' && score >= 0 && score <= 1)) {
    return `expected a score in [0, 1], got ${JSON.stringify(score)}`;
  }
  return null;
}

/** Why this entity list cannot stand in `text`, naming the entity index, or null when it can. */
export function entitiesProblem(text: string, entities: readonly AnnotatedEntity[]): { index: number; message: string } | null {
  for (let index = 0; index < entities.length; index++) {
    const message = entityProblem(text, entities[index]);
    if (message !== null) return { index, message };
  }
  const live = entities.map((entity, index) => ({ entity, index })).filter(({ entity }) => isLive(entity));
  live.sort((a, b) => compareEntities(a.entity, b.entity));
  for (let k = 1; k < live.length; k++) {
    const previous = live[k - 1].entity;
    const current = live[k].entity;
    if (current.start < previous.end) {
      return {
        index: live[k].index,
        message: `expected entities that do not overlap, got [${current.start}, ${current.end}) ${current.label} overlapping [${previous.start}, ${previous.end}) ${previous.label}`,
      };
    }
  }
  return null;
}

/** Why a value cannot stand as a document (stored, loaded or restored from a backup), or null when it can. */
export function documentProblem(value: Record<string, unknown>): string | null {
  if (typeof value.id !== 'string' || value.id === '') return `expected a non-empty string id, got ${JSON.stringify(value.id)}`;
  if (typeof value.name !== 'string') return `expected a string name, got ${typeof value.name}`;
  if (typeof value.text !== 'string') return `expected a string text, got ${typeof value.text}`;
  for (const field of ['createdAt', 'updatedAt'] as const) {
    if (typeof value[field] !== 'number' || !Number.isFinite(value[field])) return `expected ${field} to be a time in milliseconds, got ${JSON.stringify(value[field])}`;
  }
  if (value.done !== undefined && typeof value.done !== 'boolean') return `expected done to be true or false, got ${JSON.stringify(value.done)}`;
  if (value.tagSet !== undefined && (typeof value.tagSet !== 'string' || !/^[a-z0-9][a-z0-9_.-]{0,31}$/.test(value.tagSet))) {
    return `expected tagSet to be a tag set name, got ${JSON.stringify(value.tagSet)}`;
  }
  if (!Array.isArray(value.entities)) return `expected an entities array, got ${typeof value.entities}`;
  if (!value.entities.every((e) => typeof e === 'object' && e !== null)) return 'expected every entity to be an object';
  const problem = entitiesProblem(value.text, value.entities as AnnotatedDocument['entities']);
  return problem === null ? null : `entity ${problem.index}: ${problem.message}`;
}

/** The tag set a document's labels belong to ("kmou" for one stored before tag sets). */
export function tagSetOfDocument(document: Pick<AnnotatedDocument, 'tagSet'>): string {
  return document.tagSet ?? DEFAULT_TAG_SET_NAME;
}

/** A person's entity as importers create it. */
export function humanEntity(start: number, end: number, label: string): AnnotatedEntity {
  return { start, end, label, source: 'human' };
}

/** Field by field (start, end, label, source, status, score): the same entities in the same order. */
export function sameEntities(a: readonly AnnotatedEntity[], b: readonly AnnotatedEntity[]): boolean {
  return a.length === b.length && a.every((e, i) => sameEntity(e, b[i]));
}

export function sameEntity(a: AnnotatedEntity, b: AnnotatedEntity): boolean {
  return a.start === b.start && a.end === b.end && a.label === b.label && a.source === b.source && a.status === b.status && a.score === b.score;
}
