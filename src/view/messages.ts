/**
 * Messages built from data (notices, counts, the status line, the export summary), in English
 * and Korean: one function per language and message, `(params) => string`, both typed by the
 * same params (`message`). Korean counts with its counters (문서 2개, 3곳, 제안 4건). What is data
 * stays as it is: entity text, file and document names, labels (PER, LOC), technical detail
 * (field paths, a browser's error text), which a translated sentence wraps.
 *
 * A part of the page that keeps a message to show later (a notice) keeps a `Message` (a key and
 * its params, `say`), so it comes out in the language chosen when it is shown.
 */
import { useCallback, useContext } from 'react';
import { formatConfidence } from './entity-types';
import { type Language, LanguageContext } from './i18n';

/** One message in both languages, the two given the same params. */
type Both<P> = Readonly<Record<Language, (params: P) => string>>;
const message = <P,>(en: (params: P) => string, ko: (params: P) => string): Both<P> => ({ en, ko });

type None = Readonly<Record<never, never>>;
const fixed = (en: string, ko: string): Both<None> => message(() => en, () => ko);

/** A number as the page writes it (1,234). */
const n = (value: number) => value.toLocaleString('en');
/** English plural: "1 document", "2 documents". */
const plural = (count: number, word: string, many = `${word}s`) => `${n(count)} ${count === 1 ? word : many}`;
const quoted = (names: readonly string[]) => names.map((name) => `"${name}"`).join(', ');
const mb = (bytes: number) => (bytes / 1048576).toFixed(1);
const percentOf = (value: number | null) => (value === null ? 'n/a' : (value * 100).toFixed(1));
const ms = (value: number) => `${value < 10 ? value.toFixed(1) : Math.round(value)} ms`;

export interface ReviewCountParams {
  readonly pending: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly added: number;
}

/** formats/export-summary.ts `ExportSummary` as it reaches the view (which does not import formats). */
type ExportSummaryParams = Readonly<Record<'documents' | 'accepted' | 'added' | 'proposals' | 'rejected', number> & { proposalsWritten: boolean }>;

/** models/install-protocol.ts `InstallStep` (the view does not import models). */
type InstallStepParams =
  | { readonly kind: 'starting' }
  | { readonly kind: 'checking' }
  | { readonly kind: 'storing' }
  | { readonly kind: 'opening'; readonly file: string }
  | { readonly kind: 'reading'; readonly files: number }
  | { readonly kind: 'downloading'; readonly file: string; readonly loaded: number; readonly total: number | null };

type InstallStepKind = InstallStepParams['kind'];
/** One install step's words by its kind. */
const byStep =
  (words: { readonly [K in InstallStepKind]: (step: Extract<InstallStepParams, { readonly kind: K }>) => string }) =>
  (step: InstallStepParams): string =>
    (words[step.kind] as (step: InstallStepParams) => string)(step);

export interface StatusParams {
  readonly entities: number;
  readonly characters: number;
  readonly tokens: number;
  readonly windows: number;
  readonly msTokenize: number;
  readonly msModel: number;
  readonly msCrf: number;
  readonly msTotal: number;
}

/** storage/write-result.ts StorageFailure: `message` is the English sentence, kept as the detail in Korean. */
export interface FailureParams {
  readonly kind: string;
  readonly message: string;
}

const koreanFailure = ({ kind, message: detail }: FailureParams) =>
  kind === 'quota'
    ? '디스크(또는 브라우저 저장 공간 한도)가 가득 찼습니다: 마지막 변경 내용은 저장되지 않았습니다. 공간을 비우거나 문서를 내보내세요.'
    : kind === 'conflict'
      ? `다른 탭에서 먼저 바뀌어 저장하지 않았습니다: ${detail}`
      : `저장하지 못했습니다: 마지막 변경 내용은 저장되지 않았습니다 (${detail})`;

