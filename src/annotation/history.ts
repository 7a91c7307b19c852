/**
 * Annotation edits with undo and redo: a pure reducer over one document's entities.
 *
 * Who decided what (document.ts): a person's edit to a model entity never rewrites the
 * model's proposal in place: the proposal is marked rejected (so the model does not propose
 * it again) and the person's version is added as a human entity. Accepting keeps the model
 * entity and marks it accepted; accepting all (`accept-all`) does so for every pending proposal
 * at once, one undo step, leaving rejected and human entities as they are. Deleting a human
 * entity removes it.
 *
 * A new model run (`merge-model`) replaces only the proposals still pending: it never
 * overrides a human entity or an accepted one (a proposal overlapping them is dropped), and
 * never brings back a proposal a person rejected (same span and label).
 *
 * Adding, moving or relabelling over a pending proposal rejects that proposal; moving over
 * a person's decision (human or accepted) is refused. Adding a span strictly inside one entity
 * splits that entity: the parts outside the new span stay as they were (type, source, status).
 *
 * Every action is undoable, model runs included. An action that cannot apply (bad offsets,
 * an overlap, a non-existent entity) leaves the entities as they are and sets `error`.
 */
import { type AnnotatedEntity, LABEL_PATTERN, compareEntities, entitiesProblem, entityProblem, isDecided, isLive, openProposals, fitAround, sameEntities } from './document';
import { splitsSurrogatePair, trimEdges } from '../core/text/utf16';
import { type OccurrenceDecision, applyToOccurrences } from './occurrences';

export type AnnotationAction =
  | { readonly type: 'accept'; readonly index: number }
  | { readonly type: 'accept-all' }
  | { readonly type: 'reject'; readonly index: number }
  | { readonly type: 'delete'; readonly index: number }
  | { readonly type: 'relabel'; readonly index: number; readonly label: string }
  | { readonly type: 'move'; readonly index: number; readonly start: number; readonly end: number }
  | { readonly type: 'add'; readonly start: number; readonly end: number; readonly label: string }
  /** `first` on one entity or selection, then the same decision at every other occurrence of its text (occurrences.ts), as one step. */
  | {
      readonly type: 'apply-occurrences';
      readonly first: Extract<AnnotationAction, { type: 'accept' | 'reject' | 'relabel' | 'add' }> | null;
      readonly source: { readonly start: number; readonly end: number; readonly label: string };
      readonly decision: OccurrenceDecision;
    }
  | { readonly type: 'merge-model'; readonly proposals: readonly { start: number; end: number; label: string; score?: number }[] }
  /** The entities as a whole, from a change made across documents (search, occurrences.ts); `note` says what it did. */
  | { readonly type: 'replace-entities'; readonly entities: readonly AnnotatedEntity[]; readonly note: HistoryNote | null }
  | { readonly type: 'undo' }
  | { readonly type: 'redo' };

export interface AnnotationHistory {
  readonly text: string;
  readonly entities: readonly AnnotatedEntity[];
  readonly past: readonly (readonly AnnotatedEntity[])[];
  readonly future: readonly (readonly AnnotatedEntity[])[];
  /** Why the last action did not apply; null when it did. */
  readonly error: string | null;
  /** What the last action did, when it says more than the entities show (how many occurrences changed); else null. */
  readonly note?: HistoryNote | null;
}

/**
 * What a change to many occurrences did, as numbers (the page puts it into words, in its
 * language): the other occurrences in this text, or a change across documents and its undo.
 */
export type HistoryNote =
  | { readonly kind: 'other-occurrences'; readonly surface: string; readonly changed: number; readonly kept: number }
  | { readonly kind: 'changed-across'; readonly surface: string; readonly changed: number; readonly documents: number; readonly kept: number }
  | { readonly kind: 'undone-across'; readonly surface: string; readonly documents: number; readonly edited: number };

/** How many steps undo goes back at most. */
export const UNDO_LIMIT = 200;

export function createHistory(text: string, entities: readonly AnnotatedEntity[]): AnnotationHistory {
  return { text, entities, past: [], future: [], error: null };
}

export function canUndo(history: AnnotationHistory): boolean {
  return history.past.length > 0;
}

export function canRedo(history: AnnotationHistory): boolean {
  return history.future.length > 0;
}

