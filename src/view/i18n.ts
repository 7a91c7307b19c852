/**
 * The interface in English or Korean: the page's own words (headings, buttons, labels) from one
 * table, the language chosen in the header and remembered (localStorage), `<html lang>` set to
 * it. Messages built from data (counts, notices, the status line, the export summary, errors)
 * come from a second table of functions of their params, in messages.ts (`useFormat`, and `say`
 * for a notice kept to show later); the data in them (names, entity text, labels, technical
 * detail) stays as it is.
 */
import { createContext, useCallback, useContext, useEffect, useState } from 'react';
import { readStoredChoice, storeChoice } from './stored-choice';

export const LANGUAGES = ['en', 'ko'] as const;
export type Language = (typeof LANGUAGES)[number];

const STORAGE_KEY = 'korean-ner:language';

export const MESSAGES = {
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
  ok: { en: 'OK', ko: '확인' },
  untitled: { en: '(untitled)', ko: '(제목 없음)' },
  done: { en: '✓ done', ko: '✓ 완료' },
  noEntities: { en: 'No entities found. 찾은 개체명이 없습니다.', ko: '찾은 개체명이 없습니다.' },
  pointAtEntity: { en: 'Point at an entity for its details.', ko: '개체에 마우스를 올리면 자세한 내용이 나옵니다.' },
  analyseAll: { en: 'Analyse all documents 모두 분석', ko: '모든 문서 분석' },
  cancel: { en: 'Cancel', ko: '취소' },
  documentsAnalysed: { en: 'Documents analysed', ko: '분석한 문서' },
  labelAll: { en: 'Label all', ko: '모두 지정' },
  labelEveryAs: { en: 'Label every occurrence as', ko: '나온 곳 모두를 다음 유형으로 지정' },
  decisionsStay: { en: 'A person’s decisions stay as they are; everything else changes in one step.', ko: '사람이 정한 것은 그대로 두고, 나머지는 한 번에 바뀝니다.' },
  markDoneTitle: { en: 'Mark this document reviewed (done), or back in review. N / P: next / previous document', ko: '이 문서를 검토 완료로 표시하거나 다시 검토로 돌립니다. N / P: 다음 / 이전 문서' },
  acceptAllTitle: { en: 'Mark every pending model proposal of this document accepted (one step to undo)', ko: '이 문서의 검토 전 모델 제안을 모두 수락합니다 (한 번에 되돌릴 수 있음)' },
  keySheetTitle: { en: 'Keys 단축키', ko: '단축키' },
  keySheetIntro: { en: 'Keys are read by their place on the keyboard, so they work with the Korean input method on.', ko: '키는 자판 위의 자리로 읽으므로 한글 입력기를 켠 채로도 됩니다.' },
  typeKeys: { en: 'Type keys', ko: '유형 키' },
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
