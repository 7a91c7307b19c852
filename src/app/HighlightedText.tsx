/**
 * The text with its entities as <mark> elements. Text goes in as React text nodes only
 * (segments.ts), never as HTML, so pasted markup shows as the characters it is.
 */
import { Fragment, memo, useMemo } from 'react';
import type { Entity } from '../core/pipeline';
import { entityTypeInfo, formatConfidence } from './entity-types';
import { toSegments } from './segments';

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

export function describeOrigin(entity: Entity & { readonly source?: EntityOrigin; readonly status?: string }): string {
  if (entity.source === 'human') return 'set by a person';
  if (entity.source === 'rule') return 'found by a rule';
  const decided = entity.status === 'accepted' ? 'accepted' : entity.status === 'pending' ? 'proposed, not reviewed' : 'proposed';
  return `${decided}, confidence ${formatConfidence(entity.score)}`;
}

/** The mark's accessible name: its text, then its type and who set it ("삼성전자, ORG 기관 organization, accepted, …"). */
export function markName(entity: Entity & { readonly source?: EntityOrigin; readonly status?: string }): string {
  const { korean, english } = entityTypeInfo(entity.label);
  return `${entity.text}, ${entity.label} ${korean} ${english}, ${describeOrigin(entity)}`;
}

export function describeEntity(entity: Entity & { readonly source?: EntityOrigin }): string {
  const { korean, english } = entityTypeInfo(entity.label);
  const origin = describeOrigin(entity);
  return `${entity.label} ${korean} (${english}) · ${origin} · characters ${entity.start}–${entity.end}`;
}

export const HighlightedText = memo(function HighlightedText({ text, entities, state, onHover }: Props) {
  const segments = useMemo(() => toSegments(text, entities), [text, entities]);
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
      data-state={state}
      data-text-length={text.length}
      aria-live="polite"
      aria-busy={state === 'pending' || state === 'loading'}
      onMouseOver={(event) => onHover(hoveredIndex(event.target))}
      onFocus={(event) => {
        const index = hoveredIndex(event.target);
        if (index !== null) onHover(index);
      }}
      onMouseLeave={() => onHover(null)}
    >
      {text.length === 0 ? (
        <span className="placeholder">Highlighted entities appear here. 분석 결과가 여기에 표시됩니다.</span>
      ) : (
        segments.map((segment) =>
          segment.kind === 'text' ? (
            <Fragment key={segment.start}>{segment.text}</Fragment>
          ) : (
            <mark
              key={segment.start}
              data-label={segment.entity.label}
              data-start={segment.start}
              data-end={segment.end}
              data-source={segment.entity.source ?? 'model'}
              data-status={segment.entity.status}
              data-index={segment.index}
              tabIndex={0}
              role="button"
              aria-haspopup="dialog"
              aria-label={markName(segment.entity)}
              title={describeEntity(segment.entity)}
            >
              {segment.text}
            </mark>
          ),
        )
      )}
    </div>
  );
});
