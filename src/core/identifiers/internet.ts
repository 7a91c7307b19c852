/**
 * E-mail addresses, URLs (with a scheme, or starting "www."), IPv4 and IPv6 addresses.
 *
 * Korean text glues particles to what comes before ("hong@example.com으로",
 * "https://example.com에서"), so an address stops at the first Hangul syllable: a URL
 * whose path has Hangul in it (not percent-encoded) is cut there. Trailing punctuation
 * (".", ",", ")", quotes) closes a sentence, not the address. IP addresses are validated by
 * ipaddr.js; a dotted run of more than four numbers (a version, a section number) is not one.
 */
import ipaddr from 'ipaddr.js';
import { scan, type IdentifierMatch } from './rule';

const EMAIL = /(?<![\w.%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,24}(?![A-Za-z0-9@-]|\.[A-Za-z0-9])/g;

const URL_PATTERN = /(?<![\w@])(?:https?:\/\/|www\.)[^\s<>"'`\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]+/gi;
const URL_TRAILING = new Set(['.', ',', ';', ':', '!', '?', ')', ']', '}', "'", '"', '…']);

/** Drops closing punctuation one character at a time; a ")" stays when the URL opened it: .../Seoul_(city). */
function trimUrlEnd(url: string): string {
  let end = url.length;
  let depth = 0;
  for (const c of url) depth += c === '(' ? 1 : c === ')' ? -1 : 0;
  while (end > 0 && URL_TRAILING.has(url[end - 1])) {
    if (url[end - 1] === ')') {
      if (depth >= 0) break;
      depth++;
    }
    end--;
  }
  return url.slice(0, end);
}

const IPV4 = /(?<![0-9A-Za-z.])(?:\d{1,3}\.){3}\d{1,3}(?![0-9A-Za-z]|\.\d)/g;
const IPV6 = /(?<![0-9A-Za-z:.])(?:[0-9A-Fa-f]{0,4}:){2,8}(?:[0-9A-Fa-f]{1,4}|(?:\d{1,3}\.){3}\d{1,3})?(?![0-9A-Za-z:]|\.\d)/g;

export function findEmails(text: string): IdentifierMatch[] {
  return scan(text, EMAIL, () => 'EMAIL');
}

export function findUrls(text: string): IdentifierMatch[] {
  const found: IdentifierMatch[] = [];
  for (const match of scan(text, URL_PATTERN, () => 'URL')) {
    const body = trimUrlEnd(text.slice(match.start, match.end));
    if (/^(?:https?:\/\/|www\.)[^.]+\.[^.]/i.test(body) || /^https?:\/\/[^/]/i.test(body)) {
      found.push({ start: match.start, end: match.start + body.length, label: 'URL' });
    }
  }
  return found;
}

export function findIpAddresses(text: string): IdentifierMatch[] {
  const v4 = scan(text, IPV4, (match) => (ipaddr.IPv4.isValidFourPartDecimal(match[0]) ? 'IP' : null));
  const v6 = scan(text, IPV6, (match) => (match[0].includes('::') || match[0].split(':').length === 8) && ipaddr.IPv6.isValid(match[0]) ? 'IP' : null);
  return [...v4, ...v6];
}
