/**
 * Analyse: paste or type, see the marks, the entity list beside them, the masked copy one toggle
 * away. The text box stays mounted while another view is open (its selection and undo survive a
 * view change); the marks and the list are drawn only while this view is open.
 */
import { type ReactNode, useMemo, useState } from 'react';
import type { EntityOrder } from '../../view/entity-order';
import { useT } from '../../view/i18n';
import { type Message, formatMessage } from '../../view/messages';
import { useContext } from 'react';
import { LanguageContext } from '../../view/i18n';
import { onTextBoxKey } from '../../workspace/AnnotationSurface';
import { textareaValueOf } from '../../workspace/line-breaks';
import type { WorkspaceApi } from '../../workspace/useWorkspace';
import type { MaskSettingsApi } from '../mask-settings';
import { MaskedView } from '../MaskedView';
import { pasteProblem } from '../paste-limit';
import { SAMPLE_TEXTS } from '../samples';

const SAMPLE_TEXT_LIST = SAMPLE_TEXTS.map((sample) => sample.text);

interface Props {
  readonly active: boolean;
  readonly workspace: Pick<WorkspaceApi, 'text' | 'current' | 'dispatch' | 'loadSample' | 'setTextBoxValue'>;
  readonly skipNextDebounce: () => void;
  readonly keys: ReadonlyMap<string, string>;
  /** The document's text with its marks (DocumentText), drawn while this view is open. */
  readonly documentText: ReactNode;
  readonly legend: ReactNode;
  /** The entity list, given its order. */
  readonly entityPanel: (order: EntityOrder, onOrder: (order: EntityOrder) => void) => ReactNode;
  readonly masked: { readonly entities: Parameters<typeof MaskedView>[0]['entities']; readonly types: readonly string[]; readonly mask: MaskSettingsApi };
}

export function AnalyseView({ active, workspace, skipNextDebounce, keys, documentText, legend, entityPanel, masked }: Props) {
  const t = useT();
  const language = useContext(LanguageContext);
  const { text } = workspace;
  // What the text box holds (it turns "\r\n" into "\n" anyway): given the stored text instead,
  // React would find it different from the box's value on every render and write it back whole.
  const textBoxValue = useMemo(() => textareaValueOf(text), [text]);
  const [pasteRefusal, setPasteRefusal] = useState<Message | null>(null);
  const [order, setOrder] = useState<EntityOrder>('text');
  const [showMasked, setShowMasked] = useState(false);
  return (
    <div className="analyse-grid">
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
          rows={3}
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
        {active && documentText}
      </section>
      {active && (
        <div className="side-column">
          <div className="side-switch" role="group" aria-label={t('maskedText')}>
            <button type="button" data-testid="show-entities" aria-pressed={!showMasked} onClick={() => setShowMasked(false)}>
              {t('showEntities')}
            </button>
            <button type="button" data-testid="show-masked" aria-pressed={showMasked} onClick={() => setShowMasked(true)}>
              {t('showMasked')}
            </button>
          </div>
          {legend}
          {showMasked ? (
            <MaskedView text={text} entities={masked.entities} types={masked.types} mask={masked.mask} documentName={workspace.current?.name ?? 'document'} />
          ) : (
            entityPanel(order, setOrder)
          )}
        </div>
      )}
    </div>
  );
}
