/** The entities as a table: surface text, type, confidence, offsets. */
import { memo } from 'react';
import type { Entity } from '../core/pipeline';
import { entityTypeInfo, formatConfidence } from './entity-types';
import type { EntityOrigin } from './HighlightedText';

/** More rows than this make the page slow and nobody reads them; the count is still shown. */
const MAX_ROWS = 500;

interface Props {
  readonly entities: readonly (Entity & { readonly source?: EntityOrigin })[];
  readonly hovered: number | null;
  readonly onHover: (index: number | null) => void;
}

export const EntityList = memo(function EntityList({ entities, hovered, onHover }: Props) {
  if (entities.length === 0) return <p className="muted">No entities found. 찾은 개체명이 없습니다.</p>;
  const shown = entities.slice(0, MAX_ROWS);
  return (
    <>
      <table className="entity-list" data-testid="entity-list" onMouseLeave={() => onHover(null)}>
        <thead>
          <tr>
            <th scope="col">Text</th>
            <th scope="col">Type</th>
            <th scope="col" className="number">Confidence</th>
            <th scope="col" className="number">Offsets</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((entity, index) => (
            <tr key={`${entity.start}-${entity.end}`} className={index === hovered ? 'hovered' : undefined} onMouseEnter={() => onHover(index)}>
              <td className="surface">{entity.text}</td>
              <td>
                <span className="swatch" data-label={entity.label} aria-hidden="true" />
                {entity.label} <span className="muted">{entityTypeInfo(entity.label).korean}</span>
              </td>
              <td className="number">{entity.source === 'human' ? 'person' : entity.source === 'rule' ? 'rule' : formatConfidence(entity.score)}</td>
              <td className="number">
                {entity.start}–{entity.end}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {entities.length > MAX_ROWS && (
        <p className="muted">
          … and {(entities.length - MAX_ROWS).toLocaleString('en')} more (all are highlighted in the text).
        </p>
      )}
    </>
  );
});
