/** Readable names for the metrics a bundle's config.json carries (the key stays in the title). */
const TITLES: Readonly<Record<string, string>> = {
  dev_entity_f1: 'Entity F1 (dev set)',
  dev_entity_precision: 'Entity precision (dev set)',
  dev_entity_recall: 'Entity recall (dev set)',
  dev_token_tag_f1_micro: 'Tag F1 per token, micro (dev set)',
  dev_token_tag_f1_macro: 'Tag F1 per token, macro (dev set)',
  dev_docs8_entity_f1: 'Entity F1 on 8-sentence texts',
  dev_docs8_entity_f1_typescript: 'Entity F1 on 8-sentence texts, this app’s pipeline',
  dev_split: 'Dev set',
  evaluated_by: 'Evaluated by',
};

/** "Entity F1 (dev set)" for `dev_entity_f1`; an unknown key with its underscores as spaces. */
export function metricTitle(key: string): string {
  return Object.hasOwn(TITLES, key) ? TITLES[key] : key.replace(/_/g, ' ');
}

/** The metrics worth showing (numbers and strings), each as [key, readable value]. */
export function shownMetrics(metrics: Readonly<Record<string, unknown>>): [string, string][] {
  return Object.entries(metrics)
    .filter(([, value]) => typeof value === 'number' || typeof value === 'string')
    .map(([key, value]) => [key, typeof value === 'number' ? String(Number(value.toFixed(4))) : String(value)]);
}