function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return a.start < b.end && b.start < a.end;
}

/** Entities with `index` withdrawn: a human entity goes, a model entity stays as rejected. */
function withdraw(entities: readonly AnnotatedEntity[], index: number): AnnotatedEntity[] {
  const entity = entities[index];
  if (entity.source === 'human') return entities.filter((_, i) => i !== index);
  return entities.map((e, i) => (i === index ? { ...e, status: 'rejected' as const } : e));
}

/** Adds a person's entity, withdrawing the live entities it overlaps (ignoring `except`). */
function placeHuman(entities: AnnotatedEntity[], entity: AnnotatedEntity): AnnotatedEntity[] {
  let out = entities;
  for (let i = out.length - 1; i >= 0; i--) if (isLive(out[i]) && overlaps(out[i], entity)) out = withdraw(out, i);
  return [...out, entity].sort(compareEntities);
}

type Outcome = readonly AnnotatedEntity[] | string;

/**
 * A selection strictly inside one entity in force splits it: the parts of that entity before
 * and after the selection (trimmed, when not empty) stay, with its type, source and status.
 * `부산` selected in `부산 해운대` (LOC) and labelled gives `부산` and `해운대`.
 */
function splitRemainders(text: string, entities: readonly AnnotatedEntity[], span: { start: number; end: number }): AnnotatedEntity[] {
  const outer = entities.find((e) => isLive(e) && e.start <= span.start && span.end <= e.end && (e.start < span.start || span.end < e.end));
  if (!outer) return [];
  const parts = [trimEdges(text, outer.start, span.start), trimEdges(text, span.end, outer.end)];
  // Each part keeps what the entity was: a pending proposal's rest is still a proposal (nobody decided on it).
  return parts.filter((part) => part.start < part.end).map((part) => ({ ...outer, ...part }));
}

function checkSpan(text: string, start: number, end: number, label: string): string | null {
  if (!LABEL_PATTERN.test(label)) return `expected a label of letters, digits, "_" or "-", got ${JSON.stringify(label)}`;
  if (splitsSurrogatePair(text, start) || splitsSurrogatePair(text, end)) return 'expected a span that does not split a character';
  return entityProblem(text, { start, end, label, source: 'human' });
}

function edit(text: string, entities: readonly AnnotatedEntity[], action: Exclude<AnnotationAction, { type: 'undo' | 'redo' | 'apply-occurrences' }>): Outcome {
  if ('index' in action && entities[action.index] === undefined) {
    return `expected an entity index below ${entities.length}, got ${action.index}`;
  }
  switch (action.type) {
    case 'accept': {
      const entity = entities[action.index];
      if (entity.source !== 'model') return 'only a model entity can be accepted';
      const others = entities.filter((e, i) => i !== action.index && isLive(e) && overlaps(e, entity));
      if (others.length > 0) return 'it overlaps an entity in force; delete that one first';
      return entities.map((e, i) => (i === action.index ? { ...e, status: 'accepted' as const } : e));
    }
    case 'accept-all': {
      const open = openProposals(entities);
      return open.length === 0 ? 'no pending proposals to accept' : markAccepted(entities, new Set(open));
    }
    case 'reject':
    case 'delete':
      return withdraw(entities, action.index);
    case 'relabel':
    case 'move': {
      const entity = entities[action.index];
      const label = action.type === 'relabel' ? action.label : entity.label;
      const span = action.type === 'move' ? trimEdges(text, action.start, action.end) : entity;
      const problem = checkSpan(text, span.start, span.end, label);
      if (problem) return problem;
      const rest = withdraw(entities, action.index);
      // Pending proposals give way (they are rejected); a person's decisions do not.
      if (rest.some((e) => isDecided(e) && overlaps(e, span))) return 'the new span overlaps another entity';
      return placeHuman(rest, { start: span.start, end: span.end, label, source: 'human' });
    }
    case 'add': {
      const span = trimEdges(text, action.start, action.end);
      const problem = checkSpan(text, span.start, span.end, action.label);
      if (problem) return problem;
      const added: AnnotatedEntity = { start: span.start, end: span.end, label: action.label, source: 'human' };
      // The remainders do not overlap `added`, so placeHuman withdraws only the entity they came from.
      return placeHuman([...entities, ...splitRemainders(text, entities, span)], added);
    }
    case 'merge-model':
      return mergeModelRun(text, entities, action.proposals);
    case 'replace-entities': {
      const problem = entitiesProblem(text, action.entities);
      return problem === null ? action.entities : `entity ${problem.index + 1}: ${problem.message}`;
    }
    default: {
      const unknown: never = action;
      return `unknown action ${JSON.stringify(unknown)}`;
    }
  }
}

