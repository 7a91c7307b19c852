/** Each entity type of the model: its colour, code, Korean and English name. */
import { entityTypeInfo } from './entity-types';

export function Legend({ types }: { readonly types: readonly string[] }) {
  return (
    <ul className="legend" data-testid="legend" aria-label="Entity types">
      {types.map((type) => {
        const { korean, english } = entityTypeInfo(type);
        return (
          <li key={type}>
            <span className="swatch" data-label={type} aria-hidden="true" />
            <strong>{type}</strong> {korean} <span className="muted">{english}</span>
          </li>
        );
      })}
    </ul>
  );
}
