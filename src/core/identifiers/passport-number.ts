/**
 * Korean passport numbers: a letter for the passport type (M, S, R, O, D, G) and 8 digits
 * (passports before December 2021: M12345678), or letter, 3 digits, letter, 4 digits (since:
 * M123A4567).
 */
import { NOT_AFTER_ALNUM, NOT_BEFORE_ALNUM, scan, type IdentifierMatch } from './rule';

const PASSPORT = new RegExp(`${NOT_AFTER_ALNUM}[MSRODG](?:\\d{8}|\\d{3}[A-Z]\\d{4})${NOT_BEFORE_ALNUM}`, 'g');

export function findPassportNumbers(text: string): IdentifierMatch[] {
  return scan(text, PASSPORT, () => 'PASSPORT');
}
