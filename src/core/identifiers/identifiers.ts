/**
 * Structured identifiers found by rules, for de-identification: phone numbers, registration
 * numbers, e-mail, URLs, IP addresses, card and bank account numbers, car plates, passports.
 *
 * Each rule lives in its own file; this one runs them all and makes the result flat: where
 * two matches overlap, the longer one stays (a URL over the e-mail address inside it), and of
 * two of the same length the type listed first in IDENTIFIER_TYPES.
 */
import { findBankAccounts } from './bank-account';
import { findCardNumbers } from './card-number';
import { findCarPlates } from './car-plate';
import { findEmails, findIpAddresses, findUrls } from './internet';
import { findPassportNumbers } from './passport-number';
import { findPhoneNumbers } from './phone';
import { findRegistrationNumbers } from './registration-number';
import type { IdentifierMatch, IdentifierRule } from './rule';

export type { IdentifierMatch } from './rule';

/** An identifier with its text; offsets in UTF-16 code units, end exclusive. */
export interface Identifier extends IdentifierMatch {
  readonly text: string;
}

export interface IdentifierTypeInfo {
  readonly label: string;
  readonly korean: string;
  readonly english: string;
}

/** Every label the rules give, in order of precedence between matches of one length. */
export const IDENTIFIER_TYPES: readonly IdentifierTypeInfo[] = [
  { label: 'RRN', korean: '주민등록번호', english: 'resident registration number' },
  { label: 'FRN', korean: '외국인등록번호', english: 'alien registration number' },
  { label: 'CARD', korean: '카드 번호', english: 'card number' },
  { label: 'PHONE', korean: '전화번호', english: 'phone number' },
  { label: 'ACCOUNT', korean: '계좌 번호', english: 'bank account number' },
  { label: 'PASSPORT', korean: '여권 번호', english: 'passport number' },
  { label: 'PLATE', korean: '자동차 번호', english: 'car plate' },
  { label: 'EMAIL', korean: '이메일', english: 'e-mail address' },
  { label: 'URL', korean: '웹 주소', english: 'URL' },
  { label: 'IP', korean: 'IP 주소', english: 'IP address' },
];

export const IDENTIFIER_LABELS: readonly string[] = IDENTIFIER_TYPES.map((type) => type.label);

const IDENTIFIER_LABEL_SET: ReadonlySet<string> = new Set(IDENTIFIER_LABELS);

export function isIdentifierLabel(label: string): boolean {
  return IDENTIFIER_LABEL_SET.has(label);
}

const RULES: readonly IdentifierRule[] = [
  findRegistrationNumbers,
  findCardNumbers,
  findPhoneNumbers,
  findBankAccounts,
  findPassportNumbers,
  findCarPlates,
  findEmails,
  findUrls,
  findIpAddresses,
];

const PRECEDENCE = new Map(IDENTIFIER_LABELS.map((label, index) => [label, index]));

/** Every identifier in `text`, by position, never overlapping. */
export function findIdentifiers(text: string): Identifier[] {
  if (typeof text !== 'string') throw new Error(`expected text to be a string, got ${typeof text}`);
  const candidates = RULES.flatMap((rule) => rule(text));
  candidates.sort((a, b) => b.end - b.start - (a.end - a.start) || PRECEDENCE.get(a.label)! - PRECEDENCE.get(b.label)! || a.start - b.start);
  const kept: IdentifierMatch[] = [];
  for (const candidate of candidates) {
    if (!kept.some((other) => candidate.start < other.end && other.start < candidate.end)) kept.push(candidate);
  }
  return kept.sort((a, b) => a.start - b.start).map((match) => ({ ...match, text: text.slice(match.start, match.end) }));
}