export const MESSAGE_FUNCTIONS = {
  // Workspace notices (useWorkspace)
  conflictKept: message<{ name: string; copy: string; deleted: boolean }>(
    ({ name, copy, deleted }) => `"${name}" ${deleted ? 'was deleted in another tab' : 'was changed in another tab'} while you edited it here: both versions are kept, yours as "${copy}".`,
    ({ name, copy, deleted }) => `"${name}" 문서를 여기서 고치는 동안 다른 탭에서 ${deleted ? '삭제했습니다' : '바꿨습니다'}: 두 판을 모두 두었고, 여기서 고친 판은 "${copy}"입니다.`,
  ),
  recoveredCopies: message<{ copies: readonly string[] }>(
    ({ copies }) => `Edits made in a closed tab met newer versions from another tab: both are kept, the closed tab's as ${quoted(copies)}.`,
    ({ copies }) => `닫힌 탭에서 고친 내용이 다른 탭의 더 새 판과 겹쳤습니다: 둘 다 두었고, 닫힌 탭의 것은 ${quoted(copies)}입니다.`,
  ),
  storageUnavailable: message<{ failure: FailureParams }>(
    ({ failure }) => `${failure.message} Documents are kept in this tab only.`,
    ({ failure }) => `브라우저 저장소를 쓸 수 없어 문서는 이 탭에만 보관됩니다 (${failure.message}).`,
  ),
  earlyTextKept: message<{ name: string; open: string }>(
    ({ name, open }) => `What you typed while the documents were loading is kept as a document of its own, "${name}": "${open}" already had text, and is kept as it was.`,
    ({ name, open }) => `문서를 불러오는 동안 입력한 내용은 별도 문서 "${name}"(으)로 두었습니다: "${open}" 문서에는 이미 텍스트가 있어 그대로 두었습니다.`,
  ),
  unknownView: message<{ view: string }>(
    ({ view }) => `There is no view "${view}": Analyse opened instead. The views are Analyse, Annotate, Documents and Models.`,
    ({ view }) => `"${view}" 화면은 없습니다: 대신 분석 화면을 열었습니다. 화면은 분석, 주석, 문서, 모델입니다.`,
  ),
  documentPosition: message<{ at: number; count: number }>(
    ({ at, count }) => `Document ${n(at)} of ${n(count)}`,
    ({ at, count }) => `문서 ${n(count)}개 중 ${n(at)}번째`,
  ),
  documentsReviewed: message<{ done: number; count: number }>(
    ({ done, count }) => `${n(done)} of ${plural(count, 'document')} done`,
    ({ done, count }) => `문서 ${n(count)}개 중 ${n(done)}개 완료`,
  ),
  sampleOpenedNew: message<{ sample: string; open: string }>(
    ({ sample, open }) => `The sample "${sample}" opened as a new document: "${open}" holds work and is kept as it was.`,
    ({ sample, open }) => `예문 "${sample}"을(를) 새 문서로 열었습니다: "${open}" 문서에는 작업한 내용이 있어 그대로 두었습니다.`,
  ),
  nothingToChange: message<{ surface: string; kept: number }>(
    ({ surface, kept }) => `“${surface}”: nothing to change${kept > 0 ? `, ${kept} kept as a person decided` : ''}.`,
    ({ surface, kept }) => `“${surface}”: 바꿀 것 없음${kept > 0 ? `, ${n(kept)}곳은 사람이 정한 대로 둠` : ''}.`,
  ),
  changedAcross: message<{ surface: string; changed: number; documents: number; kept: number }>(
    ({ surface, changed, documents, kept }) =>
      `“${surface}”: ${changed} occurrence${changed === 1 ? '' : 's'} changed in ${documents} document${documents === 1 ? '' : 's'}${kept > 0 ? `, ${kept} kept as a person decided` : ''}.`,
    ({ surface, changed, documents, kept }) => `“${surface}”: 문서 ${n(documents)}개에서 ${n(changed)}곳 바뀜${kept > 0 ? `, ${n(kept)}곳은 사람이 정한 대로 둠` : ''}.`,
  ),
  otherOccurrences: message<{ surface: string; changed: number; kept: number }>(
    ({ surface, changed, kept }) => `“${surface}”: ${changed} other occurrence${changed === 1 ? '' : 's'} changed${kept > 0 ? `, ${kept} kept as a person decided` : ''}.`,
    ({ surface, changed, kept }) => `“${surface}”: 다른 ${n(changed)}곳도 바뀜${kept > 0 ? `, ${n(kept)}곳은 사람이 정한 대로 둠` : ''}.`,
  ),
  undoneAcross: message<{ surface: string; documents: number; edited: number }>(
    ({ surface, documents, edited }) => `Undone: “${surface}” in ${documents} document${documents === 1 ? '' : 's'}${edited > 0 ? `; ${edited} edited since kept as they are` : ''}.`,
    ({ surface, documents, edited }) => `되돌림: 문서 ${n(documents)}개의 “${surface}”${edited > 0 ? `; 그 뒤 고친 문서 ${n(edited)}개는 그대로 둠` : ''}.`,
  ),
  storageFailure: message<{ failure: FailureParams }>(({ failure }) => failure.message, ({ failure }) => koreanFailure(failure)),
  deletedNotRestored: message<{ name: string; failure: FailureParams }>(
    ({ name, failure }) => `"${name}" could not be restored: ${failure.message}`,
    ({ name, failure }) => `"${name}" 문서를 되살리지 못했습니다: ${koreanFailure(failure)}`,
  ),
  deletedRestored: message<{ name: string }>(
    ({ name }) => `Restored "${name}".`,
    ({ name }) => `"${name}" 문서를 되살렸습니다.`,
  ),
  importFailed: message<{ file: string; detail: string }>(
    ({ file, detail }) => `Import of ${file} failed, nothing was changed: ${detail}`,
    ({ file, detail }) => `${file} 가져오기 실패, 아무것도 바뀌지 않았습니다: ${detail}`,
  ),
  importUnreadable: message<{ file: string; detail: string }>(
    ({ file, detail }) => `Import of ${file} failed, nothing was changed: could not be read (${detail})`,
    ({ file, detail }) => `${file} 가져오기 실패, 아무것도 바뀌지 않았습니다: 파일을 읽을 수 없습니다 (${detail})`,
  ),
  importNotStored: message<{ file: string; failure: FailureParams }>(
    ({ file, failure }) => `Import of ${file} failed, nothing was changed: ${failure.message}`,
    ({ file, failure }) => `${file} 가져오기 실패, 아무것도 바뀌지 않았습니다: ${koreanFailure(failure)}`,
  ),
  imported: message<{ count: number; file: string; encoding: string | null }>(
    ({ count, file, encoding }) => `Imported ${count} document${count === 1 ? '' : 's'} from ${file}${encoding ? ` (the file is in ${encoding}: decoded from it)` : ''}.`,
    ({ count, file, encoding }) => `${file}에서 문서 ${n(count)}개를 가져왔습니다${encoding ? ` (${encoding} 인코딩 파일이라 변환함)` : ''}.`,
  ),
  importedOtherTagSet: message<{ count: number; file: string; encoding: string | null; tagSet: string; pageTagSet: string }>(
    ({ count, file, encoding, tagSet, pageTagSet }) =>
      `Imported ${count} document${count === 1 ? '' : 's'} from ${file}${encoding ? ` (the file is in ${encoding}: decoded from it)` : ''}. Its labels are those of the ${tagSet} tag set, not ${pageTagSet}: they are kept as they are; switch the page to ${tagSet} to work on them with the model.`,
    ({ count, file, encoding, tagSet, pageTagSet }) =>
      `${file}에서 문서 ${n(count)}개를 가져왔습니다${encoding ? ` (${encoding} 인코딩 파일이라 변환함)` : ''}. 레이블이 ${pageTagSet}이 아니라 ${tagSet} 태그 집합의 것이라 그대로 두었습니다. 모델로 작업하려면 페이지를 ${tagSet}(으)로 바꾸세요.`,
  ),
  tagSetMismatch: message<{ documentTagSet: string; pageTagSet: string; entities: number; modelHasIt: boolean }>(
    ({ documentTagSet, pageTagSet, entities, modelHasIt }) =>
      `This document's ${plural(entities, 'entity', 'entities')} use the ${documentTagSet} tag set; the page is on ${pageTagSet}. The model does not analyse it until they agree${modelHasIt ? '' : ` (this model has no ${documentTagSet} tag set)`}.`,
    ({ documentTagSet, pageTagSet, entities, modelHasIt }) =>
      `이 문서의 개체 ${n(entities)}개는 ${documentTagSet} 태그 집합을 씁니다. 페이지는 ${pageTagSet}입니다. 둘이 같아질 때까지 모델은 이 문서를 분석하지 않습니다${modelHasIt ? '' : ` (이 모델에는 ${documentTagSet} 태그 집합이 없습니다)`}.`,
  ),
  useTagSet: message<{ tagSet: string }>(
    ({ tagSet }) => `Use ${tagSet}`,
    ({ tagSet }) => `${tagSet} 쓰기`,
  ),
  dropForTagSet: message<{ entities: number; tagSet: string }>(
    ({ entities, tagSet }) => `Remove its ${plural(entities, 'entity', 'entities')} and use ${tagSet}`,
    ({ entities, tagSet }) => `개체 ${n(entities)}개를 지우고 ${tagSet} 쓰기`,
  ),
  batchOtherTagSet: message<{ tagSet: string }>(
    ({ tagSet }) => `its labels are of the ${tagSet} tag set, which this model does not have`,
    ({ tagSet }) => `레이블이 이 모델에 없는 ${tagSet} 태그 집합의 것입니다`,
  ),
  notInExport: message<{ skipped: readonly { readonly name: string; readonly reason: string }[] }>(
    ({ skipped }) => `Not in the export: ${skipped.map((s) => `"${s.name}" (${s.reason})`).join(', ')}.`,
    ({ skipped }) => `내보내기에서 빠진 문서 ${n(skipped.length)}개: ${skipped.map((s) => `"${s.name}" (${s.reason})`).join(', ')}.`,
  ),
  backedUp: message<{ count: number; file: string }>(
    ({ count, file }) => `Backed up ${count} document${count === 1 ? '' : 's'} to ${file}.`,
    ({ count, file }) => `문서 ${n(count)}개를 ${file}에 백업했습니다.`,
  ),
  restoreFailed: message<{ file: string; detail: string }>(
    ({ file, detail }) => `Restore from ${file} failed, nothing was changed: ${detail}`,
    ({ file, detail }) => `${file}에서 복원하지 못했습니다, 아무것도 바뀌지 않았습니다. 백업 파일을 읽을 수 없습니다: ${detail}`,
  ),
  restoreUnreadable: message<{ file: string; detail: string }>(
    ({ file, detail }) => `Restore from ${file} failed, nothing was changed: could not be read (${detail})`,
    ({ file, detail }) => `${file}에서 복원하지 못했습니다, 아무것도 바뀌지 않았습니다: 파일을 읽을 수 없습니다 (${detail})`,
  ),
  restoreNotStored: message<{ file: string; failure: FailureParams }>(
    ({ file, failure }) => `Restore from ${file} failed, nothing was changed: ${failure.message}`,
    ({ file, failure }) => `${file}에서 복원하지 못했습니다, 아무것도 바뀌지 않았습니다: ${koreanFailure(failure)}`,
  ),
  backupRestored: message<{ file: string; restored: number; copies: number; unchanged: number }>(
    ({ file, restored, copies, unchanged }) =>
      `Backup ${file}: ${[`${restored} restored`, ...(copies > 0 ? [`${copies} changed here since, restored beside them as copies`] : []), ...(unchanged > 0 ? [`${unchanged} already here as they were`] : [])].join(', ')}.`,
    ({ file, restored, copies, unchanged }) =>
      `백업 ${file}: ${[`문서 ${n(restored)}개 복원`, ...(copies > 0 ? [`그 뒤 여기서 바뀐 ${n(copies)}개는 사본으로 옆에 복원`] : []), ...(unchanged > 0 ? [`${n(unchanged)}개는 이미 그대로 있음`] : [])].join(', ')}.`,
  ),

  // Model manager notices (ModelManager, useModelStore)
  modelGone: message<{ id: string }>(
    ({ id }) => `The model “${id}” is no longer stored in this browser; using the built-in default.`,
    ({ id }) => `모델 “${id}”이(가) 더 이상 이 브라우저에 없어 기본 내장 모델을 씁니다.`,
  ),
  modelRemoved: message<{ id: string }>(
    ({ id }) => `Removed “${id}”.`,
    ({ id }) => `“${id}” 모델을 지웠습니다.`,
  ),
  modelsNotListed: message<{ detail: string }>(
    ({ detail }) => `The installed models could not be listed: ${detail}`,
    ({ detail }) => `설치된 모델 목록을 읽지 못했습니다: ${detail}`,
  ),
  modelNotInstalled: message<{ detail: string }>(
    ({ detail }) => `The model was not installed: ${detail}`,
    ({ detail }) => `모델을 설치하지 못했습니다: ${detail}`,
  ),
  modelInstalled: message<{ replaced: boolean; name: string; source: string }>(
    ({ replaced, name, source }) => `${replaced ? 'Replaced' : 'Installed'} “${name}” (${source}).`,
    ({ replaced, name, source }) => `“${name}” 모델을 ${replaced ? '새로 바꿔 설치했습니다' : '설치했습니다'} (${source}).`,
  ),
  installProgress: message<InstallStepParams>(
    byStep({
      starting: () => 'Starting…',
      checking: () => 'Checking the bundle…',
      opening: ({ file }) => `Opening ${file} in ONNX Runtime…`,
      storing: () => 'Storing the model in this browser…',
      reading: ({ files }) => `Reading ${files} file${files === 1 ? '' : 's'}…`,
      downloading: ({ file, loaded, total }) => `Downloading ${file}: ${mb(loaded)}${total ? ` of ${mb(total)}` : ''} MB`,
    }),
    byStep({
      starting: () => '시작하는 중…',
      checking: () => '번들을 확인하는 중…',
      opening: ({ file }) => `ONNX Runtime에서 ${file} 파일을 여는 중…`,
      storing: () => '모델을 이 브라우저에 저장하는 중…',
      reading: ({ files }) => `파일 ${n(files)}개를 읽는 중…`,
      downloading: ({ file, loaded, total }) => `${file} 내려받는 중: ${mb(loaded)}${total ? ` / ${mb(total)}` : ''} MB`,
    }),
  ),
  // Adaptation (app/AdaptPanel)
  adaptDocuments: message<{ documents: number; entities: number; tagSet: string }>(
    ({ documents, entities, tagSet }) => `${plural(documents, 'document')} marked done (tag set ${tagSet}), ${plural(documents === 0 ? 0 : entities, 'decided entity', 'decided entities')}: what the model learns from.`,
    ({ documents, entities, tagSet }) => `완료로 표시한 문서 ${n(documents)}개 (태그 세트 ${tagSet}), 확정한 개체 ${n(documents === 0 ? 0 : entities)}개: 모델이 이것으로 배웁니다.`,
  ),
  adaptSuggested: message<{ documents: number }>(
    ({ documents }) => `You have decided ${plural(documents, 'document')}: adapt the model to them, it may find your entities better.`,
    ({ documents }) => `문서 ${n(documents)}개를 확정했습니다: 모델을 이 문서에 맞추면 개체를 더 잘 찾을 수 있습니다.`,
  ),
  adaptProgress: message<{ phase: 'starting' | 'features' | 'fitting' | 'storing'; percent: number; epoch: number; maxEpochs: number; bestF1: number | null }>(
    ({ phase, percent, epoch, maxEpochs, bestF1 }) =>
      `${percent}%: ${
        phase === 'starting' ? 'starting' : phase === 'features' ? 'reading the documents through the model' : phase === 'storing' ? 'storing the new model' : `fitting, epoch ${Math.ceil(epoch)} of at most ${maxEpochs}`
      }${bestF1 === null ? '' : ` (best held-out F1 ${(bestF1 * 100).toFixed(1)})`}…`,
    ({ phase, percent, epoch, maxEpochs, bestF1 }) =>
      `${percent}%: ${
        phase === 'starting' ? '시작하는 중' : phase === 'features' ? '문서를 모델에 통과시키는 중' : phase === 'storing' ? '새 모델을 저장하는 중' : `학습 중, 에포크 ${Math.ceil(epoch)} / 최대 ${maxEpochs}`
      }${bestF1 === null ? '' : ` (떼어 둔 문서의 최고 F1 ${(bestF1 * 100).toFixed(1)})`}…`,
  ),
  adaptDone: message<{ name: string; documents: number; entities: number; f1: number | null; baseF1: number | null; heldOut: number; seconds: number }>(
    ({ name, documents, entities, f1, baseF1, heldOut, seconds }) =>
      `Stored “${name}”, learnt from ${plural(documents, 'document')} and ${plural(entities, 'entity', 'entities')} in ${seconds.toFixed(1)} s. ` +
      (f1 === null ? 'No document was held out to score it.' : `Entity F1 on ${plural(heldOut, 'document')} held out: ${percentOf(f1)} (the base model: ${percentOf(baseF1)}).`) +
      ' Use it from the list; the base model is unchanged.',
    ({ name, documents, entities, f1, baseF1, heldOut, seconds }) =>
      `“${name}” 모델을 저장했습니다. 문서 ${n(documents)}개, 개체 ${n(entities)}개로 ${seconds.toFixed(1)}초 동안 배웠습니다. ` +
      (f1 === null ? '점수를 낼 문서를 떼어 두지 않았습니다.' : `떼어 둔 문서 ${n(heldOut)}개의 개체 F1: ${percentOf(f1)} (기반 모델: ${percentOf(baseF1)}).`) +
      ' 목록에서 골라 쓰세요. 기반 모델은 그대로입니다.',
  ),
  adaptFailed: message<{ detail: string }>(
    ({ detail }) => `The model was not adapted, nothing was stored: ${detail}`,
    ({ detail }) => `모델을 맞추지 못했고 아무것도 저장하지 않았습니다: ${detail}`,
  ),
  modelNotExported: message<{ detail: string }>(
    ({ detail }) => `The model was not exported: ${detail}`,
    ({ detail }) => `모델을 내보내지 못했습니다: ${detail}`,
  ),
  adaptCancelled: fixed('Adaptation cancelled; the model store is as it was.', '맞추기를 취소했습니다. 모델 저장소는 그대로입니다.'),
  heldOutComparison: message<{ adapted: number | null; base: number | null; documents: number }>(
    ({ adapted, base, documents }) => `${percentOf(adapted)} adapted · ${percentOf(base)} base, on ${plural(documents, 'held-out document')}`,
    ({ adapted, base, documents }) => `맞춘 모델 ${percentOf(adapted)} · 기반 모델 ${percentOf(base)}, 떼어 둔 문서 ${n(documents)}개`,
  ),
  loadUrlHelp: message<{ origin: string }>(
    ({ origin }) =>
      `A URL loads from this site (${origin}) only: the page may connect nowhere else, so nothing you type can leave this device. For a model on another site, download it (its folder or a .zip) and use “Folder…” or “Files or .zip…” above.`,
    ({ origin }) =>
      `URL은 이 사이트(${origin})에서만 불러옵니다: 이 페이지는 다른 곳에 연결하지 않으므로 입력한 것이 이 기기 밖으로 나가지 않습니다. 다른 사이트의 모델은 내려받아(폴더나 .zip) 위의 “폴더…” 또는 “파일 또는 .zip…”으로 불러오세요.`,
  ),
  modelNotRemoved: message<{ detail: string }>(
    ({ detail }) => `The model could not be removed: ${detail}`,
    ({ detail }) => `모델을 지우지 못했습니다: ${detail}`,
  ),

  // Counts
  reviewCounts: message<ReviewCountParams>(
    ({ pending, accepted, rejected, added }) => {
      const parts = [pending > 0 ? `${pending} to review` : '', accepted > 0 ? `${accepted} accepted` : '', rejected > 0 ? `${rejected} rejected` : '', added > 0 ? `${added} added` : ''].filter(Boolean);
      return parts.length > 0 ? parts.join(' · ') : 'no entities';
    },
    ({ pending, accepted, rejected, added }) => {
      const parts = [pending > 0 ? `검토 전 ${n(pending)}개` : '', accepted > 0 ? `수락 ${n(accepted)}개` : '', rejected > 0 ? `거부 ${n(rejected)}개` : '', added > 0 ? `추가 ${n(added)}개` : ''].filter(Boolean);
      return parts.length > 0 ? parts.join(' · ') : '개체 없음';
    },
  ),
  acceptAll: message<{ count: number }>(
    ({ count }) => `Accept all ${plural(count, 'proposal')}`,
    ({ count }) => `제안 ${n(count)}건 모두 수락`,
  ),
  deletedDocument: message<{ name: string; count: number }>(
    ({ name, count }) => `Deleted “${name}”${count > 1 ? ` (${count} deleted in this tab)` : ''}.`,
    ({ name, count }) => `“${name}” 문서를 삭제했습니다${count > 1 ? ` (이 탭에서 ${n(count)}개 삭제)` : ''}.`,
  ),
  invalidRecords: message<{ count: number; records: string }>(
    ({ count, records }) => `${count} stored record${count === 1 ? '' : 's'} could not be read and ${count === 1 ? 'was' : 'were'} left as stored: ${records}`,
    ({ count, records }) => `저장된 기록 ${n(count)}개를 읽을 수 없어 저장된 그대로 두었습니다: ${records}`,
  ),
  renameDocument: message<{ name: string }>(
    ({ name }) => `Rename ${name}`,
    ({ name }) => `${name} 이름 바꾸기`,
  ),
  deleteDocument: message<{ name: string }>(
    ({ name }) => `Delete ${name}`,
    ({ name }) => `${name} 삭제`,
  ),
  searchSummary: message<{ surface: string; total: number; documents: number; states: string }>(
    ({ surface, total, documents, states }) => `“${surface}”: ${n(total)} occurrence${total === 1 ? '' : 's'} in ${documents} document${documents === 1 ? '' : 's'}${total > 0 ? ` (${states})` : ''}`,
    ({ surface, total, documents, states }) => `“${surface}”: 문서 ${n(documents)}개에 ${n(total)}곳${total > 0 ? ` (${states})` : ''}`,
  ),
  occurrenceState: message<{ state: 'open' | 'proposed' | 'decided'; label: string; count: number }>(
    ({ state, label, count }) => `${state === 'open' ? 'not marked' : `${state} ${label}`} ×${count}`,
    ({ state, label, count }) => `${state === 'open' ? '표시 없음' : state === 'proposed' ? `${label} 제안` : `${label} 결정됨`} ×${count}`,
  ),
  moreDocuments: message<{ count: number }>(
    ({ count }) => `… and ${count} more documents.`,
    ({ count }) => `… 외 문서 ${n(count)}개.`,
  ),
  rejectProposals: message<{ count: number }>(
    ({ count }) => `Reject ${count} proposal${count === 1 ? '' : 's'}`,
    ({ count }) => `제안 ${n(count)}건 거부`,
  ),
  undoAcrossButton: message<{ surface: string; documents: number }>(
    ({ surface, documents }) => `Undo “${surface}” in ${documents} document${documents === 1 ? '' : 's'}`,
    ({ surface, documents }) => `문서 ${n(documents)}개의 “${surface}” 되돌리기`,
  ),
  showMoreEntities: message<{ count: number; left: number }>(
    ({ count, left }) => `Show ${n(count)} more (${n(left)} not listed yet)`,
    ({ count, left }) => `${n(count)}개 더 보기 (아직 ${n(left)}개)`,
  ),
  moreEntities: message<{ count: number }>(
    ({ count }) => `… and ${n(count)} more (all are highlighted in the text).`,
    ({ count }) => `… 외 ${n(count)}개 (모두 본문에 표시되어 있습니다).`,
  ),
  entityAction: message<{ action: 'accept' | 'reject' | 'delete' | 'type'; text: string }>(
    ({ action, text }) => `${action === 'accept' ? 'Accept' : action === 'reject' ? 'Reject' : action === 'delete' ? 'Delete' : 'Type of'} “${text}”`,
    ({ action, text }) => `“${text}” ${action === 'accept' ? '수락' : action === 'reject' ? '거부' : action === 'delete' ? '삭제' : '유형'}`,
  ),

  annotationError: message<{ detail: string }>(
    ({ detail }) => detail,
    ({ detail }) => `이 변경은 적용하지 않았습니다: ${detail}`,
  ),

  // Batch run (BatchPanel, useBatchRun)
  batchCount: message<{ done: number; total: number; current: string; cancelling: boolean }>(
    ({ done, total, current, cancelling }) => `${done} / ${total} · ${cancelling ? 'stopping after this document…' : current}`,
    ({ done, total, current, cancelling }) => `${done} / ${total}개 · ${cancelling ? '이 문서까지 하고 멈추는 중…' : current}`,
  ),
  batchResult: message<{ cancelled: boolean; done: number; total: number; entities: number; problems: string }>(
    ({ cancelled, done, total, entities, problems }) =>
      `${cancelled ? `Cancelled after ${done} of ${total} documents` : `Analysed ${done} of ${total} documents`}; ${n(entities)} entities proposed, a person's decisions kept.${problems ? ` Not analysed: ${problems}.` : ''}`,
    ({ cancelled, done, total, entities, problems }) =>
      `${cancelled ? `문서 ${n(total)}개 중 ${n(done)}개를 분석하고 취소함` : `문서 ${n(total)}개 중 ${n(done)}개 분석함`}; 개체 ${n(entities)}개 제안, 사람의 결정은 그대로 둠.${problems ? ` 분석하지 못한 문서: ${problems}.` : ''}`,
  ),
  batchTooLong: message<{ length: number; limit: number }>(
    ({ length, limit }) => `${n(length)} characters, over the limit of ${n(limit)}`,
    ({ length, limit }) => `${n(length)}자, 한도 ${n(limit)}자를 넘음`,
  ),
  batchTextChanged: fixed('its text changed during the run; run it again', '분석하는 동안 본문이 바뀌었습니다. 다시 분석하세요'),
  batchError: message<{ detail: string }>(
    ({ detail }) => detail,
    ({ detail }) => `오류: ${detail}`,
  ),

  // Save state (WorkspacePanel)
  saveOpening: fixed('Opening saved documents…', '저장된 문서를 여는 중…'),
  saveMemory: fixed('Not saved: browser storage is unavailable.', '저장되지 않음: 브라우저 저장소를 쓸 수 없습니다.'),
  saveSaved: fixed('All changes saved in this browser.', '모든 변경 내용이 이 브라우저에 저장됨'),
  savePending: fixed('Unsaved changes…', '저장하지 않은 변경 내용…'),
  saveSaving: fixed('Saving…', '저장하는 중…'),

  // Export summary (formats/export-summary.ts counts)
  exportSummary: message<ExportSummaryParams>(
    ({ documents, accepted, added, proposals, proposalsWritten, rejected }) => {
      const written = accepted + added + (proposalsWritten ? proposals : 0);
      const parts = [`${n(accepted)} accepted`, `${n(added)} added by a person`];
      if (proposalsWritten) parts.push(`${plural(proposals, 'proposal')} not reviewed`);
      const leftOut = [...(!proposalsWritten && proposals > 0 ? [`${plural(proposals, 'proposal')} not reviewed`] : []), ...(rejected > 0 ? [`${n(rejected)} rejected`] : [])];
      return `Writes ${plural(written, 'entity', 'entities')} from ${plural(documents, 'document')}: ${parts.join(', ')}.${leftOut.length > 0 ? ` Left out: ${leftOut.join(', ')}.` : ''}`;
    },
    ({ documents, accepted, added, proposals, proposalsWritten, rejected }) => {
      const written = accepted + added + (proposalsWritten ? proposals : 0);
      const parts = [`수락 ${n(accepted)}개`, `사람이 추가 ${n(added)}개`];
      if (proposalsWritten) parts.push(`검토 전 제안 ${n(proposals)}건`);
      const leftOut = [...(!proposalsWritten && proposals > 0 ? [`검토 전 제안 ${n(proposals)}건`] : []), ...(rejected > 0 ? [`거부 ${n(rejected)}개`] : [])];
      return `문서 ${n(documents)}개에서 개체 ${n(written)}개를 씁니다: ${parts.join(', ')}.${leftOut.length > 0 ? ` 빠지는 것: ${leftOut.join(', ')}.` : ''}`;
    },
  ),
  exportIdentifiersToo: fixed(' Also the identifiers the rules find (PHONE, RRN, …).', ' 규칙으로 찾은 식별자(PHONE, RRN, …)도 씁니다.'),

  // The status line and the model's state (App, ModelStatus)
  statusTooLong: message<{ length: number; limit: number }>(
    ({ length, limit }) => `The text has ${n(length)} characters; the limit is ${n(limit)}.`,
    ({ length, limit }) => `본문이 ${n(length)}자입니다. 한도는 ${n(limit)}자입니다.`,
  ),
  statusFailed: message<{ detail: string }>(
    ({ detail }) => `Analysis failed: ${detail}`,
    ({ detail }) => `분석 실패: ${detail}`,
  ),
  statusDone: message<StatusParams>(
    (s) =>
      `${n(s.entities)} entities · ${n(s.characters)} characters, ${n(s.tokens)} tokens, ${s.windows} window${s.windows === 1 ? '' : 's'} · ` +
      `tokenize ${ms(s.msTokenize)} · model ${ms(s.msModel)} · CRF ${ms(s.msCrf)} · total ${ms(s.msTotal)}`,
    (s) =>
      `개체 ${n(s.entities)}개 · ${n(s.characters)}자, 토큰 ${n(s.tokens)}개, 창 ${n(s.windows)}개 · ` +
      `토큰화 ${ms(s.msTokenize)} · 모델 ${ms(s.msModel)} · CRF ${ms(s.msCrf)} · 전체 ${ms(s.msTotal)}`,
  ),
  pasteRefused: message<{ length: number; limit: number }>(
    ({ length, limit }) =>
      `Not pasted: the text would have ${n(length)} characters; the editor takes up to ${n(limit)}. Import a longer text as a file (plain text, one document per line), or run the CLI (npm run ner).`,
    ({ length, limit }) =>
      `붙여 넣지 않았습니다: 본문이 ${n(length)}자가 되는데 편집기는 ${n(limit)}자까지만 받습니다. 더 긴 글은 파일로 가져오거나(일반 텍스트, 한 줄에 문서 하나) CLI(npm run ner)로 분석하세요.`,
  ),
  statusLoading: fixed('Loading the model…', '모델을 불러오는 중…'),
  statusUnavailable: fixed('The model is not available.', '모델을 쓸 수 없습니다.'),
  statusAnalysing: fixed('Analysing…', '분석 중…'),
  statusHeldTagSet: fixed(
    'Not analysed: this document’s entities use another tag set than the page (see the notice above).',
    '분석하지 않음: 이 문서의 개체가 페이지와 다른 태그 세트를 씁니다(위 안내 참고).',
  ),
  loadFailed: message<{ detail: string }>(
    ({ detail }) => detail,
    ({ detail }) => `모델을 불러오지 못했습니다: ${detail}`,
  ),
  downloadingModel: fixed('Downloading the model…', '모델을 내려받는 중…'),
  backendStarting: fixed('backend: starting…', '백엔드: 시작하는 중…'),
  backendNone: fixed('backend: none', '백엔드: 없음'),
  backend: message<{ backend: 'wasm' | 'webgpu'; threads: number; adapter: string | null; software: boolean }>(
    ({ backend, threads, adapter, software }) =>
      backend === 'wasm' ? `wasm · ${threads} thread${threads === 1 ? '' : 's'}` : adapter ? `webgpu · ${adapter}${software ? ' (software adapter)' : ''}` : 'webgpu',
    ({ backend, threads, adapter, software }) =>
      backend === 'wasm' ? `wasm · 스레드 ${n(threads)}개` : adapter ? `webgpu · ${adapter}${software ? ' (소프트웨어 어댑터)' : ''}` : 'webgpu (어댑터 정보 없음)',
  ),
  backendTitle: message<{ version: string; isolated: boolean; notUsed: readonly { readonly backend: string; readonly reason: string }[] }>(
    ({ version, isolated, notUsed }) =>
      `ONNX Runtime Web ${version}, ${isolated ? 'cross-origin isolated' : 'not cross-origin isolated (1 WASM thread)'}\n${notUsed.map(({ backend, reason }) => `${backend} not used: ${reason}`).join('\n')}`,
    ({ version, isolated, notUsed }) =>
      `ONNX Runtime Web ${version}, ${isolated ? '교차 출처 격리됨' : '교차 출처 격리 안 됨 (WASM 스레드 1개)'}\n${notUsed.map(({ backend, reason }) => `${backend} 쓰지 않음: ${reason}`).join('\n')}`,
  ),
  modelRuns: message<{ file: string; size: string; msLoad: number; msWarmup: number }>(
    ({ file, size, msLoad, msWarmup }) =>
      `Runs ${file} (${size}, the model file in use) · loaded in ${Math.round(msLoad)} ms${msWarmup >= 1 ? `, warmed up in ${Math.round(msWarmup)} ms` : ''}`,
    ({ file, size, msLoad, msWarmup }) => `실행 중인 모델 파일 ${file} (${size}) · 불러오기 ${Math.round(msLoad)} ms${msWarmup >= 1 ? `, 예열 ${Math.round(msWarmup)} ms` : ''}`,
  ),

  // The masked view (MaskedView)
  maskedCount: message<{ count: number }>(
    ({ count }) => `${n(count)} masked`,
    ({ count }) => `${n(count)}곳 가림`,
  ),
  copied: fixed('Copied.', '복사했습니다.'),
  copyFailed: message<{ detail: string }>(
    ({ detail }) => `Could not copy: ${detail}`,
    ({ detail }) => `복사하지 못했습니다: ${detail}`,
  ),
  removeModel: message<{ name: string }>(
    ({ name }) => `Remove ${name}`,
    ({ name }) => `${name} 지우기`,
  ),

  // An entity's details (App's hover line)
  entityOrigin: message<{ source: 'human' | 'rule' | 'model'; status: 'accepted' | 'pending' | 'other'; confidence: string }>(
    ({ source, status, confidence }) =>
      source === 'human' ? 'set by a person' : source === 'rule' ? 'found by a rule' : `${status === 'accepted' ? 'accepted' : status === 'pending' ? 'proposed, not reviewed' : 'proposed'}, confidence ${confidence}`,
    ({ source, status, confidence }) =>
      source === 'human' ? '사람이 정함' : source === 'rule' ? '규칙으로 찾음' : `${status === 'accepted' ? '수락됨' : status === 'pending' ? '제안, 검토 전' : '제안'}, 신뢰도 ${confidence}`,
  ),
  pickerOrigin: message<{ source: 'human' | 'rule' | 'model'; status: string }>(
    ({ source, status }) => (source === 'rule' ? 'rule' : source === 'human' ? 'person' : status),
    ({ source, status }) => (source === 'rule' ? '규칙' : source === 'human' ? '사람' : status === 'accepted' ? '수락됨' : status === 'rejected' ? '거부됨' : '검토 전'),
  ),
  alsoOtherOccurrences: message<{ count: number; surface: string }>(
    ({ count, surface }) => `also the ${count} other occurrence${count === 1 ? '' : 's'} of “${surface}” (a person’s decisions stay)`,
    ({ count, surface }) => `“${surface}”이(가) 나온 다른 ${n(count)}곳에도 (사람이 정한 것은 그대로 둠)`,
  ),
  characterRange: message<{ start: number; end: number }>(
    ({ start, end }) => `characters ${start}–${end}`,
    ({ start, end }) => `${start}–${end}번째 글자`,
  ),
} as const satisfies Record<string, Both<never>>;

