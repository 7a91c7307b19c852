/**
 * The entities as a table: surface text, type (a picker to relabel), who set it, confidence,
 * offsets, and the decisions (accept, reject or delete). Sorted in text order, or by
 * confidence, lowest first (the proposals most worth a look).
 *
 * The rows come ROWS_PER_PAGE at a time: the next ones when the end of the list scrolls into view
 * (or its button is pressed). A <table> of 500 rows (a type picker each) was 11,000 layout objects,
 * laid out whole whenever the list changed: a 10,000-character paste's first marks cost a 290 ms
 * main-thread task (layout 183 ms, style 82 ms), 9 tasks over 50 ms in all.
 */
import { memo, useEffect, useMemo, useRef, useState } from 'react';
import { useT } from '../view/i18n';
import { useFormat } from '../view/messages';
import { entityTypeInfo, formatConfidence } from '../view/entity-types';
import { type EntityOrder, entityStatus, listOrder } from '../view/entity-order';
import type { ShownEntity } from '../view/shown-entities';
import { type EntityDecision, decisionsFor } from './entity-actions';

/** More rows than this make the page slow and nobody reads them; the count is still shown. */
const MAX_ROWS = 500;
/** Rows drawn at first, and added each time the end of the list is reached. */
export const ROWS_PER_PAGE = 50;

interface Props {
  readonly entities: readonly ShownEntity[];
  readonly types: readonly string[];
  readonly order: EntityOrder;
  readonly hovered: number | null;
  readonly onHover: (index: number | null) => void;
  readonly onDecide: (entity: ShownEntity, decision: EntityDecision) => void;
}

export const EntityList = memo(function EntityList({ entities, types, order, hovered, onHover, onDecide }: Props) {
  const rows = useMemo(() => listOrder(entities, order).slice(0, MAX_ROWS), [entities, order]);
  const [limit, setLimit] = useState(ROWS_PER_PAGE);
  const shown = rows.length > limit ? rows.slice(0, limit) : rows;
  const typeOptions = useMemo(() => types.map((type) => ({ type, text: `${type} ${entityTypeInfo(type).korean}` })), [types]);
  const t = useT();
  const f = useFormat();
  if (entities.length === 0) return <p className="muted">{t('noEntities')}</p>;
  return (
    <>
      <div className="table-scroll">
        <table className="entity-list" data-testid="entity-list" onMouseLeave={() => onHover(null)}>
          <thead>
            <tr>
              <th scope="col">{t('text')}</th>
              <th scope="col">{t('type')}</th>
              <th scope="col">{t('status')}</th>
              <th scope="col" className="number">{t('confidence')}</th>
              <th scope="col" className="number">{t('offsets')}</th>
              <th scope="col">{t('decision')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((index) => (
              <EntityRow
                key={`${entities[index].start}-${entities[index].end}`}
                entity={entities[index]}
                index={index}
                hovered={index === hovered}
                typeOptions={typeOptions}
                onHover={onHover}
                onDecide={onDecide}
              />
            ))}
          </tbody>
        </table>
      </div>
      {rows.length > shown.length && (
        <ShowMore left={rows.length - shown.length} onMore={() => setLimit((previous) => previous + ROWS_PER_PAGE)} />
      )}
      {entities.length > MAX_ROWS && (
        <p className="muted">
          {f('moreEntities', { count: entities.length - MAX_ROWS })}
        </p>
      )}
    </>
  );
});

/** The button under a list with rows still to draw; it presses itself when it scrolls into view. */
function ShowMore({ left, onMore }: { readonly left: number; readonly onMore: () => void }) {
  const f = useFormat();
  const button = useRef<HTMLButtonElement>(null);
  const more = useRef(onMore);
  more.current = onMore;
  useEffect(() => {
    const element = button.current;
    if (!element || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((seen) => {
      if (seen.some((entry) => entry.isIntersecting)) more.current();
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [left]);
  return (
    <button ref={button} type="button" className="show-more" data-testid="entities-more" onClick={() => more.current()}>
      {f('showMoreEntities', { count: Math.min(ROWS_PER_PAGE, left), left })}
    </button>
  );
}

interface TypeOption {
  readonly type: string;
  readonly text: string;
}

interface RowProps {
  readonly entity: ShownEntity;
  readonly index: number;
  readonly hovered: boolean;
  readonly typeOptions: readonly TypeOption[];
  readonly onHover: (index: number | null) => void;
  readonly onDecide: (entity: ShownEntity, decision: EntityDecision) => void;
}

/**
 * One row, drawn again only when what it shows changes: a keystroke elsewhere in a long text
 * rebuilds every entity object (same fields), and 500 rows of type pickers are not cheap.
 */
const EntityRow = memo(
  function EntityRow({ entity, index, hovered, typeOptions, onHover, onDecide }: RowProps) {
    const t = useT();
    const f = useFormat();
    const allowed = decisionsFor(entity);
    const status = entityStatus(entity);
    const known = typeOptions.some((option) => option.type === entity.label);
    const choices = known ? typeOptions : [{ type: entity.label, text: `${entity.label} ${entityTypeInfo(entity.label).korean}` }, ...typeOptions];
    return (
      <tr
        data-testid="entity-row"
        data-start={entity.start}
        data-end={entity.end}
        data-status={status}
        className={hovered ? 'hovered' : undefined}
        onMouseEnter={() => onHover(index)}
      >
        <td className="surface">{entity.text}</td>
        <td>
          <span className="swatch" data-label={entity.label} aria-hidden="true" />
          {typeOptions.length > 0 ? (
            <select
              aria-label={f('entityAction', { action: 'type', text: entity.text })}
              data-testid="row-type"
              value={entity.label}
              onChange={(event) => onDecide(entity, { kind: 'label', label: event.target.value })}
            >
              {choices.map((option) => (
                <option key={option.type} value={option.type}>
                  {option.text}
                </option>
              ))}
            </select>
          ) : (
            entity.label
          )}
        </td>
        <td>
          <span className="status-chip" data-status={status}>
            {status}
          </span>
        </td>
        <td className="number">{entity.source === 'model' ? formatConfidence(entity.score) : '–'}</td>
        <td className="number">
          {entity.start}–{entity.end}
        </td>
        <td className="row-actions">
          {allowed.accept && (
            <button type="button" data-testid="row-accept" aria-label={f('entityAction', { action: 'accept', text: entity.text })} onClick={() => onDecide(entity, { kind: 'accept' })}>
              {t('accept')}
            </button>
          )}
          {allowed.reject && (
            <button type="button" data-testid="row-reject" aria-label={f('entityAction', { action: 'reject', text: entity.text })} onClick={() => onDecide(entity, { kind: 'reject' })}>
              {t('reject')}
            </button>
          )}
          {allowed.delete && (
            <button type="button" data-testid="row-delete" aria-label={f('entityAction', { action: 'delete', text: entity.text })} onClick={() => onDecide(entity, { kind: 'delete' })}>
              {t('delete')}
            </button>
          )}
        </td>
      </tr>
    );
  },
  (before, after) =>
    before.index === after.index &&
    before.hovered === after.hovered &&
    before.typeOptions === after.typeOptions &&
    before.onHover === after.onHover &&
    before.onDecide === after.onDecide &&
    sameShownEntity(before.entity, after.entity),
);

/** Every field a row shows or acts on (historyIndex: what a decision applies to). */
function sameShownEntity(a: ShownEntity, b: ShownEntity): boolean {
  const fields: (keyof ShownEntity)[] = ['start', 'end', 'label', 'text', 'score', 'source', 'status', 'historyIndex'];
  return a === b || fields.every((field) => a[field] === b[field]);
}
