/**
 * Payment card numbers: 13-19 digits, written in one run or in groups (4-4-4-4, Amex 4-6-5,
 * Diners 4-6-4) separated by hyphens or spaces, that pass the Luhn check.
 */
import { NOT_AFTER_ALNUM, NOT_BEFORE_ALNUM, digitsOf, scan, type IdentifierMatch } from './rule';

const CARD = new RegExp(
  `${NOT_AFTER_ALNUM}(?:\\d{13,19}|\\d{4}([ -])\\d{4}\\1\\d{4}\\1\\d{1,7}|\\d{4}([ -])\\d{6}\\2\\d{4,5})${NOT_BEFORE_ALNUM}(?!-\\d)`,
  'g',
);

/** The Luhn (mod 10) check every card number satisfies. */
export function passesLuhn(digits: readonly number[]): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = digits[digits.length - 1 - i];
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return digits.length > 0 && sum % 10 === 0;
}

export function findCardNumbers(text: string): IdentifierMatch[] {
  return scan(text, CARD, (match) => {
    const digits = digitsOf(match[0]);
    return digits.length >= 13 && digits.length <= 19 && passesLuhn(digits) ? 'CARD' : null;
  });
}
