/**
 * The entity list beside the text (Analyse: text order by default; Annotate: least confident first), with its order and what confidence means.
 * The list follows the marks a frame later: its rows (a type picker each, up to 500) cost a long
 * text's first frame of new marks more than the marks themselves (10,700 elements styled, 370 ms,
 * for a keystroke's marks during a 50,000-character analysis), so the marks are painted first.
 */
import { startTransition, useCallback, useEffect, useState } from 'react';
import type { EntityOrder } from '../../view/entity-order';
import { useT } from '../../view/i18n';
import type { ShownEntity } from '../../view/shown-entities';
import { type EntityDecision, decisionAction } from '../../workspace/entity-actions';
import { EntityList } from '../../workspace/EntityList';
import type { WorkspaceApi } from '../../workspace/useWorkspace';

interface Props {
  readonly entities: readonly ShownEntity[];
  /** The count in the heading; null while no analysis of this text has finished. */
  readonly count: number | null;
  readonly types: readonly string[];
  readonly order: EntityOrder;
  readonly onOrder: (order: EntityOrder) => void;
  readonly hovered: number | null;
  readonly onHover: (index: number | null) => void;
  readonly dispatch: WorkspaceApi['dispatch'];
}

/** `value`, but a change shows only after the next paint (the rest of the page's change goes first). */
function useAfterPaint<T>(value: T): T {
  const [shown, setShown] = useState(value);
  useEffect(() => {
    if (shown === value) return;
    let timer = 0;
    const frame = requestAnimationFrame(() => {
      timer = window.setTimeout(() => startTransition(() => setShown(value)));
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [value, shown]);
  return shown;
}

export function EntitiesPanel({ entities: latest, count, types, order, onOrder, hovered, onHover, dispatch }: Props) {
  const t = useT();
  const entities = useAfterPaint(latest);
  const decide = useCallback(
    (entity: ShownEntity, decision: EntityDecision) => {
      const action = decisionAction(entity, decision);
      if (action) dispatch(action);
    },
    [dispatch],
  );
  return (
    <section className="entities" id="entities" tabIndex={-1} aria-labelledby="entities-heading">
      <div className="entities-head">
        <h2 id="entities-heading">
          {t('entities')} <span className="muted">{count === null ? '' : count.toLocaleString('en')}</span>
        </h2>
        <label className="entity-order">
          {t('order')}{' '}
          <select data-testid="entity-order" value={order} onChange={(event) => onOrder(event.target.value as EntityOrder)}>
            <option value="text">{t('orderText')}</option>
            <option value="confidence">{t('orderConfidence')}</option>
          </select>
        </label>
      </div>
      <div className="entities-scroll">
        <EntityList entities={entities} types={types} order={order} hovered={hovered} onHover={onHover} onDecide={decide} />
        <p className="muted confidence-note">{t('confidenceNote')}</p>
      </div>
    </section>
  );
}
