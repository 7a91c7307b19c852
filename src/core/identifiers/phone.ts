/**
 * Korean phone numbers: mobile (010-1234-5678), landline (02-123-4567, (031) 123-4567),
 * +82 forms (+82 10-1234-5678, +82-2-312-3456, +82 (0)10 ...), and nationwide business
 * numbers (1588-1234).
 *
 * The candidates are ours (so that their edges are controlled: no date, price or version
 * number can start one, since a national number starts with 0); whether the digits are a
 * number Korea really assigns is libphonenumber-js's call, with its full ("max") metadata:
 * the smaller default metadata only checks lengths and takes dates such as 2024-01-15. Only
 * Korea's part of it is bundled (phone-metadata-kr.json, made by scripts/phone-metadata-kr.mjs):
 * every candidate is a Korean number.
 */
import { type MetadataJson, parsePhoneNumberFromString } from 'libphonenumber-js/core';
import koreanMetadata from './phone-metadata-kr.json' with { type: 'json' };
import { NOT_AFTER_ALNUM, NOT_BEFORE_ALNUM, scan, type IdentifierMatch } from './rule';

const SEP = '[ .\\-]?';
const NATIONAL = `(?:\\(0\\d{1,3}\\)[ ]?|0\\d{1,3}${SEP})\\d{3,4}${SEP}\\d{4}`;
const INTERNATIONAL = `\\+82${SEP}(?:\\(0\\)${SEP}|0)?\\d{1,3}${SEP}\\d{3,4}${SEP}\\d{4}`;
const BUSINESS = `1[5-9]\\d{2}${SEP}\\d{4}`;
// Not after "+" or "-" either: "+1 010..." or "123-010-1234-5678" are other things.
const PHONE = new RegExp(`${NOT_AFTER_ALNUM}(?<![+\\-])(?:${INTERNATIONAL}|${NATIONAL}|${BUSINESS})${NOT_BEFORE_ALNUM}(?![.\\-]\\d)`, 'g');

const METADATA = koreanMetadata as unknown as MetadataJson;

export function findPhoneNumbers(text: string): IdentifierMatch[] {
  return scan(text, PHONE, (match) => (parsePhoneNumberFromString(match[0], 'KR', METADATA)?.isValid() ? 'PHONE' : null));
}
