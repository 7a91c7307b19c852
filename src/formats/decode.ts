/**
 * The bytes of an imported file -> its text, and the encoding it was in. Korean files often
 * come in EUC-KR/CP949 (older Windows software) or UTF-16 (Windows "Unicode"), not UTF-8;
 * decoding those as UTF-8 would store mojibake. Order: a UTF-16 or UTF-8 byte order mark; a
 * strict UTF-8 decode (UTF-8 almost never decodes by accident); UTF-16 without a mark (every
 * other byte zero); EUC-KR (the WHATWG "euc-kr" decoder is CP949, a superset), kept only when
 * the result reads as text (Hangul, Latin, digits, punctuation, no control characters), since
 * many binary files decode as EUC-KR without an error. Anything else is refused, never guessed.
 */
import { FormatError } from './common';

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'euc-kr';

export const ENCODING_TITLES: Record<TextEncodingName, string> = {
  'utf-8': 'UTF-8',
  'utf-16le': 'UTF-16 LE',
  'utf-16be': 'UTF-16 BE',
  'euc-kr': 'EUC-KR (CP949)',
};

export interface DecodedText {
  readonly text: string;
  readonly encoding: TextEncodingName;
}

function strict(encoding: TextEncodingName, bytes: Uint8Array): string | null {
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** UTF-16 without a byte order mark: which half of the byte pairs holds the zeros of ASCII characters. */
function utf16WithoutMark(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const sample = bytes.subarray(0, Math.min(bytes.length, 4096) & ~1);
  if (sample.length < 4) return null;
  let zeroEven = 0;
  let zeroOdd = 0;
  for (let i = 0; i < sample.length; i += 2) {
    if (sample[i] === 0) zeroEven++;
    if (sample[i + 1] === 0) zeroOdd++;
  }
  // Spaces, digits and punctuation have a zero high byte; a Hangul syllable's low byte is zero only for 1 in 256.
  const pairs = sample.length / 2;
  if (zeroOdd >= pairs * 0.15 && zeroEven * 8 <= zeroOdd) return 'utf-16le';
  if (zeroEven >= pairs * 0.15 && zeroOdd * 8 <= zeroEven) return 'utf-16be';
  return null;
}

/** Text a person wrote: letters (Hangul, Latin), digits, punctuation, spaces; no controls except tab and line breaks. */
function readsAsText(text: string): boolean {
  let plausible = 0;
  let total = 0;
  for (const char of text) {
    total++;
    if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(char)) return false;
    if (/[\p{Script=Hangul}\p{Script=Latin}\p{N}\p{P}\p{Zs}\t\n\r]/u.test(char)) plausible++;
  }
  return total === 0 || plausible / total >= 0.9;
}

/** The byte offset where UTF-8 decoding first fails (for the message): the bytes before the first replacement character. */
function firstBadUtf8Byte(bytes: Uint8Array): number {
  const lenient = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes.subarray(0, 1 << 20));
  const bad = lenient.indexOf('\uFFFD');
  return bad < 0 ? Math.min(bytes.length, 1 << 20) : new TextEncoder().encode(lenient.slice(0, bad)).length;
}

/** The file's text and encoding, or a FormatError that says why it is not text this app can read. */
export function decodeText(bytes: Uint8Array): DecodedText {
  let decoded: DecodedText | null = null;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    const text = strict('utf-16le', bytes.subarray(2));
    if (text === null) throw new FormatError('starts with a UTF-16 LE byte order mark, but is not valid UTF-16');
    decoded = { text, encoding: 'utf-16le' };
  } else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    const text = strict('utf-16be', bytes.subarray(2));
    if (text === null) throw new FormatError('starts with a UTF-16 BE byte order mark, but is not valid UTF-16');
    decoded = { text, encoding: 'utf-16be' };
  } else if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    const text = strict('utf-8', bytes.subarray(3));
    if (text === null) throw new FormatError(`starts with a UTF-8 byte order mark, but byte ${firstBadUtf8Byte(bytes)} is not UTF-8`);
    decoded = { text, encoding: 'utf-8' };
  } else {
    const utf8 = strict('utf-8', bytes);
    const utf16 = utf8 === null || utf8.includes('\u0000') ? utf16WithoutMark(bytes) : null;
    const wide = utf16 ? strict(utf16, bytes) : null;
    const eucKr = utf8 === null && wide === null ? strict('euc-kr', bytes) : null;
    if (utf16 && wide !== null && readsAsText(wide)) decoded = { text: wide, encoding: utf16 };
    else if (utf8 !== null) decoded = { text: utf8, encoding: 'utf-8' };
    else if (eucKr !== null && readsAsText(eucKr)) decoded = { text: eucKr, encoding: 'euc-kr' };
    else {
      throw new FormatError(
        `not text in UTF-8, UTF-16 or EUC-KR/CP949 (byte ${firstBadUtf8Byte(bytes)} is not UTF-8, and the file does not read as text in the others); ` +
          'a binary file, or text in another encoding: save it as UTF-8 and import it again',
      );
    }
  }
  const nul = decoded.text.indexOf('\u0000');
  if (nul >= 0) {
    const line = decoded.text.slice(0, nul).split('\n').length;
    throw new FormatError(`contains a NUL character (U+0000): a binary file, not text`, { line });
  }
  return decoded;
}
