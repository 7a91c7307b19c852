/**
 * One decision applied to every other occurrence of the same surface text in a document, never
 * over a person's decision. An occurrence is the surface found anywhere in the text that does
 * not start inside a word (the character before it is not a letter or digit), so `서울` in
 * `서울에서` counts (a particle follows), in `남서울` it does not. Per occurrence:
 *
 * - a pending proposal exactly there: accept (or relabel) or reject it as the decision says;
 * - a person's entity or an accepted proposal overlapping it: left as it is (counted as kept);
 * - nothing decided there, for a labelling decision: a person's entity is added (pending
 *   proposals it overlaps give way, as for any added entity).
 */
import { type AnnotatedDocument, type AnnotatedEntity, compareEntities, isDecided, isLive } from './document';

export type OccurrenceDecision = { readonly kind: 'accept' } | { readonly kind: 'reject' } | { readonly kind: 'label'; readonly label: string };

export interface OccurrencesOutcome {
  readonly entities: AnnotatedEntity[];
  /** Occurrences besides the source span that changed. */
  readonly changed: number;
  /** Occurrences besides the source span left as they were because a person had decided there. */
  readonly kept: number;
}

const WORD_CHARACTER = /[\p{L}\p{N}]/u;

/** Start offsets of the surface in the text, not overlapping each other, none starting inside a word. */
export function findOccurrences(text: string, surface: string): number[] {
  if (surface.trim() === '') return [];
  const starts: number[] = [];
  for (let at = text.indexOf(surface); at !== -1; at = text.indexOf(surface, at)) {
    if (at === 0 || !WORD_CHARACTER.test(text[at - 1])) {
      starts.push(at);
      at += surface.length;
    } else at += 1;
  }
  return starts;
}

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) => a.start < b.end && b.start < a.end;

/**
 * `entities` with the decision applied at every occurrence of `text.slice(start, end)` other than
 * [start, end) itself (the caller applies it there), as described in the header. `label`: the
 * label a pending proposal must have to be accepted or rejected (the source entity's).
 */
export function applyToOccurrences(
  text: string,
  entities: readonly AnnotatedEntity[],
  source: { readonly start: number; readonly end: number; readonly label: string },
  decision: OccurrenceDecision,
): OccurrencesOutcome {
  return applyAt(text, entities, text.slice(source.start, source.end), source, source.label, decision);
}

/**
 * The decision at every occurrence of `surface` in a document, as in the header; with no source
 * entity, `reject` rejects a pending proposal of any label exactly at an occurrence. Search across
 * documents uses it (`applyAcrossDocuments`).
 */
export function applyEverywhere(text: string, entities: readonly AnnotatedEntity[], surface: string, decision: Exclude<OccurrenceDecision, { kind: 'accept' }>): OccurrencesOutcome {
  return applyAt(text, entities, surface, null, null, decision);
}

function applyAt(
  text: string,
  entities: readonly AnnotatedEntity[],
  surface: string,
  skip: { readonly start: number; readonly end: number } | null,
  /** The label a proposal must have to be accepted or rejected; null: any (reject only). */
  sourceLabel: string | null,
  decision: OccurrenceDecision,
): OccurrencesOutcome {
  let out = [...entities];
  let changed = 0;
  let kept = 0;
  for (const start of findOccurrences(text, surface)) {
    const span = { start, end: start + surface.length };
    if (skip && span.start === skip.start && span.end === skip.end) continue;
    if (out.some((e) => isDecided(e) && overlaps(e, span))) {
      kept++;
      continue;
    }
    const exact = out.findIndex((e) => isLive(e) && e.start === span.start && e.end === span.end);
    const proposal = exact >= 0 ? out[exact] : null;
    if (decision.kind === 'reject') {
      if (proposal && proposal.source === 'model' && (sourceLabel === null || proposal.label === sourceLabel)) {
        out[exact] = { ...proposal, status: 'rejected' };
        changed++;
      }
      continue;
    }
    const label = decision.kind === 'label' ? decision.label : sourceLabel;
    if (label === null) continue;
    if (proposal && proposal.label === label) {
      out[exact] = { ...proposal, status: 'accepted' };
      changed++;
      continue;
    }
    if (decision.kind === 'accept' && !proposal) continue; // accepting adds nothing where the model proposed nothing
    // A person's entity there: the pending proposals it overlaps are rejected.
    out = out.map((e) => (e.source === 'model' && e.status === 'pending' && overlaps(e, span) ? { ...e, status: 'rejected' as const } : e));
    out.push({ start: span.start, end: span.end, label, source: 'human' });
    changed++;
  }
  return { entities: out.sort(compareEntities), changed, kept };
}

/** One occurrence of a searched text and what stands there now. */
export interface OccurrenceState {
  readonly start: number;
  readonly end: number;
  /** `proposed`: a pending model proposal exactly there; `decided`: a person's decision over it; `open`: neither. */
  readonly state: 'proposed' | 'decided' | 'open';
  /** The proposal's or decision's label; null when open. */
  readonly label: string | null;
}

export function occurrenceStates(text: string, entities: readonly AnnotatedEntity[], surface: string): OccurrenceState[] {
  return findOccurrences(text, surface).map((start) => {
    const span = { start, end: start + surface.length };
    const decided = entities.find((e) => isDecided(e) && overlaps(e, span));
    if (decided) return { ...span, state: 'decided' as const, label: decided.label };
    const proposal = entities.find((e) => isLive(e) && e.start === span.start && e.end === span.end);
    return proposal ? { ...span, state: 'proposed' as const, label: proposal.label } : { ...span, state: 'open' as const, label: null };
  });
}

/** The documents where `surface` occurs, in their order, with each occurrence's state. */
export function searchDocuments(documents: readonly AnnotatedDocument[], surface: string): { readonly document: AnnotatedDocument; readonly occurrences: OccurrenceState[] }[] {
  return documents.map((document) => ({ document, occurrences: occurrenceStates(document.text, document.entities, surface) })).filter((hit) => hit.occurrences.length > 0);
}

/**
 * A decision at every occurrence of `surface` in every document, never over a person's decision:
 * the documents whose entities change (by id, their new entities) and the totals.
 */
export function applyAcrossDocuments(
  documents: readonly AnnotatedDocument[],
  surface: string,
  decision: Exclude<OccurrenceDecision, { kind: 'accept' }>,
): { readonly changes: ReadonlyMap<string, AnnotatedEntity[]>; readonly changed: number; readonly kept: number } {
  const changes = new Map<string, AnnotatedEntity[]>();
  let changed = 0;
  let kept = 0;
  for (const document of documents) {
    const outcome = applyEverywhere(document.text, document.entities, surface, decision);
    kept += outcome.kept;
    if (outcome.changed === 0) continue;
    changed += outcome.changed;
    changes.set(document.id, outcome.entities);
  }
  return { changes, changed, kept };
}
