/** Readable names for the metrics a bundle's config.json carries (the key stays in the title), in each interface language. */
import type { Language } from '../view/i18n';

const TITLES: Readonly<Record<string, Readonly<Record<Language, string>>>> = {
  dev_entity_f1: { en: 'Entity F1 (dev set)', ko: '개체 F1 (개발 세트)' },
  dev_entity_precision: { en: 'Entity precision (dev set)', ko: '개체 정밀도 (개발 세트)' },
  dev_entity_recall: { en: 'Entity recall (dev set)', ko: '개체 재현율 (개발 세트)' },
  dev_token_tag_f1_micro: { en: 'Tag F1 per token, micro (dev set)', ko: '토큰별 태그 F1, 마이크로 (개발 세트)' },
  dev_token_tag_f1_macro: { en: 'Tag F1 per token, macro (dev set)', ko: '토큰별 태그 F1, 매크로 (개발 세트)' },
  dev_docs8_entity_f1: { en: 'Entity F1 on 8-sentence texts', ko: '8문장 글의 개체 F1' },
  dev_docs8_entity_f1_typescript: { en: 'Entity F1 on 8-sentence texts, this app’s pipeline', ko: '8문장 글의 개체 F1, 이 앱의 파이프라인' },
  dev_split: { en: 'Dev set', ko: '개발 세트' },
  held_out_entity_f1: { en: 'Entity F1 on held-out documents (this model)', ko: '떼어 둔 문서의 개체 F1 (이 모델)' },
  base_held_out_entity_f1: { en: 'Entity F1 on the same documents (base model)', ko: '같은 문서의 개체 F1 (기반 모델)' },
  held_out_documents: { en: 'Documents held out from fitting', ko: '학습에서 떼어 둔 문서' },
  adapted_documents: { en: 'Learnt from documents', ko: '학습한 문서' },
  adapted_entities: { en: 'Learnt from entities', ko: '학습한 개체' },
  base_model: { en: 'Base model', ko: '기반 모델' },
  evaluated_by: { en: 'Evaluated by', ko: '평가 도구' },
};

/** "Entity F1 (dev set)" for `dev_entity_f1`; an unknown key with its underscores as spaces. */
export function metricTitle(key: string, language: Language = 'en'): string {
  return Object.hasOwn(TITLES, key) ? TITLES[key][language] : key.replace(/_/g, ' ');
}

/** The metrics worth showing (numbers and strings), each as [key, readable value]. */
export function shownMetrics(metrics: Readonly<Record<string, unknown>>): [string, string][] {
  return Object.entries(metrics)
    .filter(([, value]) => typeof value === 'number' || typeof value === 'string')
    .map(([key, value]) => [key, typeof value === 'number' ? String(Number(value.toFixed(4))) : String(value)]);
}

/** An adapted model's held-out F1 beside its base model's on the same documents (config ner.metrics), or null. */
export function heldOutOf(metrics: Readonly<Record<string, unknown>>): { adapted: number | null; base: number | null; documents: number } | null {
  const number = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : null);
  const documents = number(metrics.held_out_documents);
  if (documents === null || !('held_out_entity_f1' in metrics)) return null;
  return { adapted: number(metrics.held_out_entity_f1), base: number(metrics.base_held_out_entity_f1), documents };
}
