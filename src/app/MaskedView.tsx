/**
 * The masked view: the text with every entity of the chosen types and every chosen
 * identifier replaced (src/core/redact), to copy or download, with the mapping (placeholder
 * -> original) as a separate file. It is derived from the entities shown, so accepting,
 * rejecting or adding an entity changes it at once.
 */
import { memo, useMemo, useState } from 'react';
import { MASK_STYLES, type MaskStyle, maskText } from '../core/redact/mask';
import { mappingFile } from '../core/redact/mapping';
import { download } from '../workspace/download';
import { entityTypeInfo } from '../view/entity-types';
import type { MaskSettingsApi } from './mask-settings';
import type { ShownEntity } from '../view/shown-entities';
import { TextBlocks } from '../view/TextBlocks';
import { type MessageKey, useT } from '../view/i18n';
import { type Message, say, useFormat, useFormatMessage } from '../view/messages';

const STYLE_TITLES: Record<MaskStyle, MessageKey> = {
  tag: 'maskStyleTag',
  numbered: 'maskStyleNumbered',
  partial: 'maskStylePartial',
  star: 'maskStyleStar',
};

interface Props {
  readonly text: string;
  readonly entities: readonly ShownEntity[];
  /** Every type the user can choose: the model's and the rules'. */
  readonly types: readonly string[];
  readonly mask: MaskSettingsApi;
  /** Stem of the downloaded files' names. */
  readonly documentName: string;
}

export const MaskedView = memo(function MaskedView({ text, entities, types, mask, documentName }: Props) {
  const { style, types: masked } = mask.settings;
  const result = useMemo(() => maskText(text, entities, { style, types: masked }), [text, entities, style, masked]);
  const [copyState, setCopyState] = useState<Message | null>(null);
  const t = useT();
  const f = useFormat();
  const words = useFormatMessage();
  const baseName = (documentName || 'document').replace(/[\\/:*?"<>|]+/g, '_');

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(result.text);
      setCopyState(say('copied'));
    } catch (error) {
      setCopyState(say('copyFailed', { detail: (error as Error).message }));
    }
  };

  return (
    <section className="masked-view" aria-label={t('maskedText')} data-testid="masked-view">
      <h2>
        {t('maskedHeading')} <span className="muted">{f('maskedCount', { count: result.replacements.length })}</span>
      </h2>
      <div className="mask-controls">
        <label>
          {t('maskStyle')}{' '}
          <select data-testid="mask-style" value={style} onChange={(event) => mask.setStyle(event.target.value as MaskStyle)}>
            {MASK_STYLES.map((name) => (
              <option key={name} value={name}>
                {t(STYLE_TITLES[name])}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="mask-types">
          <legend>{t('maskTypes')}</legend>
          {types.map((type) => (
            <label key={type} title={`${entityTypeInfo(type).korean} (${entityTypeInfo(type).english})`}>
              <input type="checkbox" data-testid="mask-type" data-label={type} checked={masked.has(type)} onChange={(event) => mask.setTypeMasked(type, event.target.checked)} />{' '}
              <span className="swatch" data-label={type} aria-hidden="true" />
              {type}
            </label>
          ))}
        </fieldset>
      </div>
      <pre className="masked-text" data-testid="masked-text" tabIndex={0} role="region" aria-label={t('maskedText')}>
        <TextBlocks text={result.text} />
      </pre>
      <div className="mask-actions">
        <button type="button" data-testid="masked-copy" onClick={() => void copy()}>
          {t('copy')}
        </button>
        <button type="button" data-testid="masked-download" onClick={() => download(`${baseName}.masked.txt`, result.text, 'text/plain')}>
          {t('downloadTxt')}
        </button>
        <button
          type="button"
          data-testid="masked-mapping"
          title={t('mappingTitle')}
          onClick={() => download(`${baseName}.mapping.json`, `${JSON.stringify(mappingFile(style, [{ name: documentName, masked: result }]), null, 2)}\n`, 'application/json')}
        >
          {t('downloadMapping')}
        </button>
        {copyState && (
          <span className="muted" role="status" data-testid="masked-copy-state">
            {words(copyState)}
          </span>
        )}
      </div>
      <p className="muted mask-note">{t('maskNote')}</p>
    </section>
  );
});
