/**
 * The page: text in, entities highlighted in place, with the legend, the entity list, the
 * backend and the model. The worker (useNerWorker) does all model work.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { BACKEND_PREFERENCES, type BackendPreference } from '../runtime/backends';
import { MAX_TEXT_LENGTH } from '../worker/protocol';
import { EntityList } from '../workspace/EntityList';
import type { EntityOrder } from '../view/entity-order';
import { entityTypeInfo } from '../view/entity-types';
import { HighlightedText, type OutputState } from '../view/HighlightedText';
import { type Message, format, formatMessage, originParams, useFormat } from '../view/messages';
import { noteMessage } from '../workspace/notes';
import { Legend } from '../view/Legend';
import { parseModelChoice, type ModelChoice } from '../models/model-choice';
import { ModelManager } from './ModelManager';
import { tagSetsOfInfo } from '../models/model-info';
import { tagSetOfDocument } from '../annotation/document';
import { KNOWN_TAG_SET_TYPES } from '../core/labels/tag-sets';
import { pasteProblem } from './paste-limit';
import { rememberModel, withRememberedModel } from '../models/selection';
import { BackendIndicator, LoadProgress, ModelCard } from './ModelStatus';
import { SAMPLE_TEXTS } from './samples';
import { useLiveAnalysis } from './useLiveAnalysis';
import { startNerWorker, useNerWorker } from '../worker/useNerWorker';
import { AnnotationSurface, onTextBoxKey, usePageKeys } from '../workspace/AnnotationSurface';
import { type EntityDecision, decisionAction } from '../workspace/entity-actions';
import { KeySheet } from '../workspace/KeySheet';
import { useTypesWithCustom } from '../workspace/custom-types';
import { textareaValueOf } from '../workspace/line-breaks';
import { useBatchRun } from '../workspace/useBatchRun';
import { useViewEntities, useWorkspace } from '../workspace/useWorkspace';
import { WorkspacePanel } from '../workspace/WorkspacePanel';
import { IDENTIFIER_LABELS, findIdentifiers } from '../core/identifiers/identifiers';
import { useMaskSettings } from './mask-settings';
import { MaskedView } from './MaskedView';
import { type ShownEntity, withIdentifiers } from '../view/shown-entities';
import { THEME_SETTINGS, type ThemeSetting, useTheme } from './theme';
import { LANGUAGES, type Language, LanguageContext, translate, useLanguage } from '../view/i18n';

const SAMPLE_TEXT_LIST = SAMPLE_TEXTS.map((sample) => sample.text);

/** The model choice the page opens with: the address, else the one remembered. */
function initialChoice(): { choice: ModelChoice; problem: string | null } {
  try {
    return { choice: parseModelChoice(withRememberedModel(location.search)), problem: null };
  } catch (error) {
    return { choice: parseModelChoice(''), problem: (error as Error).message };
  }
}

/** Starts the NER worker and the model the page opens with, before the first render (App takes them over). */
export function startModelLoad(): void {
  startNerWorker(initialChoice().choice);
}

/** Keeps the choice in the address, so a reload (and a test) gets the same one. */
function rememberChoice(choice: ModelChoice): void {
  const url = new URL(location.href);
  url.searchParams.set('model', choice.modelId);
  url.searchParams.set('backend', choice.backend);
  if (choice.quantized) url.searchParams.delete('quantized');
  else url.searchParams.set('quantized', '0');
  history.replaceState(null, '', url);
}

