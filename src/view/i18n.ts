/**
 * The interface in English or Korean: the page's own words (headings, buttons, labels) from one
 * table, the language chosen in the header and remembered (localStorage), `<html lang>` set to
 * it. Messages built from data (counts, notices, errors) are English in both.
 */
import { createContext, useCallback, useContext, useEffect, useState } from 'react';
import { readStoredChoice, storeChoice } from './stored-choice';

export const LANGUAGES = ['en', 'ko'] as const;
export type Language = (typeof LANGUAGES)[number];

const STORAGE_KEY = 'korean-ner:language';

const MESSAGES = {
  keys: { en: 'Keys', ko: '단축키' },
  theme: { en: 'Theme', ko: '테마' },
  themeSystem: { en: 'as the system', ko: '시스템 설정' },
  themeLight: { en: 'light', ko: '밝게' },
  themeDark: { en: 'dark', ko: '어둡게' },
  language: { en: 'Language', ko: '언어' },
  entityTypes: { en: 'Entity types', ko: '개체 유형' },
  entities: { en: 'Entities', ko: '개체명' },
  documents: { en: 'Documents', ko: '문서' },
  order: { en: 'Order', ko: '정렬' },
  orderText: { en: 'text order', ko: '본문 순서' },
  orderConfidence: { en: 'confidence, lowest first', ko: '신뢰도 낮은 순' },
  accept: { en: 'Accept', ko: '수락' },
  reject: { en: 'Reject', ko: '거부' },
  delete: { en: 'Delete', ko: '삭제' },
  text: { en: 'Text', ko: '텍스트' },
  type: { en: 'Type', ko: '유형' },
  status: { en: 'Status', ko: '상태' },
  confidence: { en: 'Confidence', ko: '신뢰도' },
  offsets: { en: 'Offsets', ko: '위치' },
  decision: { en: 'Decision', ko: '결정' },
  newDocument: { en: 'New document', ko: '새 문서' },
  undo: { en: 'Undo', ko: '실행 취소' },
  redo: { en: 'Redo', ko: '다시 실행' },
  markDone: { en: 'Mark done', ko: '검토 완료로 표시' },
  doneBack: { en: '✓ Done (back to review)', ko: '✓ 완료 (다시 검토)' },
  undoDelete: { en: 'Undo delete', ko: '삭제 취소' },
  backup: { en: 'Backup 백업', ko: '백업' },
  searchAll: { en: 'Search all documents', ko: '모든 문서에서 찾기' },
  backupAll: { en: 'Back up the workspace (one file)', ko: '작업 공간 전체를 파일 하나로 백업' },
  restoreBackup: { en: 'Restore a backup', ko: '백업 복원' },
  decidedOnly: { en: 'decided only (accepted and added by a person)', ko: '결정된 것만 (수락했거나 사람이 추가한 개체)' },
  everything: { en: 'everything, proposals included', ko: '모두 (검토 전 제안 포함)' },
  conllTokens: { en: 'CoNLL tokens', ko: 'CoNLL 토큰' },
  close: { en: 'Close', ko: '닫기' },
} as const satisfies Record<string, Record<Language, string>>;

export type MessageKey = keyof typeof MESSAGES;

export function translate(language: Language, key: MessageKey): string {
  return MESSAGES[key][language];
}

export const LanguageContext = createContext<Language>('en');

/** `t(key)` in the page's language. */
export function useT(): (key: MessageKey) => string {
  const language = useContext(LanguageContext);
  return useCallback((key: MessageKey) => translate(language, key), [language]);
}

/** The chosen language (English unless Korean was chosen), remembered; sets `<html lang>`. */
export function useLanguage(): [Language, (language: Language) => void] {
  const [language, setLanguage] = useState<Language>(() => readStoredChoice(STORAGE_KEY, LANGUAGES, 'en'));
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  const choose = useCallback((next: Language) => {
    setLanguage(next);
    storeChoice(STORAGE_KEY, next);
  }, []);
  return [language, choose];
}
