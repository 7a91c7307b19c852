/**
 * The page's four views (issue 32): one screen per task. Which one is open is in the address
 * (`?view=annotate`), so a reload, a bookmark or a link keeps it; the service worker's navigation
 * fallback serves index.html for any query, so the same holds offline. An unknown view opens
 * Analyse, and the page says so. Keys: G then 1-4 (outside text fields), shown beside each link.
 */
import { useCallback, useEffect, useRef, useState } from 'react';

export const VIEWS = ['analyse', 'annotate', 'documents', 'models'] as const;
export type View = (typeof VIEWS)[number];

export const VIEW_PARAM = 'view';

/** The view an address asks for; `unknown`: the name it gave that is no view (Analyse opens instead). */
export function viewOfSearch(search: string): { readonly view: View; readonly unknown: string | null } {
  const asked = new URLSearchParams(search).get(VIEW_PARAM);
  if (asked === null || asked === '') return { view: 'analyse', unknown: null };
  const view = VIEWS.find((name) => name === asked.toLowerCase());
  return view ? { view, unknown: null } : { view: 'analyse', unknown: asked };
}

/** The address with `view` in it, every other parameter (model, backend) kept. */
export function viewHref(href: string, view: View): string {
  const url = new URL(href);
  url.searchParams.set(VIEW_PARAM, view);
  return `${url.pathname}${url.search}${url.hash}`;
}

/** The view a key press chooses after G (Digit1-4, by physical key so a Korean layout does not change it), or null. */
export function viewForKey(code: string): View | null {
  const digit = /^(?:Digit|Numpad)([1-4])$/.exec(code)?.[1];
  return digit === undefined ? null : VIEWS[Number(digit) - 1];
}

/** How long after G a digit still chooses a view. */
const SEQUENCE_MS = 1500;

function inTextField(target: EventTarget | null): boolean {
  return target instanceof Element && target.closest('textarea, input, select, [contenteditable="true"], dialog') !== null;
}

export interface ViewState {
  readonly view: View;
  /** The name of an unknown view the address asked for (Analyse opened instead), until dismissed. */
  readonly unknown: string | null;
  readonly dismissUnknown: () => void;
  /** Opens a view, as a new history entry (back returns to the previous view). */
  readonly open: (view: View) => void;
}

/** The open view: from the address, changed by the links, G then 1-4, and back / forward. */
export function useView(): ViewState {
  const [initial] = useState(() => viewOfSearch(location.search));
  const [view, setView] = useState<View>(initial.view);
  const [unknown, setUnknown] = useState(initial.unknown);
  useEffect(() => {
    // The unknown name leaves the address: a reload opens Analyse without the notice again.
    if (initial.unknown !== null) history.replaceState(history.state, '', viewHref(location.href, 'analyse'));
  }, [initial]);
  const open = useCallback((next: View) => {
    setView((previous) => {
      if (previous !== next) history.pushState(history.state, '', viewHref(location.href, next));
      return next;
    });
  }, []);
  useEffect(() => {
    const onPop = () => setView(viewOfSearch(location.search).view);
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  // G then a digit. Capture phase: the digit must not also relabel a focused mark.
  const armed = useRef(0);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || event.shiftKey || inTextField(event.target)) {
        armed.current = 0;
        return;
      }
      if (event.code === 'KeyG') {
        armed.current = event.timeStamp;
        event.preventDefault();
        return;
      }
      const chosen = armed.current > 0 && event.timeStamp - armed.current < SEQUENCE_MS ? viewForKey(event.code) : null;
      armed.current = 0;
      if (chosen === null) return;
      event.preventDefault();
      event.stopPropagation();
      open(chosen);
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [open]);
  return { view, unknown, dismissUnknown: useCallback(() => setUnknown(null), []), open };
}
