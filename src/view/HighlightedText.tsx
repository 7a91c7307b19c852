/**
 * The text with its entities as <mark> elements. Text goes in as React text nodes only
 * (segments.ts), never as HTML, so pasted markup shows as the characters it is. A long text
 * is drawn in chunks, a few per timer task (the marks of 100,000 characters at once would
 * hold the main thread for hundreds of milliseconds); `data-state` is `done` once all are. After
 * a change only the chunks that changed are drawn again: the rest keep their marks.
 */
import { Fragment, memo, useContext, useEffect, useMemo, useState } from 'react';
import { type Language, LanguageContext, useT } from './i18n';
import { format, originParams } from './messages';
import type { Entity } from '../core/pipeline';
import { entityTypeInfo } from './entity-types';
import { chunkSegments, keepDrawn, toSegments, type Segment, type SegmentChunk } from './segments';
import { BLOCK_STYLE } from './TextBlocks';

export type OutputState = 'loading' | 'pending' | 'done' | 'failed';

interface Props {
  readonly text: string;
  /** Entities of exactly this text; `source` says who set each (default: the model; `rule`: an identifier rule). */
  readonly entities: readonly (Entity & { readonly source?: EntityOrigin; readonly status?: string })[];
  readonly state: OutputState;
  /** The index of the entity under the pointer or with the keyboard focus, or null. */
  readonly onHover: (index: number | null) => void;
}

export type EntityOrigin = 'model' | 'human' | 'rule';

/** Who set the entity and how sure the model was, in the page's language (English by default). */
export function describeOrigin(entity: Entity & { readonly source?: EntityOrigin; readonly status?: string }, language: Language = 'en'): string {
  return format(language, 'entityOrigin', originParams(entity));
}

/** A mark's accessible name: its text first (as tests and screen readers find it), then its type and origin. */
export function markName(entity: Entity & { readonly source?: EntityOrigin; readonly status?: string }, language: Language = 'en'): string {
  const { korean, english } = entityTypeInfo(entity.label);
  const type = language === 'ko' ? `${entity.label} ${korean}` : `${entity.label} ${korean} ${english}`;
  return `${entity.text}, ${type}, ${describeOrigin(entity, language)}`;
}

export function describeEntity(entity: Entity & { readonly source?: EntityOrigin; readonly status?: string }, language: Language = 'en'): string {
  const { korean, english } = entityTypeInfo(entity.label);
  const type = language === 'ko' ? `${entity.label} ${korean}` : `${entity.label} ${korean} (${english})`;
  return `${type} · ${describeOrigin(entity, language)} · ${format(language, 'characterRange', entity)}`;
}

const CHUNK_CHARS = 1_000;
/** Chunks drawn per step: a step of about 4,000 characters stays far under 50 ms of main thread. */
const CHUNKS_PER_STEP = 4;

type Drawn = Entity & { readonly source?: EntityOrigin; readonly status?: string };

/** Segments of one chunk; `plain`: its text alone, its marks still to come. */
interface ChunkProps {
  readonly segments: readonly Segment<Drawn>[];
  readonly plain: boolean;
  readonly block: boolean;
}

const Chunk = memo(
  function Chunk({ segments, plain, block }: ChunkProps) {
    const content = plain ? segments.map((segment) => segment.text).join('') : <Marks segments={segments} />;
    return block ? <span style={BLOCK_STYLE}>{content}</span> : <>{content}</>;
  },
  (before, after) => before.plain === after.plain && before.block === after.block && sameSegments(before.segments, after.segments),
);

function Marks({ segments }: { readonly segments: readonly Segment<Drawn>[] }) {
  const language = useContext(LanguageContext);
  // keyed from the chunk's start: a chunk an edit only moved keeps its elements (attributes change)
  const chunkStart = segments[0]?.start ?? 0;
  return (
    <>
      {segments.map((segment) =>
        segment.kind === 'text' ? (
          <Fragment key={segment.start - chunkStart}>{segment.text}</Fragment>
        ) : (
          <mark
            key={segment.start - chunkStart}
            data-label={segment.entity.label}
            data-start={segment.start}
            data-end={segment.end}
            data-source={segment.entity.source ?? 'model'}
            data-status={segment.entity.status}
            data-index={segment.index}
            tabIndex={0}
            role="button"
            aria-haspopup="dialog"
            aria-label={markName(segment.entity, language)}
            title={describeEntity(segment.entity, language)}
          >
            {segment.text}
          </mark>
        ),
      )}
    </>
  );
}