/** An entity's origin (HighlightedText `describeOrigin`) as the params of `entityOrigin`. */
export function originParams(entity: { readonly source?: string; readonly status?: string; readonly score: number }): MessageParams<'entityOrigin'> {
  const source = entity.source === 'human' || entity.source === 'rule' ? entity.source : 'model';
  const status = entity.status === 'accepted' || entity.status === 'pending' ? entity.status : 'other';
  return { source, status, confidence: formatConfidence(entity.score) };
}

export type MessageName = keyof typeof MESSAGE_FUNCTIONS;
export type MessageParams<K extends MessageName> = Parameters<(typeof MESSAGE_FUNCTIONS)[K]['en']>[0];

/** A message's params after its name: none for a message without data. */
type Args<K extends MessageName> = [keyof MessageParams<K>] extends [never] ? [] : [MessageParams<K>];

/** A message kept to show later: its name and params, put into words in the language of the moment. */
export type Message = { readonly [K in MessageName]: { readonly name: K; readonly params: MessageParams<K> } }[MessageName];

/** A message with its params, typed by its name. */
export function say<K extends MessageName>(name: K, ...params: Args<K>): Message {
  return { name, params: params[0] ?? {} } as Message;
}

/** The message in words. */
export function format<K extends MessageName>(language: Language, name: K, params: MessageParams<K>): string {
  return (MESSAGE_FUNCTIONS[name][language] as (params: MessageParams<K>) => string)(params);
}

export function formatMessage(language: Language, { name, params }: Message): string {
  return format(language, name, params as never);
}

/** `f(name, params)` in the page's language. */
export function useFormat(): <K extends MessageName>(name: K, ...params: Args<K>) => string {
  const language = useContext(LanguageContext);
  return useCallback(
    <K extends MessageName>(name: K, ...params: Args<K>) => format(language, name, (params[0] ?? {}) as MessageParams<K>),
    [language],
  );
}

export function useFormatMessage(): (message: Message) => string {
  const language = useContext(LanguageContext);
  return useCallback((kept: Message) => formatMessage(language, kept), [language]);
}