export function App() {
  const [{ choice: startChoice, problem }] = useState(initialChoice);
  const [choice, setChoice] = useState(startChoice);
  const ner = useNerWorker(choice);
  // The text is the current document's (src/workspace): stored, annotated, imported, exported.
  const workspace = useWorkspace(SAMPLE_TEXTS[0].text);
  const { text, mergeModel, switchTagSet } = workspace;
  // The tag set: the page's choice among the model's (its default first), and the open document's
  // (the labels of its entities). The model analyses the document only when the two agree.
  const modelTagSets = useMemo(() => (ner.state.phase === 'ready' ? tagSetsOfInfo(ner.state.model) : []), [ner.state]);
  const [chosenTagSet, setChosenTagSet] = useState<string | null>(null);
  const activeTagSet = modelTagSets.find((tagSet) => tagSet.name === chosenTagSet) ?? modelTagSets[0] ?? null;
  const documentTagSet = workspace.current ? tagSetOfDocument(workspace.current) : null;
  const documentEntities = workspace.history?.entities.length ?? 0;
  const tagSetMismatch = activeTagSet !== null && documentTagSet !== null && documentTagSet !== activeTagSet.name && documentEntities > 0;
  // a document without entities has no labels to keep: it takes the page's tag set
  useEffect(() => {
    if (activeTagSet && documentTagSet !== null && documentTagSet !== activeTagSet.name && documentEntities === 0) switchTagSet(activeTagSet.name);
  }, [activeTagSet, documentTagSet, documentEntities, switchTagSet]);
  const analysisTagSet = activeTagSet !== null && documentTagSet === activeTagSet.name ? activeTagSet.name : null;
  const { current, partial, skipNextDebounce } = useLiveAnalysis(ner, text, mergeModel, analysisTagSet);
  // What the text box holds (it turns "\r\n" into "\n" anyway): given the stored text instead,
  // React would find it different from the box's value on every render and write it back whole.
  const textBoxValue = useMemo(() => textareaValueOf(text), [text]);
  const keySheet = useRef<HTMLDialogElement>(null);
  const openKeySheet = useCallback(() => {
    if (!keySheet.current?.open) keySheet.current?.showModal();
  }, []);
  usePageKeys(workspace.dispatch, {
    'next-document': () => workspace.selectNext(1),
    'previous-document': () => workspace.selectNext(-1),
    'key-sheet': openKeySheet,
  });
  const [order, setOrder] = useState<EntityOrder>('text');
  const [theme, setTheme] = useTheme();
  const [language, setLanguage] = useLanguage();
  const t = (key: Parameters<typeof translate>[1]) => translate(language, key);
  const modelTagSetNames = useMemo(() => modelTagSets.map((tagSet) => tagSet.name), [modelTagSets]);
  const batch = useBatchRun(ner.analyze, workspace, modelTagSetNames);
  const [hovered, setHovered] = useState<number | null>(null);
  const [pasteRefusal, setPasteRefusal] = useState<Message | null>(null);

  const { dispatch } = workspace;
  const decide = useCallback(
    (entity: ShownEntity, decision: EntityDecision) => {
      const action = decisionAction(entity, decision);
      if (action) dispatch(action);
    },
    [dispatch],
  );

  const changeChoice = useCallback((change: Partial<ModelChoice>) => {
    setChoice((previous) => {
      const next = { ...previous, ...change };
      rememberChoice(next);
      return next;
    });
  }, []);

  // A model picked in the list (not one named in the address) is remembered for the next visit.
  const selectModel = useCallback(
    (modelId: string) => {
      rememberModel(modelId);
      changeChoice({ modelId });
    },
    [changeChoice],
  );

  // The history holds every finished answer (merged once, by the workspace); a long text's
  // partial result is drawn over it until its answer comes, and never stored.
  const viewEntities = useViewEntities(workspace.history, partial);
  // The rules run on the main thread: a regex pass, milliseconds even on the longest text.
  const identifiers = useMemo(() => findIdentifiers(text), [text]);
  const entities = useMemo(() => withIdentifiers(viewEntities, identifiers), [viewEntities, identifiers]);
  const mask = useMaskSettings();
  const outputState: OutputState =
    ner.state.phase === 'failed' || current?.kind === 'failed' ? 'failed' : ner.state.phase === 'loading' ? 'loading' : current ? 'done' : 'pending';
  const hoveredEntity = hovered !== null ? entities[hovered] : undefined;
  // the types of the labels on show: the document's tag set while it differs from the page's
  const modelTypes = useMemo(() => {
    if (!tagSetMismatch || documentTagSet === null) return activeTagSet?.entityTypes ?? [];
    return modelTagSets.find((tagSet) => tagSet.name === documentTagSet)?.entityTypes ?? KNOWN_TAG_SET_TYPES[documentTagSet] ?? [];
  }, [tagSetMismatch, documentTagSet, activeTagSet, modelTagSets]);
  // with the types a person added to the tag set (workspace/custom-types.ts)
  const { types, keys } = useTypesWithCustom(modelTypes, tagSetMismatch ? documentTagSet : (activeTagSet?.name ?? null));
  const maskableTypes = useMemo(() => [...types, ...IDENTIFIER_LABELS.filter((label) => !types.includes(label))], [types]);

  return (
    <LanguageContext.Provider value={language}>
    <div className="app">
      <nav className="skip-links" aria-label={t('skipLinks')}>
        <a href="#text-view">{t('skipText')}</a>
        <a href="#entities">{t('skipEntities')}</a>
        <a href="#documents">{t('skipDocuments')}</a>
      </nav>
      <header className="app-header">
        <h1>
          한국어 개체명 인식 <span className="muted">Korean named-entity recognition</span>
        </h1>
        <div className="header-controls">
          <button type="button" data-testid="open-key-sheet" aria-haspopup="dialog" onClick={openKeySheet}>
            {t('keys')} <kbd>?</kbd>
          </button>
          <label>
            {t('language')}{' '}
            <select data-testid="language" value={language} onChange={(event) => setLanguage(event.target.value as Language)}>
              {LANGUAGES.map((name) => (
                <option key={name} value={name} lang={name}>
                  {name === 'en' ? 'English' : '한국어'}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('theme')}{' '}
            <select data-testid="theme" value={theme} onChange={(event) => setTheme(event.target.value as ThemeSetting)}>
              {THEME_SETTINGS.map((name) => (
                <option key={name} value={name}>
                  {t(name === 'system' ? 'themeSystem' : name === 'light' ? 'themeLight' : 'themeDark')}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('tagSet')}{' '}
            <select
              data-testid="tag-set"
              value={activeTagSet?.name ?? ''}
              disabled={modelTagSets.length < 2}
              onChange={(event) => setChosenTagSet(event.target.value)}
            >
              {modelTagSets.map((tagSet) => (
                <option key={tagSet.name} value={tagSet.name}>
                  {tagSet.title}
                </option>
              ))}
            </select>
          </label>
          <BackendIndicator state={ner.state} />
          <label>
            {t('backend')}{' '}
            <select value={choice.backend} onChange={(event) => changeChoice({ backend: event.target.value as BackendPreference })}>
              {BACKEND_PREFERENCES.map((name) => (
                <option key={name}>{name}</option>
              ))}
            </select>
          </label>
        </div>
      </header>
      <p className="privacy muted">{t('privacy')}</p>
      {problem && <p className="error" role="alert">{problem}</p>}
      <LoadProgress state={ner.state} />
      {ner.state.phase === 'failed' && (
        <p className="error" role="alert" data-testid="load-error">
          {format(language, 'loadFailed', { detail: ner.state.message })}
        </p>
      )}

      {tagSetMismatch && documentTagSet !== null && activeTagSet !== null && (
        <div className="notice tag-set-mismatch" data-testid="tag-set-mismatch" role="status">
          <p>
            {format(language, 'tagSetMismatch', {
              documentTagSet,
              pageTagSet: activeTagSet.name,
              entities: documentEntities,
              modelHasIt: modelTagSetNames.includes(documentTagSet),
            })}
          </p>
          <button type="button" data-testid="use-document-tag-set" disabled={!modelTagSetNames.includes(documentTagSet)} onClick={() => setChosenTagSet(documentTagSet)}>
            {format(language, 'useTagSet', { tagSet: documentTagSet })}
          </button>{' '}
          <button type="button" data-testid="drop-for-tag-set" onClick={() => switchTagSet(activeTagSet.name)}>
            {format(language, 'dropForTagSet', { entities: documentEntities, tagSet: activeTagSet.name })}
          </button>
        </div>
      )}
      <KeySheet ref={keySheet} keys={keys} />
      <main className="layout">
        <div className="main-column">
          <section className="editor" aria-label={t('textSection')}>
            <div className="samples" role="group" aria-label={t('sampleTexts')}>
              <span className="muted">{t('samples')}</span>
              {SAMPLE_TEXTS.map((sample) => (
                <button
                  key={sample.title}
                  type="button"
                  onClick={() => {
                    skipNextDebounce();
                    workspace.loadSample(sample.title, sample.text, SAMPLE_TEXT_LIST);
                  }}
                >
                  {sample.title}
                </button>
              ))}
            </div>
            <textarea
              data-testid="ner-input"
              lang="ko"
              aria-label={t('textToAnalyse')}
              value={textBoxValue}
              placeholder="한국어 문장을 붙여 넣거나 입력하세요. Paste or type Korean text."
              spellCheck={false}
              rows={8}
              onPaste={(event) => {
                const { selectionStart, selectionEnd } = event.currentTarget;
                const refused = pasteProblem(event.currentTarget.value, selectionStart, selectionEnd, event.clipboardData.getData('text/plain'));
                setPasteRefusal(refused);
                if (refused) event.preventDefault();
                else skipNextDebounce();
              }}
              onChange={(event) => workspace.setTextBoxValue(event.target.value)}
              onKeyDown={(event) => onTextBoxKey(event, keys, workspace.dispatch, text)}
            />
            {pasteRefusal && (
              <p className="error" role="alert" data-testid="paste-refused">
                {formatMessage(language, pasteRefusal)}
              </p>
            )}
            <StatusLine text={text} current={current} outputState={outputState} />
            <AnnotationSurface text={text} entities={entities} types={types} keys={keys} dispatch={workspace.dispatch}>
              <HighlightedText text={text} entities={entities} state={outputState} onHover={setHovered} />
            </AnnotationSurface>
            {workspace.history?.note && (
              <p className="annotation-note" data-testid="annotation-note" role="status">
                {formatMessage(language, noteMessage(workspace.history.note))}
              </p>
            )}
            <div className="hover-details" data-testid="entity-details" aria-live="polite">
              {hoveredEntity ? (
                <>
                  <strong>{hoveredEntity.text}</strong> · <span className="swatch" data-label={hoveredEntity.label} aria-hidden="true" />
                  {hoveredEntity.label} {entityTypeInfo(hoveredEntity.label).korean} ({entityTypeInfo(hoveredEntity.label).english}) ·{' '}
                  {format(language, 'entityOrigin', originParams(hoveredEntity))} · {format(language, 'characterRange', hoveredEntity)}
                </>
              ) : (
                <span className="muted">{t('pointAtEntity')}</span>
              )}
            </div>
            <MaskedView text={text} entities={entities} types={maskableTypes} mask={mask} documentName={workspace.current?.name ?? 'document'} />
          </section>
          <section className="entities" id="entities" tabIndex={-1} aria-label={t('entities')}>
            <h2>
              {t('entities')} <span className="muted">{current?.kind === 'done' ? entities.length.toLocaleString('en') : ''}</span>
            </h2>
            <label className="entity-order">
              {t('order')}{' '}
              <select data-testid="entity-order" value={order} onChange={(event) => setOrder(event.target.value as EntityOrder)}>
                <option value="text">{t('orderText')}</option>
                <option value="confidence">{t('orderConfidence')}</option>
              </select>
            </label>
            <EntityList
              entities={entities}
              types={types}
              order={order}
              hovered={hovered}
              onHover={setHovered}
              onDecide={decide}
            />
            <p className="muted confidence-note">{t('confidenceNote')}</p>
          </section>
        </div>

        <aside className="side">
          <section aria-label={t('legend')}>
            <h2>{t('entityTypes')}</h2>
            <Legend types={types} keys={keys} ruleTypes={IDENTIFIER_LABELS} />
          </section>
          <WorkspacePanel workspace={workspace} batch={batch} modelReady={ner.state.phase === 'ready'} mask={mask.settings} types={types} tagSet={activeTagSet?.name} />
          <ModelManager selected={choice.modelId} onSelect={selectModel} ner={ner} documents={workspace.documents} />
          {ner.state.phase === 'ready' && <ModelCard model={ner.state.model} msLoad={ner.state.msLoad} msWarmup={ner.state.msWarmup} />}
        </aside>

      </main>
    </div>
    </LanguageContext.Provider>
  );
}

function StatusLine({ text, current, outputState }: { text: string; current: ReturnType<typeof useLiveAnalysis>['current']; outputState: OutputState }) {
  const f = useFormat();
  let message: string;
  if (text.length > MAX_TEXT_LENGTH) message = f('statusTooLong', { length: text.length, limit: MAX_TEXT_LENGTH });
  else if (current?.kind === 'failed') message = f('statusFailed', { detail: current.message });
  else if (current?.kind === 'done') {
    const { stats, entities, msRoundTrip } = current;
    message = f('statusDone', { ...stats, entities: entities.length, characters: text.length, msTotal: msRoundTrip });
  } else if (outputState === 'loading') message = f('statusLoading');
  else if (outputState === 'failed') message = f('statusUnavailable');
  else message = f('statusAnalysing');
  return (
    <p className={`status-line${current?.kind === 'failed' ? ' error' : ''}`} data-testid="status" role="status">
      {message}
    </p>
  );
}
