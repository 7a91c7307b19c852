/** The `?` sheet: every key of the page (label-keys.ts KEY_SHEET) and each type's digit, in a modal dialog. */
import { forwardRef, useContext } from 'react';
import { entityTypeInfo } from '../view/entity-types';
import { LanguageContext, useT } from '../view/i18n';
import { KEY_SHEET } from './label-keys';

interface Props {
  readonly keys: ReadonlyMap<string, string>;
}

export const KeySheet = forwardRef<HTMLDialogElement, Props>(function KeySheet({ keys }, ref) {
  const language = useContext(LanguageContext);
  const t = useT();
  return (
    <dialog ref={ref} className="key-sheet" data-testid="key-sheet" aria-labelledby="key-sheet-title">
      <h2 id="key-sheet-title">{t('keySheetTitle')}</h2>
      <p className="muted">{t('keySheetIntro')}</p>
      {KEY_SHEET.map((group) => (
        <section key={group.title.en}>
          <h3>{group.title[language]}</h3>
          <dl>
            {group.rows.map((row) => (
              <div key={row.what.en}>
                <dt>
                  {row.keys.map((key, i) => (
                    <kbd key={i}>{key}</kbd>
                  ))}
                </dt>
                <dd>{row.what[language]}</dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
      {keys.size > 0 && (
        <section>
          <h3>{t('typeKeys')}</h3>
          <dl>
            {[...keys].map(([type, key]) => (
              <div key={type}>
                <dt>
                  <kbd>{key}</kbd>
                </dt>
                <dd>
                  {type} {entityTypeInfo(type).korean} ({entityTypeInfo(type).english})
                </dd>
              </div>
            ))}
          </dl>
        </section>
      )}
      <form method="dialog">
        <button type="submit" data-testid="key-sheet-close" autoFocus>
          {t('close')} <kbd>Esc</kbd>
        </button>
      </form>
    </dialog>
  );
});
