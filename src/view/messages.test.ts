import { describe, expect, it } from 'vitest';
import { LANGUAGES } from './i18n';
import { MESSAGE_FUNCTIONS, type MessageName, type MessageParams, format, formatMessage, say } from './messages';

const HANGUL = /[\uac00-\ud7a3]/;

const failure = { kind: 'failed', message: 'Saving failed (UnknownError: boom). The last changes are NOT saved.' };
const quota = { kind: 'quota', message: 'The disk (or the browser storage quota) is full: the last changes are NOT saved. Free some space or export your documents.' };

/** Representative params of every message (the type asks for each one), its branches where it has some; data in Hangul where the page gives it. */
const SAMPLES: { readonly [K in MessageName]: readonly MessageParams<K>[] } = {
  conflictKept: [
    { name: '기사 1', copy: '기사 1 (conflict copy)', deleted: false },
    { name: 'Document 2', copy: 'Document 2 (copy)', deleted: true },
  ],
  recoveredCopies: [{ copies: ['Document 1 (copy)', 'notes (copy)'] }],
  storageUnavailable: [{ failure }],
  earlyTextKept: [{ name: 'Document 2', open: 'Document 1' }],
  sampleOpenedNew: [{ sample: 'News', open: 'Document 1' }],
  unknownView: [{ view: 'settings' }],
  documentPosition: [{ at: 2, count: 5 }],
  documentsReviewed: [{ done: 0, count: 1 }, { done: 3, count: 5 }],
  nothingToChange: [
    { surface: 'Seoul', kept: 0 },
    { surface: '서울', kept: 2 },
  ],
  changedAcross: [
    { surface: 'Seoul', changed: 3, documents: 2, kept: 1 },
    { surface: 'Seoul', changed: 1, documents: 1, kept: 0 },
  ],
  otherOccurrences: [
    { surface: 'Seoul', changed: 1, kept: 0 },
    { surface: 'Seoul', changed: 4, kept: 2 },
  ],
  undoneAcross: [
    { surface: 'Seoul', documents: 2, edited: 0 },
    { surface: 'Seoul', documents: 1, edited: 1 },
  ],
  storageFailure: [{ failure }, { failure: quota }, { failure: { kind: 'conflict', message: 'Document "a" was not saved: another tab changed it.' } }],
  deletedNotRestored: [{ name: 'Document 1', failure: quota }],
  deletedRestored: [{ name: 'Document 1' }],
  importFailed: [{ file: 'data.jsonl', detail: 'line 3: expected a JSON object' }],
  importUnreadable: [{ file: 'data.jsonl', detail: 'NotReadableError' }],
  importNotStored: [{ file: 'data.jsonl', failure }],
  imported: [
    { count: 1, file: 'a.txt', encoding: null },
    { count: 12, file: 'a.txt', encoding: 'EUC-KR (CP949)' },
  ],
  importedOtherTagSet: [
    { count: 1, file: 'klue.jsonl', encoding: null, tagSet: 'klue', pageTagSet: 'kmou' },
    { count: 3, file: 'klue.jsonl', encoding: 'EUC-KR (CP949)', tagSet: 'klue', pageTagSet: 'kmou' },
  ],
  tagSetMismatch: [
    { documentTagSet: 'klue', pageTagSet: 'kmou', entities: 1, modelHasIt: true },
    { documentTagSet: 'klue', pageTagSet: 'kmou', entities: 3, modelHasIt: false },
  ],
  useTagSet: [{ tagSet: 'klue' }],
  dropForTagSet: [
    { entities: 1, tagSet: 'kmou' },
    { entities: 2, tagSet: 'kmou' },
  ],
  batchOtherTagSet: [{ tagSet: 'klue' }],
  notInExport: [{ skipped: [{ name: 'Document 3', reason: 'the text is empty' }] }],
  backedUp: [{ count: 3, file: 'workspace.backup.json' }],
  restoreFailed: [{ file: 'b.json', detail: 'documents[1]: entity 0: expected a label' }],
  restoreUnreadable: [{ file: 'b.json', detail: 'NotReadableError' }],
  restoreNotStored: [{ file: 'b.json', failure: quota }],
  backupRestored: [
    { file: 'b.json', restored: 2, copies: 0, unchanged: 0 },
    { file: 'b.json', restored: 1, copies: 1, unchanged: 3 },
  ],
  adaptDocuments: [{ documents: 12, entities: 40, tagSet: 'kmou' }, { documents: 0, entities: 0, tagSet: 'kmou' }],
  adaptSuggested: [{ documents: 12 }],
  adaptProgress: [
    { phase: 'starting', percent: 0, epoch: 0, maxEpochs: 0, bestF1: null },
    { phase: 'features', percent: 10, epoch: 0, maxEpochs: 0, bestF1: null },
    { phase: 'fitting', percent: 50, epoch: 3.5, maxEpochs: 40, bestF1: 0.61 },
    { phase: 'storing', percent: 95, epoch: 9, maxEpochs: 40, bestF1: 0.61 },
  ],
  adaptDone: [
    { name: 'Mine', documents: 50, entities: 120, f1: 0.7, baseF1: 0.6, heldOut: 10, seconds: 3.2 },
    { name: 'Mine', documents: 10, entities: 20, f1: null, baseF1: null, heldOut: 0, seconds: 1 },
  ],
  adaptFailed: [{ detail: 'too few examples to adapt: 3 documents: at least 10 are needed (7 more)' }],
  adaptCancelled: [{}],
  modelNotExported: [{ detail: 'QuotaExceededError' }],
  heldOutComparison: [{ adapted: 0.7, base: 0.6, documents: 10 }],
  modelGone: [{ id: 'my-model' }],
  modelRemoved: [{ id: 'my-model' }],
  modelsNotListed: [{ detail: 'SecurityError' }],
  modelNotInstalled: [{ detail: 'config.json: expected labels' }],
  modelInstalled: [
    { replaced: false, name: 'KLUE NER', source: 'https://example.org/m/' },
    { replaced: true, name: 'KLUE NER', source: 'folder m' },
  ],
  installProgress: [
    { kind: 'starting' },
    { kind: 'checking' },
    { kind: 'opening', file: 'onnx/model.onnx' },
    { kind: 'storing' },
    { kind: 'reading', files: 6 },
    { kind: 'downloading', file: 'onnx/model.onnx', loaded: 5242880, total: 10485760 },
    { kind: 'downloading', file: 'onnx/model.onnx', loaded: 5242880, total: null },
  ],
  loadUrlHelp: [{ origin: 'http://localhost:4173' }],
  modelNotRemoved: [{ detail: 'SecurityError' }],
  reviewCounts: [
    { pending: 2, accepted: 1, rejected: 1, added: 1 },
    { pending: 0, accepted: 0, rejected: 0, added: 0 },
  ],
  acceptAll: [{ count: 1 }, { count: 1200 }],
  deletedDocument: [
    { name: 'Document 1', count: 1 },
    { name: 'Document 1', count: 3 },
  ],
  invalidRecords: [{ count: 2, records: 'doc:1 (not an object); doc:2 (no text)' }],
  renameDocument: [{ name: 'Document 1' }],
  deleteDocument: [{ name: 'Document 1' }],
  searchSummary: [
    { surface: 'Seoul', total: 0, documents: 0, states: '' },
    { surface: 'Seoul', total: 3, documents: 2, states: 'proposed LOC ×2, not marked ×1' },
  ],
  occurrenceState: [
    { state: 'open', label: '', count: 1 },
    { state: 'proposed', label: 'LOC', count: 2 },
    { state: 'decided', label: 'PER', count: 1 },
  ],
  moreDocuments: [{ count: 7 }],
  rejectProposals: [{ count: 1 }, { count: 4 }],
  undoAcrossButton: [{ surface: 'Seoul', documents: 2 }],
  showMoreEntities: [{ count: 50, left: 430 }],
  moreEntities: [{ count: 1500 }],
  entityAction: [
    { action: 'accept', text: 'Samsung' },
    { action: 'reject', text: 'Samsung' },
    { action: 'delete', text: 'Samsung' },
    { action: 'type', text: 'Samsung' },
  ],
  annotationError: [{ detail: 'nothing to undo' }],
  batchCount: [
    { done: 1, total: 3, current: 'Document 2', cancelling: false },
    { done: 1, total: 3, current: 'Document 2', cancelling: true },
  ],
  batchResult: [
    { cancelled: false, done: 3, total: 3, entities: 12, problems: '' },
    { cancelled: true, done: 1, total: 3, entities: 2, problems: '"Document 2" (its text changed during the run; run it again)' },
  ],
  batchTooLong: [{ length: 120000, limit: 100000 }],
  batchTextChanged: [{}],
  batchError: [{ detail: 'the worker stopped' }],
  saveOpening: [{}],
  saveMemory: [{}],
  saveSaved: [{}],
  savePending: [{}],
  saveSaving: [{}],
  exportSummary: [
    { documents: 2, accepted: 1, added: 1, proposals: 3, proposalsWritten: false, rejected: 1 },
    { documents: 1, accepted: 1, added: 0, proposals: 0, proposalsWritten: true, rejected: 0 },
  ],
  exportIdentifiersToo: [{}],
  statusTooLong: [{ length: 100001, limit: 100000 }],
  statusFailed: [{ detail: 'out of memory' }],
  statusDone: [
    { entities: 5, characters: 1234, tokens: 300, windows: 1, msTokenize: 1.25, msModel: 40, msCrf: 2, msTotal: 50 },
    { entities: 0, characters: 10, tokens: 4, windows: 2, msTokenize: 0.5, msModel: 12.4, msCrf: 0.2, msTotal: 14 },
  ],
  pasteRefused: [{ length: 1000000, limit: 200000 }],
  statusLoading: [{}],
  statusUnavailable: [{}],
  statusAnalysing: [{}],
  statusHeldTagSet: [{}],
  loadFailed: [{ detail: 'config.json: 404' }],
  downloadingModel: [{}],
  backendStarting: [{}],
  backendNone: [{}],
  backend: [
    { backend: 'wasm', threads: 1, adapter: null, software: false },
    { backend: 'wasm', threads: 4, adapter: null, software: false },
    { backend: 'webgpu', threads: 0, adapter: 'google swiftshader', software: true },
    { backend: 'webgpu', threads: 0, adapter: null, software: false },
  ],
  backendTitle: [
    { version: '1.30.0', isolated: true, notUsed: [] },
    { version: '1.30.0', isolated: false, notUsed: [{ backend: 'webgpu', reason: 'no adapter' }] },
  ],
  modelRuns: [
    { file: 'model.onnx', size: '110.2 MB', msLoad: 812.4, msWarmup: 120 },
    { file: 'model.onnx', size: '110.2 MB', msLoad: 812.4, msWarmup: 0 },
  ],
  maskedCount: [{ count: 3 }],
  copied: [{}],
  copyFailed: [{ detail: 'NotAllowedError' }],
  removeModel: [{ name: 'KLUE NER' }],
  entityOrigin: [
    { source: 'human', status: 'other', confidence: '' },
    { source: 'rule', status: 'other', confidence: '' },
    { source: 'model', status: 'accepted', confidence: '0.97' },
    { source: 'model', status: 'pending', confidence: '0.51' },
  ],
  pickerOrigin: [
    { source: 'rule', status: '' },
    { source: 'human', status: '' },
    { source: 'model', status: 'pending' },
    { source: 'model', status: 'accepted' },
  ],
  alsoOtherOccurrences: [
    { count: 1, surface: 'Seoul' },
    { count: 2, surface: '카카오뱅크' },
  ],
  characterRange: [{ start: 3, end: 5 }],
};

