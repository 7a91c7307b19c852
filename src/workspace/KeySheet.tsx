/** The `?` sheet: every key of the page (label-keys.ts KEY_SHEET) and each type's digit, in a modal dialog. */
import { forwardRef } from 'react';
import { entityTypeInfo } from '../view/entity-types';
import { KEY_SHEET } from './label-keys';

interface Props {
  readonly keys: ReadonlyMap<string, string>;
}

export const KeySheet = forwardRef<HTMLDialogElement, Props>(function KeySheet({ keys }, ref) {
  return (
    <dialog ref={ref} className="key-sheet" data-testid="key-sheet" aria-labelledby="key-sheet-title">
      <h2 id="key-sheet-title">Keys 단축키</h2>
      <p className="muted">Keys are read by their place on the keyboard, so they work with the Korean input method on.</p>
      {KEY_SHEET.map((group) => (
        <section key={group.title}>
          <h3>{group.title}</h3>
          <dl>
            {group.rows.map((row) => (
              <div key={row.what}>
                <dt>
                  {row.keys.map((key, i) => (
                    <kbd key={i}>{key}</kbd>
                  ))}
                </dt>
                <dd>{row.what}</dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
      {keys.size > 0 && (
        <section>
          <h3>Type keys</h3>
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
          Close <kbd>Esc</kbd>
        </button>
      </form>
    </dialog>
  );
});
