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
  outputPlaceholder: { en: 'Highlighted entities appear here.', ko: '분석 결과가 여기에 표시됩니다.' },
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
  documentName: { en: 'Document name', ko: '문서 이름' },
  importLegend: { en: 'Import 가져오기', ko: '가져오기' },
  importFormat: { en: 'Format', ko: '형식' },
  importAuto: { en: 'Recognise from the file', ko: '파일을 보고 알아내기' },
  plainText: { en: 'Plain text', ko: '일반 텍스트' },
  txtWhole: { en: 'whole file = one document', ko: '파일 전체 = 문서 하나' },
  txtLines: { en: 'one document per line', ko: '한 줄에 문서 하나' },
  importFile: { en: 'Import a file', ko: '파일 가져오기' },
  exportLegend: { en: 'Export all 내보내기', ko: '모두 내보내기' },
  exportWhat: { en: 'What the export writes', ko: '내보낼 것' },
  everythingTitle: { en: "Also write the model's proposals nobody has accepted or rejected yet, as entities (silver data). Rejected ones are never written; Label Studio JSON always carries them, as predictions.", ko: '아무도 수락하거나 거부하지 않은 모델 제안도 개체로 씁니다 (실버 데이터). 거부한 것은 쓰지 않습니다. Label Studio JSON에는 언제나 예측(predictions)으로 들어갑니다.' },
  identifiersTitle: { en: 'Also write the phone numbers, registration numbers, e-mail addresses and other identifiers the rules find, as entities with their own labels (PHONE, RRN, ...).', ko: '규칙으로 찾은 전화번호, 주민등록번호, 이메일 주소 같은 식별자도 각자의 레이블(PHONE, RRN, ...)을 단 개체로 씁니다.' },
  includeIdentifiers: { en: 'include identifiers found by rules', ko: '규칙으로 찾은 식별자 포함' },
  conllTitle: { en: 'CoNLL only. Words: the text\'s space-separated words, a particle cut off where an entity ends (김철수 | 는). Syllables: one token per character. Either way a spacing column (SpaceAfter=No, SpacesAfter=\\n\\n) brings the exact text back on import.', ko: 'CoNLL 전용. 어절: 띄어쓰기로 나뉜 말, 개체가 끝나는 곳에서 조사를 떼어 냄 (김철수 | 는). 음절: 글자마다 토큰 하나. 어느 쪽이든 띄어쓰기 열(SpaceAfter=No, SpacesAfter=\\n\\n)이 있어 가져올 때 본문이 그대로 돌아옵니다.' },
  conllWords: { en: 'words', ko: '어절' },
  conllSyllables: { en: 'syllables', ko: '음절' },
  maskedExport: { en: 'Masked text (JSONL + mapping)', ko: '가린 텍스트 (JSONL + 대응표)' },
  maskedExportTitle: { en: 'Every document masked as in the masked view (its style and types), as JSONL, and the mapping (placeholder -> original) as a second file', ko: '모든 문서를 가린 보기에서처럼(그 방식과 유형으로) 가려 JSONL로, 대응표(자리표시 -> 원문)는 두 번째 파일로 내보냅니다' },
  backupIntro: { en: 'Every document, decision and name in one file, to restore here or in another browser exactly as it was.', ko: '모든 문서와 결정, 이름을 파일 하나에 담아 여기나 다른 브라우저에서 그대로 복원할 수 있습니다.' },
  skipText: { en: 'Skip to the highlighted text', ko: '표시된 본문으로 건너뛰기' },
  skipEntities: { en: 'Skip to the entities', ko: '개체명 목록으로 건너뛰기' },
  skipDocuments: { en: 'Skip to the documents', ko: '문서 목록으로 건너뛰기' },
  skipView: { en: 'Skip to the open view', ko: '열린 화면으로 건너뛰기' },
  views: { en: 'Views', ko: '화면' },
  viewAnalyse: { en: 'Analyse', ko: '분석' },
  viewAnnotate: { en: 'Annotate', ko: '주석' },
  viewDocuments: { en: 'Documents', ko: '문서' },
  viewModels: { en: 'Models', ko: '모델' },
  purposeAnalyse: { en: 'paste text, see its entities, mask it', ko: '글을 붙여 넣고 개체 보기, 가리기' },
  purposeAnnotate: { en: 'review proposals, correct, next', ko: '제안 검토, 고치기, 다음 문서' },
  purposeDocuments: { en: 'list, search, import, export, backup', ko: '목록, 검색, 가져오기, 내보내기, 백업' },
  purposeModels: { en: 'choose, install, tag set, license, card', ko: '선택, 설치, 태그 집합, 라이선스, 카드' },
  showEntities: { en: 'Entities', ko: '개체명' },
  showMasked: { en: 'Masked copy', ko: '가린 사본' },
  previousDocument: { en: 'Previous', ko: '이전' },
  nextDocument: { en: 'Next', ko: '다음' },
  nextProposal: { en: 'Next proposal to review', ko: '검토할 다음 제안' },
  doneNext: { en: 'Done, next document', ko: '완료, 다음 문서' },
  reviewProgress: { en: 'Review progress', ko: '검토 진행' },
  reviewKeys: { en: 'On a proposal: A accept · R reject · 1…0 change type · Enter picker · Delete', ko: '제안에서: A 수락 · R 거부 · 1…0 유형 바꾸기 · Enter 선택 창 · Delete 삭제' },
  reviewActions: { en: 'Review actions', ko: '검토 동작' },
  textActions: { en: 'Text actions', ko: '본문 동작' },
  skipLinks: { en: 'Skip links', ko: '건너뛰기 링크' },
  backend: { en: 'Backend', ko: '백엔드' },
  privacy: { en: 'Everything runs in this browser tab: the text never leaves your computer. 입력한 글은 이 브라우저 밖으로 나가지 않습니다.', ko: '모든 처리는 이 브라우저 탭 안에서 이루어집니다: 입력한 글은 이 컴퓨터 밖으로 나가지 않습니다.' },
  samples: { en: 'Samples 예문:', ko: '예문:' },
  sampleTexts: { en: 'Sample texts', ko: '예문' },
  textSection: { en: 'Text', ko: '본문' },
  textToAnalyse: { en: 'Korean text to analyse', ko: '분석할 한국어 본문' },
  legend: { en: 'Legend', ko: '범례' },
  maskedText: { en: 'Masked text', ko: '비식별 텍스트' },
  maskedHeading: { en: 'Masked text 비식별', ko: '비식별 텍스트' },
  maskStyle: { en: 'Style', ko: '방식' },
  maskStyleTag: { en: 'type tags [PER]', ko: '유형 태그 [PER]' },
  maskStyleNumbered: { en: 'numbered [PER_1]', ko: '번호 붙인 태그 [PER_1]' },
  maskStylePartial: { en: 'partial 김**, 010-****-5678', ko: '일부만 김**, 010-****-5678' },
  maskStyleStar: { en: 'stars ***', ko: '별표 ***' },
  maskTypes: { en: 'Mask these types', ko: '가릴 유형' },
  copy: { en: 'Copy', ko: '복사' },
  downloadTxt: { en: 'Download .txt', ko: '.txt 내려받기' },
  downloadMapping: { en: 'Download mapping', ko: '대응표 내려받기' },
  mappingTitle: { en: 'Placeholder -> original for every masked span. Keep it apart from the masked text: it undoes the masking.', ko: '가린 곳마다 자리표시 -> 원문. 가린 텍스트와 따로 두세요: 이것이 있으면 가린 것을 되돌릴 수 있습니다.' },
  maskNote: { en: "The model misses some names, and the rules only find identifiers written in the usual ways: read the masked text before you share it, and add what was missed (select it in the highlighted text and press its type's key).", ko: '모델은 이름을 일부 놓치고, 규칙은 흔히 쓰는 꼴의 식별자만 찾습니다: 가린 텍스트를 나누기 전에 읽어 보고, 놓친 것은 추가하세요 (표시된 본문에서 선택하고 그 유형의 키를 누름).' },
  types: { en: 'Types', ko: '유형' },
  rule: { en: 'rule', ko: '규칙' },
  bundleIntro: { en: 'A bundle (docs/bundle-format.md): config.json, crf.json, tokenizer.json, tokenizer_config.json, onnx/model.onnx. It is checked, then kept in this browser (Cache Storage) for offline use.', ko: '번들 (docs/bundle-format.md): config.json, crf.json, tokenizer.json, tokenizer_config.json, onnx/model.onnx. 확인한 뒤 오프라인에서도 쓰도록 이 브라우저(Cache Storage)에 보관합니다.' },
  folder: { en: 'Folder…', ko: '폴더…' },
  filesOrZip: { en: 'Files or .zip…', ko: '파일 또는 .zip…' },
  bundleUrl: { en: 'Bundle URL on this site', ko: '이 사이트의 번들 URL' },
  bundleUrlPlaceholder: { en: '/models/my-model/ or /models/my-model.zip (this site only)', ko: '/models/my-model/ 또는 /models/my-model.zip (이 사이트만)' },
  model: { en: 'Model', ko: '모델' },
  modelCardSummary: { en: 'Model card', ko: '모델 카드' },
  modelCardText: { en: 'Model card text', ko: '모델 카드 내용' },
  modelLanguage: { en: 'For Korean text (한국어 전용): text in other languages gives no useful entities.', ko: '한국어 전용: 다른 언어의 글에서는 쓸 만한 개체를 찾지 못합니다.' },
  licenseLabel: { en: 'License:', ko: '라이선스:' },
  models: { en: 'Models 모델', ko: '모델' },
  loadModel: { en: 'Load model 모델 불러오기', ko: '모델 불러오기' },
  inUse: { en: 'in use', ko: '사용 중' },
  use: { en: 'Use', ko: '사용' },
  adaptModel: { en: 'Adapt the model to my documents', ko: '모델을 내 문서에 맞추기' },
  adaptName: { en: 'Name of the new model', ko: '새 모델 이름' },
  adaptCannot: { en: 'This model cannot be adapted:', ko: '이 모델은 맞출 수 없습니다:' },
  newType: { en: 'New type', ko: '새 유형' },
  newTypeName: { en: 'Name of the new type', ko: '새 유형 이름' },
  newTypeColour: { en: 'Colour of the new type', ko: '새 유형 색' },
  newTypeKey: { en: 'Key', ko: '키' },
  newTypeAdd: { en: 'Add type', ko: '유형 추가' },
  exportZip: { en: 'Export .zip', ko: '.zip 내보내기' },
  heldOutF1: { en: 'Entity F1, held-out documents', ko: '떼어 둔 문서의 개체 F1' },
  remove: { en: 'Remove', ko: '지우기' },
  license: { en: 'License', ko: '라이선스' },
  tagSets: { en: 'Tag sets', ko: '태그 집합' },
  tagSet: { en: 'Tag set', ko: '태그 집합' },
  switchTagSet: { en: 'Switch and remove them', ko: '바꾸고 지우기' },
  keepTagSet: { en: 'Keep', ko: '그대로 두기' },
  labels: { en: 'Labels', ko: '레이블' },
  noEntityTypes: { en: 'no entity types', ko: '개체 유형 없음' },
  allFiles: { en: 'All files', ko: '모든 파일' },
  allFilesTitle: { en: 'Every file of the bundle (the app runs one of its ONNX files)', ko: '번들의 모든 파일 (앱은 그중 ONNX 파일 하나를 실행)' },
  source: { en: 'Source', ko: '출처' },
  loadFromUrl: { en: 'Load from URL', ko: 'URL에서 불러오기' },
  confidenceNote: { en: "Confidence: the lowest, over the entity's tokens, of the CRF's probability for the tag it chose (a lower bound on how sure the model is of each part; not a calibrated chance that the whole entity is right).", ko: '신뢰도: 개체의 토큰마다 CRF가 고른 태그의 확률 중 가장 낮은 값입니다 (모델이 각 부분을 얼마나 확신하는지의 하한이며, 개체 전체가 맞을 보정된 확률은 아닙니다).' },
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
