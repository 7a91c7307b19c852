/** Each entity type of the model: its colour, code, Korean and English name. */
import { entityTypeInfo } from './entity-types';

/** `keys`: the key that labels a selection with each type (src/workspace/label-keys.ts). */
export function Legend({ types, keys }: { readonly types: readonly string[]; readonly keys?: ReadonlyMap<string, string> }) {
  return (
    <ul className="legend" data-testid="legend" aria-label="Entity types">
      {types.map((type) => {
        const { korean, english } = entityTypeInfo(type);
        return (
          <li key={type}>
            {keys?.has(type) && <kbd data-testid="label-key">{keys.get(type)}</kbd>}{' '}
            <span className="swatch" data-label={type} aria-hidden="true" />
            <strong>{type}</strong> {korean} <span className="muted">{english}</span>
          </li>
        );
      })}
    </ul>
  );
}
