import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeText } from './decode';
import { importBytes } from './formats';

// Made with iconv (-t cp949, -t utf-16le/be) from this text. Only KS X 1001 syllables: Node's "euc-kr" decoder
// (ICU) does not decode CP949's extension syllables (똠 came out as "c" + mojibake), browsers' (WHATWG) does.
const TEXT = '김철수는 서울에 갔다.\n삼성전자는 2016년에 투자했다. 부산항\n';
const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url)));

describe('decodeText', () => {
  it.each([
    ['korean.euc-kr.txt', 'euc-kr'],
    ['korean.utf-16le-bom.txt', 'utf-16le'],
    ['korean.utf-16be-bom.txt', 'utf-16be'],
    ['korean.utf-16le.txt', 'utf-16le'],
  ])('reads %s as %s, the same text as in UTF-8', (name, encoding) => {
    expect(decodeText(fixture(name))).toEqual({ text: TEXT, encoding });
  });

  it('reads UTF-8, with or without a byte order mark', () => {
    const utf8 = new TextEncoder().encode(TEXT);
    expect(decodeText(utf8)).toEqual({ text: TEXT, encoding: 'utf-8' });
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]))).toEqual({ text: TEXT, encoding: 'utf-8' });
  });

  it('refuses random bytes instead of importing mojibake, naming the first bad byte', () => {
    const random = new Uint8Array(4096).map((_, i) => (i * 2654435761) >>> 24);
    expect(() => decodeText(random)).toThrow(/not text in UTF-8, UTF-16 or EUC-KR\/CP949 \(byte \d+ is not UTF-8/);
  });

  it('refuses a file with a NUL character, naming its line', () => {
    expect(() => decodeText(new TextEncoder().encode('첫 줄\n둘째\u0000 줄'))).toThrow(/line 2: contains a NUL character/);
  });

  it('refuses a UTF-8 byte order mark over bytes that are not UTF-8', () => {
    expect(() => decodeText(new Uint8Array([0xef, 0xbb, 0xbf, 0x41, 0xff]))).toThrow(/byte 4 is not UTF-8/);
  });
});

describe('importBytes', () => {
  it('imports an EUC-KR doccano file with its entities and says which encoding it was in', () => {
    const imported = importBytes('set.jsonl', fixture('doccano.euc-kr.jsonl'));
    expect(imported.encoding).toBe('euc-kr');
    expect(imported.drafts[0].text).toBe('김철수는 서울에 갔다.');
    expect(imported.drafts[0].entities.map((e) => [e.start, e.end, e.label])).toEqual([[0, 3, 'PER'], [5, 7, 'LOC']]);
  });

  it('refuses a file over the size limit before decoding it', () => {
    expect(() => importBytes('big.txt', new Uint8Array(50 * 1024 * 1024))).toThrow(/the file is 50\.0 MB; the limit for one import is 32\.0 MB/);
  });

  it('refuses a million-line file as a million documents, naming the limit', () => {
    const lines = new TextEncoder().encode('가\n'.repeat(1_000_000));
    expect(() => importBytes('lines.txt', lines, { txtMode: 'lines' })).toThrow(/holds 1,000,000 documents; the limit for one import is 10,000/);
  });

  it('refuses a million-line file as one document over the length limit', () => {
    const lines = new TextEncoder().encode('가나다\n'.repeat(1_000_000));
    expect(() => importBytes('lines.txt', lines)).toThrow(/document 1 \("lines"\) has 4,000,000 characters; the limit is 200,000/);
  });
});
