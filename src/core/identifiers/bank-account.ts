/**
 * Korean bank account numbers. Banks write them in fixed hyphenated layouts; a number in one
 * of these layouts is taken anywhere. A run of 10-14 digits without hyphens is taken only after
 * a word that says it is an account (계좌, 입금, 송금, 은행, 뱅크) within 15 characters, since
 * bare digit runs are also order numbers, phone numbers and the like.
 *
 * Layouts (digits per group), as the banks print them: KB국민 6-2-6, 신한 3-3-6, 우리 4-3-6,
 * 하나 3-6-5, NH농협 3-4-4-2, IBK기업 3-6-2-3, 카카오뱅크 4-2-7, SC제일 3-2-6, 토스뱅크 4-4-4.
 * Not 3-2-5: that is a business registration number (사업자등록번호).
 */
import { NOT_AFTER_ALNUM, NOT_BEFORE_ALNUM, scan, type IdentifierMatch } from './rule';

export const ACCOUNT_LAYOUTS: ReadonlySet<string> = new Set(['6-2-6', '3-3-6', '4-3-6', '3-6-5', '3-4-4-2', '3-6-2-3', '4-2-7', '3-2-6', '4-4-4']);

const HYPHENATED = new RegExp(`${NOT_AFTER_ALNUM}(?<!-)\\d{2,6}(?:-\\d{2,7}){2,3}${NOT_BEFORE_ALNUM}(?!-\\d)`, 'g');
// The keyword look-behind comes after the cheap checks: first at every position, it made the rule 60x slower.
const BARE_AFTER_KEYWORD = new RegExp(`(?=\\d)${NOT_AFTER_ALNUM}(?<!-)(?<=(?:계좌|입금|송금|은행|뱅크)[^\\n]{0,15}?)\\d{10,14}${NOT_BEFORE_ALNUM}(?!-\\d)`, 'g');

export function findBankAccounts(text: string): IdentifierMatch[] {
  const hyphenated = scan(text, HYPHENATED, (match) => (ACCOUNT_LAYOUTS.has(match[0].split('-').map((group) => group.length).join('-')) ? 'ACCOUNT' : null));
  const bare = scan(text, BARE_AFTER_KEYWORD, () => 'ACCOUNT');
  return [...hyphenated, ...bare];
}
