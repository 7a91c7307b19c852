/**
 * The page: a header with the four views (views.ts: Analyse, Annotate, Documents, Models), the
 * state every view shares above them, and the views. Everything that must outlive a view change
 * (the worker and its model, the open document and its saving, imports, the analysis, the batch
 * run, model installs) is a hook called here, once; a view that is not open is `hidden` (not
 * focusable, not read), and the document's marks are drawn by the open text view only.
 */
import { type ReactNode, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { BackendPreference } from '../runtime/backends';
import type { EntityOrder } from '../view/entity-order';
import { listOrder } from '../view/entity-order';
import type { OutputState } from '../view/HighlightedText';
import { format, say } from '../view/messages';
import { NoticeLine } from '../view/notice';
import { Legend } from '../view/Legend';
import { parseModelChoice, type ModelChoice } from '../models/model-choice';
import { tagSetsOfInfo } from '../models/model-info';
import { tagSetOfDocument } from '../annotation/document';
import { KNOWN_TAG_SET_TYPES } from '../core/labels/tag-sets';
import { rememberModel, withRememberedModel } from '../models/selection';
import { BackendIndicator, LoadProgress } from './ModelStatus';
import { SAMPLE_TEXTS } from './samples';
import { useLiveAnalysis } from './useLiveAnalysis';
import { startNerWorker, useNerWorker } from '../worker/useNerWorker';
import { usePageKeys } from '../workspace/AnnotationSurface';
import { KeySheet } from '../workspace/KeySheet';
import { useTypesWithCustom } from '../workspace/custom-types';
import { useBatchRun } from '../workspace/useBatchRun';
import { useViewEntities, useWorkspace } from '../workspace/useWorkspace';
import { WorkspacePanel } from '../workspace/WorkspacePanel';
import { WorkspaceStatus } from '../workspace/WorkspaceStatus';
import { IDENTIFIER_LABELS, findIdentifiers } from '../core/identifiers/identifiers';
import { useMaskSettings } from './mask-settings';
import { withIdentifiers } from '../view/shown-entities';
import { THEME_SETTINGS, type ThemeSetting, useTheme } from './theme';
import { LANGUAGES, type Language, LanguageContext, translate, useLanguage } from '../view/i18n';
import { VIEWS, type View, useView } from './views';
import { ViewNav } from './views/ViewNav';
import { AnalyseView } from './views/AnalyseView';
import { AnnotateView } from './views/AnnotateView';
import { DocumentText } from './views/DocumentText';
import { EntitiesPanel } from './views/EntitiesPanel';
import { ModelsView } from './views/ModelsView';

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
  const views = useView();
  const { view } = views;
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
  const keySheet = useRef<HTMLDialogElement>(null);
  const openKeySheet = useCallback(() => {
    if (!keySheet.current?.open) keySheet.current?.showModal();
  }, []);
  const [theme, setTheme] = useTheme();
  const [language, setLanguage] = useLanguage();
  const t = (key: Parameters<typeof translate>[1]) => translate(language, key);
  const modelTagSetNames = useMemo(() => modelTagSets.map((tagSet) => tagSet.name), [modelTagSets]);
  const batch = useBatchRun(ner.analyze, workspace, modelTagSetNames);
  const [hovered, setHovered] = useState<number | null>(null);

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
  // the types of the labels on show: the document's tag set while it differs from the page's
  const modelTypes = useMemo(() => {
    if (!tagSetMismatch || documentTagSet === null) return activeTagSet?.entityTypes ?? [];
    return modelTagSets.find((tagSet) => tagSet.name === documentTagSet)?.entityTypes ?? KNOWN_TAG_SET_TYPES[documentTagSet] ?? [];
  }, [tagSetMismatch, documentTagSet, activeTagSet, modelTagSets]);
  // with the types a person added to the tag set (workspace/custom-types.ts)
  const { types, keys } = useTypesWithCustom(modelTypes, tagSetMismatch ? documentTagSet : (activeTagSet?.name ?? null));
  const maskableTypes = useMemo(() => [...types, ...IDENTIFIER_LABELS.filter((label) => !types.includes(label))], [types]);

  /** J: focus the next proposal to review, least confident first (after the one focused now). */
  const nextProposal = useCallback(() => {
    const order = listOrder(entities, 'confidence').filter((i) => entities[i].source === 'model' && entities[i].status === 'pending');
    if (order.length === 0) return;
    const focused = document.activeElement?.closest<HTMLElement>('[data-testid="ner-output"] mark');
    const at = focused ? order.indexOf(Number(focused.dataset.index)) : -1;
    const index = order[(at + 1) % order.length];
    document.querySelector<HTMLElement>(`[data-testid="ner-output"] mark[data-index="${index}"]`)?.focus();
  }, [entities]);
  /** D: the open document done, then the next one not done (the list wraps); stays when every one is done. */
  const { documents, current: openDocument, setDone, select } = workspace;
  const doneNext = useCallback(() => {
    if (!openDocument) return;
    if (!openDocument.done) setDone(openDocument.id, true);
    const at = documents.findIndex((d) => d.id === openDocument.id);
    for (let step = 1; step < documents.length; step++) {
      const next = documents[(at + step) % documents.length];
      if (!next.done) return select(next.id);
    }
  }, [documents, openDocument, setDone, select]);
  usePageKeys(workspace.dispatch, {
    'next-document': () => workspace.selectNext(1),
    'previous-document': () => workspace.selectNext(-1),
    'key-sheet': openKeySheet,
    ...(view === 'annotate' ? { 'next-proposal': nextProposal, 'accept-all': () => workspace.dispatch({ type: 'accept-all' }), 'done-next': doneNext } : {}),
  });

  // Focus is never lost on a view change: when it was in the view that closed (or nowhere), it
  // goes to the open view (a link clicked in the header keeps it).
  const viewSections = useRef(new Map<View, HTMLElement>());
  const firstView = useRef(true);
  useLayoutEffect(() => {
    if (firstView.current) {
      firstView.current = false;
      return;
    }
    const active = document.activeElement;
    if (!active || active === document.body || active.closest('[hidden]')) viewSections.current.get(view)?.focus();
  }, [view]);

  const textView = view === 'analyse' || view === 'annotate';
  const documentText = (
    <DocumentText workspace={workspace} entities={entities} types={types} keys={keys} current={current} outputState={outputState} heldForTagSet={tagSetMismatch} hovered={hovered} onHover={setHovered} />
  );
  const legend = (
    <section className="legend-section" aria-labelledby="legend-heading">
      <h2 id="legend-heading">{t('entityTypes')}</h2>
      <Legend types={types} keys={keys} ruleTypes={IDENTIFIER_LABELS} />
    </section>
  );
  const entityPanel = (order: EntityOrder, onOrder: (order: EntityOrder) => void) => (
    <EntitiesPanel
      entities={entities}
      count={current?.kind === 'done' ? entities.length : null}
      types={types}
      order={order}
      onOrder={onOrder}
      hovered={hovered}
      onHover={setHovered}
      dispatch={workspace.dispatch}
    />
  );
  const viewTitles: Readonly<Record<View, string>> = {
    analyse: t('viewAnalyse'),
    annotate: t('viewAnnotate'),
    documents: t('viewDocuments'),
    models: t('viewModels'),
  };
  const viewBodies: Readonly<Record<View, ReactNode>> = {
    analyse: (
      <AnalyseView
        active={view === 'analyse'}
        workspace={workspace}
        skipNextDebounce={skipNextDebounce}
        keys={keys}
        documentText={documentText}
        legend={legend}
        entityPanel={entityPanel}
        masked={{ entities, types: maskableTypes, mask }}
      />
    ),
    annotate: (
      <AnnotateView active={view === 'annotate'} workspace={workspace} documentText={documentText} legend={legend} entityPanel={entityPanel} onNextProposal={nextProposal} onDoneNext={doneNext} onKeySheet={openKeySheet} />
    ),
    documents: <WorkspacePanel workspace={workspace} batch={batch} modelReady={ner.state.phase === 'ready'} mask={mask.settings} types={types} tagSet={activeTagSet?.name} />,
    models: (
      <ModelsView choice={choice} state={ner.state} onSelect={selectModel} onBackend={(backend: BackendPreference) => changeChoice({ backend })} ner={ner} documents={workspace.documents} />
    ),
  };

  return (
    <LanguageContext.Provider value={language}>
    <div className="app" data-view={view}>
      <nav className="skip-links" aria-label={t('skipLinks')}>
        {textView && <a href="#text-view">{t('skipText')}</a>}
        {textView && <a href="#entities">{t('skipEntities')}</a>}
        <a href={`#view-${view}`}>{t('skipView')}</a>
      </nav>
      <header className="app-header">
        <div className="header-top">
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
          </div>
        </div>
        <ViewNav view={view} onOpen={views.open} />
      </header>
      <div className="page-status">
        <p className="privacy muted">{t('privacy')}</p>
        <WorkspaceStatus storage={workspace.storage} saveState={workspace.saveState} notice={workspace.notice} invalid={workspace.invalid} dismissNotice={workspace.dismissNotice} />
      </div>
      {views.unknown !== null && <NoticeLine notice={{ kind: 'info', message: say('unknownView', { view: views.unknown }) }} testId="view-notice" onDismiss={views.dismissUnknown} />}
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
      <main className="views">
        {VIEWS.map((name) => (
          <section
            key={name}
            id={`view-${name}`}
            className={`view view-${name}`}
            data-testid={`view-section-${name}`}
            hidden={name !== view}
            tabIndex={-1}
            aria-label={viewTitles[name]}
            ref={(element) => {
              if (element) viewSections.current.set(name, element);
              else viewSections.current.delete(name);
            }}
          >
            {viewBodies[name]}
          </section>
        ))}
      </main>
    </div>
    </LanguageContext.Provider>
  );
}
