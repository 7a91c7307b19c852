/**
 * Names of the entity types (the KMOU / KoBERT-NER tag set, the KLUE-NER tag set, and the identifiers the rules
 * find) in Korean and English. The colours live in app.css (`[data-label="PER"]`), so marks
 * and legend share them.
 */
import { IDENTIFIER_TYPES } from '../core/identifiers/identifiers';

export interface EntityTypeInfo {
  readonly korean: string;
  readonly english: string;
}

export const ENTITY_TYPES: Readonly<Record<string, EntityTypeInfo>> = {
  PER: { korean: '인물', english: 'person' },
  ORG: { korean: '기관', english: 'organization' },
  LOC: { korean: '지명', english: 'location' },
  POH: { korean: '기타 고유명사', english: 'other proper noun' },
  DAT: { korean: '날짜', english: 'date' },
  TIM: { korean: '시간', english: 'time' },
  DUR: { korean: '기간', english: 'duration' },
  MNY: { korean: '금액', english: 'money' },
  PNT: { korean: '비율', english: 'percentage' },
  NOH: { korean: '기타 수량', english: 'other numeral' },
  // KLUE-NER's tag set (its own conventions: QT is any quantity, not NOH; a country is usually LC)
  PS: { korean: '인물', english: 'person (KLUE)' },
  LC: { korean: '장소', english: 'location (KLUE)' },
  OG: { korean: '기관·단체', english: 'organization (KLUE)' },
  DT: { korean: '날짜', english: 'date (KLUE)' },
  TI: { korean: '시간', english: 'time (KLUE)' },
  QT: { korean: '수량', english: 'quantity (KLUE)' },
  ...Object.fromEntries(IDENTIFIER_TYPES.map(({ label, korean, english }) => [label, { korean, english }])),
};

/** A type this table does not know keeps its code as its name. */
export function entityTypeInfo(label: string): EntityTypeInfo {
  return Object.hasOwn(ENTITY_TYPES, label) ? ENTITY_TYPES[label] : { korean: label, english: label };
}

/** "97.3%" for a score in [0, 1]. */
export function formatConfidence(score: number): string {
  return `${(score * 100).toFixed(1)}%`;
}
