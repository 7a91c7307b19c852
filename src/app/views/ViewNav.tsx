/** The views, as links in the page header: each with what it is for and its key (G, then its digit). */
import type { MouseEvent } from 'react';
import { type MessageKey, useT } from '../../view/i18n';
import { VIEWS, type View, viewHref } from '../views';

const NAMES: Readonly<Record<View, readonly [MessageKey, MessageKey]>> = {
  analyse: ['viewAnalyse', 'purposeAnalyse'],
  annotate: ['viewAnnotate', 'purposeAnnotate'],
  documents: ['viewDocuments', 'purposeDocuments'],
  models: ['viewModels', 'purposeModels'],
};

export function ViewNav({ view, onOpen }: { readonly view: View; readonly onOpen: (view: View) => void }) {
  const t = useT();
  const follow = (event: MouseEvent<HTMLAnchorElement>, target: View) => {
    // A new tab or window (Ctrl, Shift, middle button) is the browser's: the link has the address.
    if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    onOpen(target);
  };
  return (
    <nav className="view-nav" id="views" aria-label={t('views')}>
      <ul>
        {VIEWS.map((name, i) => (
          <li key={name}>
            <a href={viewHref(location.href, name)} data-testid={`view-${name}`} aria-current={name === view ? 'page' : undefined} onClick={(event) => follow(event, name)}>
              <span className="view-name">{t(NAMES[name][0])}</span>{' '}
              <span className="keys" aria-hidden="true">
                <kbd>G</kbd> <kbd>{i + 1}</kbd>
              </span>
              <span className="view-purpose">{t(NAMES[name][1])}</span>
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