/** The output less the Hangul the params bring (entity text, names): what the message itself says. */
function ownWords(output: string, params: object): string {
  const data = JSON.stringify(params).match(/[\uac00-\ud7a3]+/g) ?? [];
  return data.reduce((text, word) => text.split(word).join(''), output);
}

const cases = (Object.keys(SAMPLES) as MessageName[]).flatMap((name) => (SAMPLES[name] as readonly object[]).map((params, i) => [`${name} #${i + 1}`, name, params] as const));

describe('messages built from data', () => {
  it('has the same messages in both languages, and samples of every one', () => {
    for (const both of Object.values(MESSAGE_FUNCTIONS)) expect(Object.keys(both).sort()).toEqual([...LANGUAGES].sort());
    expect(Object.keys(SAMPLES).sort()).toEqual(Object.keys(MESSAGE_FUNCTIONS).sort());
  });

  it.each(cases)('%s: Korean in Korean, no Korean of its own in English', (_, name, params) => {
    const ko = format('ko', name, params as never);
    const en = format('en', name, params as never);
    expect(ko.trim()).not.toBe('');
    expect(ko).toMatch(HANGUL);
    expect(en.trim()).not.toBe('');
    expect(ownWords(en, params)).not.toMatch(HANGUL);
    expect(ko).not.toBe(en);
  });

  it('counts in Korean with its counters, the data as it is', () => {
    expect(format('ko', 'changedAcross', { surface: '서울', changed: 3, documents: 2, kept: 1 })).toBe('“서울”: 문서 2개에서 3곳 바뀜, 1곳은 사람이 정한 대로 둠.');
    expect(format('ko', 'reviewCounts', { pending: 2, accepted: 1, rejected: 0, added: 1 })).toBe('검토 전 2개 · 수락 1개 · 추가 1개');
    expect(format('ko', 'acceptAll', { count: 1200 })).toBe('제안 1,200건 모두 수락');
    expect(format('ko', 'restoreFailed', { file: 'b.json', detail: 'documents[1]: entity 0: expected a label' })).toContain('백업 파일을 읽을 수 없습니다: documents[1]: entity 0: expected a label');
  });

  it('keeps the English wording the page had', () => {
    expect(format('en', 'reviewCounts', { pending: 2, accepted: 1, rejected: 1, added: 1 })).toBe('2 to review · 1 accepted · 1 rejected · 1 added');
    expect(format('en', 'reviewCounts', { pending: 0, accepted: 1, rejected: 0, added: 0 })).toBe('1 accepted');
    expect(format('en', 'reviewCounts', { pending: 0, accepted: 0, rejected: 0, added: 0 })).toBe('no entities');
    expect(format('en', 'exportSummary', { documents: 2, accepted: 1, added: 1, proposals: 3, proposalsWritten: false, rejected: 1 })).toBe(
      'Writes 2 entities from 2 documents: 1 accepted, 1 added by a person. Left out: 3 proposals not reviewed, 1 rejected.',
    );
    expect(format('en', 'exportSummary', { documents: 2, accepted: 1, added: 1, proposals: 3, proposalsWritten: true, rejected: 1 })).toBe(
      'Writes 5 entities from 2 documents: 1 accepted, 1 added by a person, 3 proposals not reviewed. Left out: 1 rejected.',
    );
    expect(format('en', 'exportSummary', { documents: 1, accepted: 1, added: 0, proposals: 0, proposalsWritten: false, rejected: 0 })).toBe('Writes 1 entity from 1 document: 1 accepted, 0 added by a person.');
    expect(format('en', 'otherOccurrences', { surface: '서울', changed: 1, kept: 1 })).toBe('“서울”: 1 other occurrence changed, 1 kept as a person decided.');
    expect(format('en', 'changedAcross', { surface: '서울', changed: 3, documents: 2, kept: 0 })).toBe('“서울”: 3 occurrences changed in 2 documents.');
  });

  it('keeps a message as data, put into words in the language of the moment', () => {
    const kept = say('deletedRestored', { name: 'Document 1' });
    expect(kept).toEqual({ name: 'deletedRestored', params: { name: 'Document 1' } });
    expect(formatMessage('en', kept)).toBe('Restored "Document 1".');
    expect(formatMessage('ko', kept)).toBe('"Document 1" 문서를 되살렸습니다.');
    expect(formatMessage('ko', say('saveSaved'))).toMatch(HANGUL);
  });
});
