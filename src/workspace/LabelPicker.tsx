/**
 * The small label picker that opens on a clicked mark (or Enter on a focused one) and on a text
 * selection in the highlighted view: each type with its key, and for an entity accept, reject,
 * delete. A non-modal dialog: focus moves into it, Esc closes it and gives focus back, the keys
 * work inside it as on the mark.
 */
import { type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { entityTypeInfo } from '../view/entity-types';
import { useT } from '../view/i18n';
import { useFormat } from '../view/messages';
import type { ShownEntity } from '../view/shown-entities';
import { type EntityDecision, decisionsFor } from './entity-actions';
import { typeForKey } from './label-keys';

export type PickerTarget =
  | { readonly kind: 'entity'; readonly entity: ShownEntity; readonly top: number; readonly left: number }
  | { readonly kind: 'selection'; readonly start: number; readonly end: number; readonly text: string; readonly top: number; readonly left: number };

interface Props {
  readonly target: PickerTarget;
  readonly types: readonly string[];
  readonly keys: ReadonlyMap<string, string>;
  /** How many other places hold the same text (occurrences.ts); 0 hides "all occurrences". */
  readonly otherOccurrences: number;
  /** `everywhere`: also at every other occurrence of the same text (delete never is). */
  readonly onDecide: (decision: EntityDecision, everywhere: boolean) => void;
  readonly onClose: () => void;
}

export function LabelPicker({ target, types, keys, otherOccurrences, onDecide: decide, onClose }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const [everywhere, setEverywhere] = useState(false);
  const t = useT();
  const f = useFormat();
  const onDecide = (decision: EntityDecision) => decide(decision, everywhere && decision.kind !== 'delete');
  useEffect(() => {
    const current = target.kind === 'entity' ? target.entity.label : null;
    const first = ref.current?.querySelector<HTMLButtonElement>(`button[data-type="${current}"]`) ?? ref.current?.querySelector<HTMLButtonElement>('button');
    first?.focus();
  }, [target]);

  const entity = target.kind === 'entity' ? target.entity : null;
  const allowed = entity ? decisionsFor(entity) : { accept: false, reject: false, delete: false };
  const surface = entity ? entity.text : target.kind === 'selection' ? target.text : '';

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    event.stopPropagation();
    if (event.code === 'Escape') {
      event.preventDefault();
      onClose();
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const type = typeForKey(keys, event.code);
    const decision: EntityDecision | null = type
      ? { kind: 'label', label: type }
      : event.code === 'KeyA' && allowed.accept
        ? { kind: 'accept' }
        : event.code === 'KeyR' && allowed.reject
          ? { kind: 'reject' }
          : (event.code === 'Delete' || event.code === 'Backspace') && (allowed.delete || allowed.reject)
            ? { kind: allowed.delete ? 'delete' : 'reject' }
            : null;
    if (decision) {
      event.preventDefault();
      onDecide(decision);
    }
  };

  return (
    <div
      ref={ref}
      className="label-picker"
      role="dialog"
      aria-label={`Label “${surface}”`}
      data-testid="label-picker"
      style={{ top: target.top, left: target.left }}
      onKeyDown={onKeyDown}
      onMouseDown={(event) => event.stopPropagation()}
      onMouseUp={(event) => event.stopPropagation()}
      onClick={(event) => event.stopPropagation()}
    >
      <p className="picker-title">
        <strong>{surface}</strong>
        {entity && <span className="muted"> · {entity.label} · {f('pickerOrigin', { source: entity.source === 'rule' ? 'rule' : entity.source === 'human' ? 'human' : 'model', status: entity.status ?? '' })}</span>}
      </p>
      <div className="picker-types" role="group" aria-label={t('types')}>
        {types.map((type) => (
          <button
            key={type}
            type="button"
            data-type={type}
            data-testid="picker-type"
            aria-pressed={entity ? entity.label === type : undefined}
            onClick={() => onDecide({ kind: 'label', label: type })}
          >
            {keys.has(type) && <kbd>{keys.get(type)}</kbd>} <span className="swatch" data-label={type} aria-hidden="true" />
            {type} <span className="muted">{entityTypeInfo(type).korean}</span>
          </button>
        ))}
      </div>
      {entity && (allowed.accept || allowed.reject || allowed.delete) && (
        <div className="picker-actions" role="group" aria-label={t('decision')}>
          {allowed.accept && (
            <button type="button" data-testid="picker-accept" onClick={() => onDecide({ kind: 'accept' })}>
              <kbd>A</kbd> {t('accept')}
            </button>
          )}
          {allowed.reject && (
            <button type="button" data-testid="picker-reject" onClick={() => onDecide({ kind: 'reject' })}>
              <kbd>R</kbd> {t('reject')}
            </button>
          )}
          {allowed.delete && (
            <button type="button" data-testid="picker-delete" onClick={() => onDecide({ kind: 'delete' })}>
              <kbd>Del</kbd> {t('delete')}
            </button>
          )}
        </div>
      )}
      {otherOccurrences > 0 && (
        <label className="picker-all">
          <input type="checkbox" data-testid="picker-all" checked={everywhere} onChange={(event) => setEverywhere(event.target.checked)} />{' '}
          {f('alsoOtherOccurrences', { count: otherOccurrences, surface })}
        </label>
      )}
      <button type="button" className="picker-close" aria-label={t('close')} onClick={onClose}>
        <kbd>Esc</kbd>
      </button>
    </div>
  );
}
