/** Each entity type of the model, then each identifier type of the rules: its colour, code, Korean and English name. */
import { entityTypeInfo } from './entity-types';
import { useT } from './i18n';

/** `keys`: the key that labels a selection with each type (src/workspace/label-keys.ts); `ruleTypes`: types the rules find. */
export function Legend({ types, keys, ruleTypes = [] }: { readonly types: readonly string[]; readonly keys?: ReadonlyMap<string, string>; readonly ruleTypes?: readonly string[] }) {
  const rules = new Set(ruleTypes);
  const t = useT();
  return (
    <ul className="legend" data-testid="legend" aria-label={t('entityTypes')}>
      {[...types, ...ruleTypes.filter((type) => !types.includes(type))].map((type) => {
        const { korean, english } = entityTypeInfo(type);
        return (
          <li key={type} data-source={rules.has(type) ? 'rule' : 'model'}>
            {keys?.has(type) && <kbd data-testid="label-key">{keys.get(type)}</kbd>}{' '}
            <span className="swatch" data-label={type} aria-hidden="true" />
            <strong>{type}</strong> {korean} <span className="muted">{english}</span>
            {rules.has(type) && <span className="muted rule-note"> · {t('rule')}</span>}
          </li>
        );
      })}
    </ul>
  );
}