/**
 * The entities with every pending proposal accepted, in the same order; rejected and human
 * entities unchanged. A proposal that would overlap an entity in force stays pending
 * (`openProposals`; never the case in a valid document), as a single `accept` of it is refused.
 */
export function acceptAllPending(entities: readonly AnnotatedEntity[]): AnnotatedEntity[] {
  return markAccepted(entities, new Set(openProposals(entities)));
}

function markAccepted(entities: readonly AnnotatedEntity[], proposals: ReadonlySet<AnnotatedEntity>): AnnotatedEntity[] {
  return entities.map((e) => (proposals.has(e) ? { ...e, status: 'accepted' as const } : e));
}

/** How many pending proposals `accept-all` would accept. */
export function pendingCount(entities: readonly AnnotatedEntity[]): number {
  return openProposals(entities).length;
}

/**
 * Pending proposals replaced by a new run's; a person's decisions kept (see the header).
 * One sweep over both lists by position: a long text has thousands of proposals.
 * When the run changes nothing, `entities` itself comes back (the same array), so callers
 * tell "nothing to store, no undo step" by identity.
 */
export function mergeModelRun(
  text: string,
  entities: readonly AnnotatedEntity[],
  proposals: readonly { start: number; end: number; label: string; score?: number }[],
): readonly AnnotatedEntity[] {
  const kept = entities.filter((e) => !(e.source === 'model' && e.status === 'pending'));
  // Decided entities never overlap each other, so by start they are also by end.
  const decided = kept.filter(isLive).sort(compareEntities);
  const rejected = new Set(kept.filter((e) => !isLive(e)).map((e) => `${e.start}:${e.end}:${e.label}`));
  const candidates = [...proposals]
    .sort((a, b) => a.start - b.start || a.end - b.end)
    .map((p): AnnotatedEntity => ({ start: p.start, end: p.end, label: p.label, source: 'model', status: 'pending', ...(p.score !== undefined ? { score: p.score } : {}) }))
    .filter((entity) => entityProblem(text, entity) === null && !rejected.has(`${entity.start}:${entity.end}:${entity.label}`));
  const added = fitAround(decided, candidates);
  const merged = [...kept, ...added].sort(compareEntities);
  return sameEntities(merged, entities) ? entities : merged;
}

export function annotationReducer(history: AnnotationHistory, action: AnnotationAction): AnnotationHistory {
  if (action.type === 'undo') {
    if (!canUndo(history)) return { ...history, error: 'nothing to undo', note: null };
    return { ...history, entities: history.past[history.past.length - 1], past: history.past.slice(0, -1), future: [history.entities, ...history.future], error: null, note: null };
  }
  if (action.type === 'redo') {
    if (!canRedo(history)) return { ...history, error: 'nothing to redo', note: null };
    return { ...history, entities: history.future[0], past: [...history.past, history.entities], future: history.future.slice(1), error: null, note: null };
  }
  let note: HistoryNote | null = null;
  let outcome: Outcome;
  if (action.type === 'apply-occurrences') {
    const first = action.first ? edit(history.text, history.entities, action.first) : [...history.entities];
    if (typeof first === 'string') return { ...history, error: first, note: null };
    const all = applyToOccurrences(history.text, first, action.source, action.decision);
    outcome = all.entities;
    const surface = history.text.slice(action.source.start, action.source.end);
    note = { kind: 'other-occurrences', surface, changed: all.changed, kept: all.kept };
  } else {
    outcome = edit(history.text, history.entities, action);
    if (action.type === 'replace-entities') note = action.note;
  }
  if (typeof outcome === 'string') return { ...history, error: outcome, note: null };
  // A model run that changes nothing is no step: the same history comes back (nothing to store or undo).
  if (action.type === 'merge-model' && outcome === history.entities) return history;
  return { ...history, entities: outcome, past: [...history.past, history.entities].slice(-UNDO_LIMIT), future: [], error: null, note };
}
