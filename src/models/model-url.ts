/**
 * Where "Load model" may fetch a bundle from: this page's own site, and nowhere else.
 *
 * The promise that matters is that the text typed here never leaves the device. The page's
 * Content-Security-Policy (`connect-src 'self'`, vite.config.ts) keeps it: neither the page nor
 * its workers can open a connection to another site, whatever code runs. Widening it for model
 * downloads would let any request out, text included, so a model on another site is downloaded
 * by the person and loaded as files or a .zip instead. The check runs before any fetch, so a
 * refused URL is explained (instead of failing as a blocked fetch that looks like a server's
 * missing CORS headers).
 */

/** The bundle URL `text` names (a path on this site or a full URL of it), or why it cannot be loaded. */
export type ModelUrlCheck = { readonly ok: true; readonly url: URL } | { readonly ok: false; readonly message: string };

/** `pageHref`: the address of the page (or worker) that loads it; relative paths resolve against it. */
export function checkModelUrl(text: string, pageHref: string): ModelUrlCheck {
  const page = new URL(pageHref);
  let url: URL;
  try {
    url = new URL(text.trim(), page);
  } catch {
    return { ok: false, message: `"${text}" is not a URL or a path on this site` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, message: `expected a path on this site or an http(s) URL of it, got a ${url.protocol} URL` };
  }
  if (url.origin !== page.origin) return { ok: false, message: otherSiteMessage(url.href, page.origin) };
  return { ok: true, url };
}

/** Why `href`, on another site than `ownOrigin`, is not fetched, and what to do instead. */
export function otherSiteMessage(href: string, ownOrigin: string): string {
  return (
    `${href} is on another site. This page loads models only from its own site (${ownOrigin}) or from your computer: ` +
    'it may not connect anywhere else, so that nothing you type can leave this device. ' +
    'Download the model (its folder or a .zip) and use “Folder…” or “Files or .zip…”.'
  );
}