function sameSegments(a: readonly Segment<Drawn>[], b: readonly Segment<Drawn>[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index++) {
    const x = a[index];
    const y = b[index];
    if (x.kind !== y.kind || x.start !== y.start || x.end !== y.end || x.text !== y.text) return false;
    if (x.kind === 'entity' && y.kind === 'entity') {
      const { entity: e, index: i } = x;
      if (i !== y.index || e.label !== y.entity.label || e.source !== y.entity.source || e.status !== y.entity.status || e.score !== y.entity.score) return false;
    }
  }
  return true;
}

/**
 * One drawing step. `waiting[i]`: 0 when chunk i is drawn, else the change (a counter) since which it
 * waits. The CHUNKS_PER_STEP chunks changed last are drawn (the edit a person just made before the rest
 * of a long text); `left`: how many still wait.
 */
function drawStep(chunks: readonly SegmentChunk<Drawn>[], waiting: readonly number[]): { waiting: number[]; left: number } {
  // a chunk without marks looks the same drawn or not: nothing to wait for
  const next = waiting.map((since, index) => (since > 0 && chunks[index].segments.some((segment) => segment.kind === 'entity') ? since : 0));
  const order = next.flatMap((since, index) => (since > 0 ? [index] : [])).sort((a, b) => next[b] - next[a] || a - b);
  for (const index of order.slice(0, CHUNKS_PER_STEP)) next[index] = 0;
  return { waiting: next, left: Math.max(0, order.length - CHUNKS_PER_STEP) };
}

/**
 * Which chunks are drawn with their marks: a long text's marks come in steps, one timer task each,
 * so no task holds the main thread long. Chunks the new segments share with the ones drawn before
 * (at the start and at the end, moved or not: segments.ts keepDrawn) stay drawn; only the chunks
 * that changed are drawn again, the ones changed last first.
 */
function useDrawnChunks(chunks: readonly SegmentChunk<Drawn>[]): { waiting: readonly number[]; left: number } {
  const [state, setState] = useState(() => ({ chunks, change: 1, ...drawStep(chunks, chunks.map(() => 1)) }));
  let current = state;
  if (state.chunks !== chunks) {
    const change = state.change + 1;
    current = { chunks, change, ...drawStep(chunks, keepDrawn(state.chunks, state.waiting, chunks, change)) };
    setState(current);
  }
  useEffect(() => {
    if (current.left === 0) return;
    const timer = setTimeout(() => setState((previous) => (previous.chunks === chunks ? { ...previous, ...drawStep(chunks, previous.waiting) } : previous)));
    return () => clearTimeout(timer);
  }, [chunks, current.left]);
  return current;
}

export const HighlightedText = memo(function HighlightedText({ text, entities, state, onHover }: Props) {
  const t = useT();
  const segments = useMemo(() => toSegments(text, entities), [text, entities]);
  const chunks = useMemo(() => chunkSegments(segments, text.length, CHUNK_CHARS), [segments, text.length]);
  const { waiting, left } = useDrawnChunks(chunks);
  const marks = useMemo(() => segments.reduce((count, segment) => count + (segment.kind === 'entity' ? 1 : 0), 0), [segments]);
  // `done` once every mark is drawn: until then the state says `drawing`.
  const shownState = state === 'done' && left > 0 ? 'drawing' : state;
  // One listener for all marks: a long text can have thousands.
  const hoveredIndex = (target: EventTarget) => {
    const mark = target instanceof Element ? target.closest('mark[data-index]') : null;
    return mark ? Number(mark.getAttribute('data-index')) : null;
  };
  return (
    <div
      className="ner-output"
      lang="ko"
      data-testid="ner-output"
      data-state={shownState}
      data-text-length={text.length}
      data-marks={marks}
      aria-live="polite"
      aria-busy={shownState !== 'done' && shownState !== 'failed'}
      onMouseOver={(event) => onHover(hoveredIndex(event.target))}
      onFocus={(event) => {
        const index = hoveredIndex(event.target);
        if (index !== null) onHover(index);
      }}
      onMouseLeave={() => onHover(null)}
    >
      {text.length === 0 ? (
        <span className="placeholder">{t('outputPlaceholder')}</span>
      ) : (
        chunks.map((chunk, index) => <Chunk key={index} segments={chunk.segments} block={chunk.block} plain={waiting[index] > 0} />)
      )}
    </div>
  );
});
