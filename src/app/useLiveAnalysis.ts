/**
 * Re-analyses the text as it changes: at once, except that typing (a change of a few characters)
 * while an earlier request is still running waits until it is answered, or for a pause of
 * DEBOUNCE_MS, whichever comes first (request-gate.ts). Waiting for a pause after every burst of
 * keys, as before, cost the pause on every last key (keystroke -> marks 175-207 ms on 1,000
 * characters, 103 ms of it the wait). An answer only
 * counts for the exact text (and model) it was asked for, so a result for old text never
 * shows over newer text. Each answer goes to `onAnswer` as it arrives (the workspace merges it
 * into the document's history, once). Each request names where the text changed (`focusChar`), so
 * the worker analyses the edited sentences before the rest of a long text. While a long text is
 * analysed, `partial` has the worker's entities of the parts it finished, and elsewhere the last
 * answer's, moved with the edit.
 */
import { startTransition, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { AnalyzeStats, CharRange, Entity } from '../core/pipeline';
import { editBounds, rebaseEntities } from '../annotation/rebase';
import type { NerWorker } from '../worker/useNerWorker';
import { createRequestGate } from './request-gate';

/** Typing while a request runs waits this long for a pause at most (less when the request is answered sooner). */
export const DEBOUNCE_MS = 100;
/** A change of at most this many characters inserted and removed counts as typing. */
const TYPING_CHARS = 4;

export type Analysis =
  | {
      readonly kind: 'done';
      readonly text: string;
      readonly entities: readonly Entity[];
      readonly stats: AnalyzeStats;
      /** From posting the request to receiving the reply (includes queueing). */
      readonly msRoundTrip: number;
    }
  | { readonly kind: 'failed'; readonly text: string; readonly message: string };

export interface LiveAnalysis {
  /** The answer for the current text, or null while it is on its way. */
  readonly current: Analysis | null;
  /** While the current text's answer is on its way: what has come of it so far (never stored); else null. */
  readonly partial: { readonly text: string; readonly entities: readonly Entity[] } | null;
  /** Call before a change that should not wait for the debounce (paste, sample). */
  readonly skipNextDebounce: () => void;
}

interface PartialAnswer {
  readonly text: string;
  readonly done: readonly CharRange[];
  readonly entities: readonly Entity[];
  readonly readyState: unknown;
  readonly tagSet: string | null;
}

/** Is `after` `before` with a few characters typed or deleted in one place? (`bounds`: their editBounds, when known) */
export function isTypingEdit(before: string, after: string, bounds?: { readonly prefix: number; readonly suffix: number }): boolean {
  if (before === after) return false;
  const { prefix, suffix } = bounds ?? editBounds(before, after);
  return before.length - prefix - suffix <= TYPING_CHARS && after.length - prefix - suffix <= TYPING_CHARS;
}

/** The entities (sorted by start) that overlap none of the ranges (in order, not touching). */
export function outsideRanges<T extends { readonly start: number; readonly end: number }>(entities: readonly T[], ranges: readonly CharRange[]): T[] {
  const outside: T[] = [];
  let range = 0;
  for (const entity of entities) {
    while (range < ranges.length && ranges[range].charEnd <= entity.start) range++;
    if (range < ranges.length && ranges[range].charStart < entity.end) continue;
    outside.push(entity);
  }
  return outside;
}

/** Receives each finished analysis (in the tag set it was asked in), in the same render as the status it ends. */
export type AnswerSink = (text: string, entities: readonly Entity[], tagSet: string) => void;

/** tagSet: the model's tag set to decode; null: nothing is analysed (the document's labels are of another tag set). */
export function useLiveAnalysis(ner: NerWorker, text: string, onAnswer: AnswerSink, tagSet: string | null): LiveAnalysis {
  const onAnswerRef = useRef(onAnswer);
  onAnswerRef.current = onAnswer;
  const [latest, setLatest] = useState<{ analysis: Analysis; readyState: unknown; tagSet: string | null } | null>(null);
  const [partial, setPartial] = useState<PartialAnswer | null>(null);
  const immediateRef = useRef(false);
  const analysedTextRef = useRef<string | null>(null);
  /** When each request goes out (request-gate.ts). */
  const [gate] = useState(() => createRequestGate(DEBOUNCE_MS));
  // The ready state object changes when a model (re)loads: results of an older model are stale.
  const readyState = ner.state.phase === 'ready' ? ner.state : null;
  const { analyze } = ner;

  useEffect(() => {
    if (!readyState || tagSet === null) return;
    const previous = analysedTextRef.current;
    analysedTextRef.current = text;
    // where the text changed (one pass over a long text per change): the worker analyses that first
    const bounds = previous === null || previous === text ? null : editBounds(previous, text);
    const focusChar = bounds?.prefix;
    const typing = !immediateRef.current && previous !== null && bounds !== null && isTypingEdit(previous, text, bounds);
    immediateRef.current = false;
    // current(): false once this text, model or tag set is left; the request's answer is then stale, dropped
    return gate.schedule((current) => {
      const sent = performance.now();
      const settled = gate.started();
      const onPartial = (done: readonly CharRange[], entities: readonly Entity[]) => {
        // a transition: React renders it in slices that give way to typing
        if (current()) startTransition(() => setPartial({ text, done, entities, readyState, tagSet }));
      };
      analyze(text, { replaceable: true, onPartial, tagSet, focusChar }).then(
        (outcome) => {
          settled();
          if (!current() || outcome.kind === 'skipped') return;
          const { entities, stats } = outcome;
          const analysis: Analysis = { kind: 'done', text, entities, stats, msRoundTrip: performance.now() - sent };
          startTransition(() => {
            onAnswerRef.current(text, entities, outcome.tagSet);
            setLatest({ analysis, readyState, tagSet });
          });
        },
        (error: Error) => {
          settled();
          if (current()) setLatest({ analysis: { kind: 'failed', text, message: error.message }, readyState, tagSet });
        },
      );
    }, typing);
  }, [text, readyState, analyze, gate, tagSet]);

  const skipNextDebounce = useCallback(() => {
    immediateRef.current = true;
  }, []);
  // an answer counts for the text, model and tag set it was asked for
  const current = latest && latest.readyState === readyState && latest.tagSet === tagSet && latest.analysis.text === text ? latest.analysis : null;
  const shownPartial = useMemo(() => {
    if (current) return null;
    if (!partial || partial.readyState !== readyState || partial.tagSet !== tagSet || partial.text !== text) return null;
    // outside the parts finished: the last answer's entities, on the characters they were on
    const last = latest?.readyState === readyState && latest.tagSet === tagSet && latest.analysis.kind === 'done' ? latest.analysis : null;
    const rest = last ? outsideRanges(rebaseEntities(last.text, text, last.entities), partial.done) : [];
    const entities = [...partial.entities, ...rest].sort((a, b) => a.start - b.start);
    return { text, entities };
  }, [current, partial, latest, readyState, text, tagSet]);
  return { current, partial: shownPartial, skipNextDebounce };
}
