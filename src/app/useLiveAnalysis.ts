/**
 * Re-analyses the text as it changes: debounced while typing, at once after a paste or a
 * sample click. An answer only counts for the exact text (and model) it was asked for, so
 * a result for old text never shows over newer text.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AnalyzeStats, Entity } from '../core/pipeline';
import type { NerWorker } from './useNerWorker';

export const DEBOUNCE_MS = 300;

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
  /** Call before a change that should not wait for the debounce (paste, sample). */
  readonly skipNextDebounce: () => void;
}

export function useLiveAnalysis(ner: NerWorker, text: string): LiveAnalysis {
  const [latest, setLatest] = useState<{ analysis: Analysis; readyState: unknown } | null>(null);
  const immediateRef = useRef(true);
  // The ready state object changes when a model (re)loads: results of an older model are stale.
  const readyState = ner.state.phase === 'ready' ? ner.state : null;
  const { analyze } = ner;

  useEffect(() => {
    if (!readyState) return;
    let abandoned = false;
    const delay = immediateRef.current ? 0 : DEBOUNCE_MS;
    immediateRef.current = false;
    const timer = setTimeout(() => {
      const sent = performance.now();
      analyze(text, { replaceable: true }).then(
        (outcome) => {
          if (abandoned || outcome.kind === 'skipped') return;
          const { entities, stats } = outcome;
          setLatest({ analysis: { kind: 'done', text, entities, stats, msRoundTrip: performance.now() - sent }, readyState });
        },
        (error: Error) => {
          if (!abandoned) setLatest({ analysis: { kind: 'failed', text, message: error.message }, readyState });
        },
      );
    }, delay);
    return () => {
      abandoned = true;
      clearTimeout(timer);
    };
  }, [text, readyState, analyze]);

  const skipNextDebounce = useCallback(() => {
    immediateRef.current = true;
  }, []);
  const current = latest && latest.readyState === readyState && latest.analysis.text === text ? latest.analysis : null;
  return { current, skipNextDebounce };
}
