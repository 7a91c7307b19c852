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

const STYLE_TITLES: Record<MaskStyle, string> = {
  tag: 'type tags [PER]',
  numbered: 'numbered [PER_1]',
  partial: 'partial 김**, 010-****-5678',
  star: 'stars ***',
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
  const [copyState, setCopyState] = useState<string | null>(null);
  const baseName = (documentName || 'document').replace(/[\\/:*?"<>|]+/g, '_');

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(result.text);
      setCopyState('Copied. 복사됨');
    } catch (error) {
      setCopyState(`Could not copy: ${(error as Error).message}`);
    }
  };

  return (
    <section className="masked-view" aria-label="Masked text" data-testid="masked-view">
      <h2>
        Masked text 비식별 <span className="muted">{result.replacements.length.toLocaleString('en')} masked</span>
      </h2>
      <div className="mask-controls">
        <label>
          Style{' '}
          <select data-testid="mask-style" value={style} onChange={(event) => mask.setStyle(event.target.value as MaskStyle)}>
            {MASK_STYLES.map((name) => (
              <option key={name} value={name}>
                {STYLE_TITLES[name]}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="mask-types">
          <legend>Mask these types</legend>
          {types.map((type) => (
            <label key={type} title={`${entityTypeInfo(type).korean} (${entityTypeInfo(type).english})`}>
              <input type="checkbox" data-testid="mask-type" data-label={type} checked={masked.has(type)} onChange={(event) => mask.setTypeMasked(type, event.target.checked)} />{' '}
              <span className="swatch" data-label={type} aria-hidden="true" />
              {type}
            </label>
          ))}
        </fieldset>
      </div>
      <pre className="masked-text" data-testid="masked-text" tabIndex={0} role="region" aria-label="Masked text">
        <TextBlocks text={result.text} />
      </pre>
      <div className="mask-actions">
        <button type="button" data-testid="masked-copy" onClick={() => void copy()}>
          Copy
        </button>
        <button type="button" data-testid="masked-download" onClick={() => download(`${baseName}.masked.txt`, result.text, 'text/plain')}>
          Download .txt
        </button>
        <button
          type="button"
          data-testid="masked-mapping"
          title="Placeholder -> original for every masked span. Keep it apart from the masked text: it undoes the masking."
          onClick={() => download(`${baseName}.mapping.json`, `${JSON.stringify(mappingFile(style, [{ name: documentName, masked: result }]), null, 2)}\n`, 'application/json')}
        >
          Download mapping
        </button>
        {copyState && (
          <span className="muted" role="status" data-testid="masked-copy-state">
            {copyState}
          </span>
        )}
      </div>
      <p className="muted mask-note">
        The model misses some names, and the rules only find identifiers written in the usual ways: read the masked text before you share it, and
        add what was missed (select it in the highlighted text and press its type's key).
      </p>
    </section>
  );
});
