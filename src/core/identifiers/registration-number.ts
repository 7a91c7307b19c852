/**
 * 주민등록번호 (resident registration number, RRN) and 외국인등록번호 (alien registration
 * number, FRN): YYMMDD-GNNNNNN, with or without the hyphen.
 *
 * G (the 7th digit) gives the century and whether the holder is a citizen: 1-4 and 9, 0
 * citizens, 5-8 foreigners; 1, 2, 5, 6 born in the 1900s, 3, 4, 7, 8 in the 2000s, 9, 0 in
 * the 1800s. The birth date must be a real calendar date in that century. The last digit is
 * not checked: numbers issued since October 2020 no longer follow the old check-digit rule,
 * so checking it would miss every new number.
 */
import { NOT_AFTER_ALNUM, NOT_BEFORE_ALNUM, scan, type IdentifierMatch } from './rule';

const REGISTRATION = new RegExp(`${NOT_AFTER_ALNUM}(\\d{2})(\\d{2})(\\d{2})-?(\\d)\\d{6}${NOT_BEFORE_ALNUM}(?!-\\d)`, 'g');

const CENTURY_BY_DIGIT = [1800, 1900, 1900, 2000, 2000, 1900, 1900, 2000, 2000, 1800];

export function isValidDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const daysInMonth = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return day <= daysInMonth;
}

/** 'RRN', 'FRN', or null when the digits cannot be a registration number. */
export function registrationKind(yy: number, mm: number, dd: number, genderDigit: number): 'RRN' | 'FRN' | null {
  if (!isValidDate(CENTURY_BY_DIGIT[genderDigit] + yy, mm, dd)) return null;
  return genderDigit >= 5 && genderDigit <= 8 ? 'FRN' : 'RRN';
}

export function findRegistrationNumbers(text: string): IdentifierMatch[] {
  return scan(text, REGISTRATION, (match) => registrationKind(Number(match[1]), Number(match[2]), Number(match[3]), Number(match[4])));
}
