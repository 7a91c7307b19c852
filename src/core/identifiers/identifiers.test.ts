import { describe, expect, it } from 'vitest';
import { findIdentifiers } from './identifiers';
import { passesLuhn } from './card-number';
import { isValidDate, registrationKind } from './registration-number';
import { digitsOf } from './rule';

/** [label, text] of every identifier found. */
function found(text: string): [string, string][] {
  return findIdentifiers(text).map(({ label, text: value }) => [label, value]);
}

describe('phone numbers', () => {
  it('finds mobile numbers with hyphens, dots, spaces or none, followed by a particle', () => {
    expect(found('고객 홍길동의 휴대폰은 010-1234-5678이고 예전 번호는 010.9876.5432, 011 234 5678, 01055556666번이다.')).toEqual([
      ['PHONE', '010-1234-5678'],
      ['PHONE', '010.9876.5432'],
      ['PHONE', '011 234 5678'],
      ['PHONE', '01055556666'],
    ]);
  });

  it('finds landlines with and without brackets around the area code, and +82 forms', () => {
    expect(found('본사 02-312-3456, 지사 (031) 123-4567, 해외에서는 +82 10-1234-5678 또는 +82-2-312-3456, +82 (0)10-2222-3333로 연락.')).toEqual([
      ['PHONE', '02-312-3456'],
      ['PHONE', '(031) 123-4567'],
      ['PHONE', '+82 10-1234-5678'],
      ['PHONE', '+82-2-312-3456'],
      ['PHONE', '+82 (0)10-2222-3333'],
    ]);
  });

  it('finds internet phones, 050 personal numbers and nationwide business numbers', () => {
    expect(found('070-1234-5678, 0505-123-4567, 고객센터 1588-1234')).toEqual([
      ['PHONE', '070-1234-5678'],
      ['PHONE', '0505-123-4567'],
      ['PHONE', '1588-1234'],
    ]);
  });

  it('does not take numbers Korea does not assign or digits inside longer numbers', () => {
    expect(found('060-123-4567 02-1234-56789 2345-6789 A010-1234-5678 010-1234-5678-9')).toEqual([]);
  });
});

describe('registration numbers', () => {
  it('finds a 주민등록번호 with or without the hyphen, and tells 외국인등록번호 by its 7th digit', () => {
    expect(found('주민등록번호 900101-1234567, 0203154123456 (2002년생), 외국인 등록번호 851120-5123456, 051231-7654321.')).toEqual([
      ['RRN', '900101-1234567'],
      ['RRN', '0203154123456'],
      ['FRN', '851120-5123456'],
      ['FRN', '051231-7654321'],
    ]);
  });

  it('takes numbers whatever their last digit (numbers since October 2020 fail the old check digit)', () => {
    const numbers = Array.from({ length: 10 }, (_, last) => `990101-234567${last}`);
    expect(found(numbers.join(', ')).map(([label]) => label)).toEqual(Array(10).fill('RRN'));
  });

  it('refuses impossible dates: month 13, 30 February, 29 February outside leap years', () => {
    expect(found('901301-1234567 900230-1234567 010229-3234567')).toEqual([]);
    expect(found('000229-3234567')).toEqual([['RRN', '000229-3234567']]);
  });

  it('checks the date in the century the 7th digit names', () => {
    expect(registrationKind(0, 2, 29, 3)).toBe('RRN'); // 2000: leap
    expect(registrationKind(0, 2, 29, 1)).toBeNull(); // 1900: not leap
    expect(registrationKind(0, 2, 29, 9)).toBeNull(); // 1800: not leap
    expect(isValidDate(2024, 2, 29)).toBe(true);
    expect(isValidDate(2023, 4, 31)).toBe(false);
  });
});

describe('e-mail, URLs and IP addresses', () => {
  it('finds e-mail addresses followed by Korean particles and sentence ends', () => {
    expect(found('문의는 hong.gildong+ner@example.co.kr로, 또는 kim_01@mail.example.com.')).toEqual([
      ['EMAIL', 'hong.gildong+ner@example.co.kr'],
      ['EMAIL', 'kim_01@mail.example.com'],
    ]);
  });

  it('finds URLs with a scheme or www., ending before Hangul and closing punctuation', () => {
    expect(found('자세한 내용은 https://blog.example.com/kim/2024?id=7에서 보세요 (www.example.kr). http://10.0.0.1:8080/admin, 끝')).toEqual([
      ['URL', 'https://blog.example.com/kim/2024?id=7'],
      ['URL', 'www.example.kr'],
      ['URL', 'http://10.0.0.1:8080/admin'],
    ]);
  });

  it('keeps a bracket that belongs to the URL', () => {
    expect(found('(https://en.wikipedia.org/wiki/Seoul_(city))')).toEqual([['URL', 'https://en.wikipedia.org/wiki/Seoul_(city)']]);
  });

  it('finds IPv4 and IPv6 addresses and refuses octets over 255', () => {
    expect(found('접속 IP 192.168.0.15와 2001:db8::8a2e:370:7334, 그리고 ::1. 999.1.1.1은 아니다')).toEqual([
      ['IP', '192.168.0.15'],
      ['IP', '2001:db8::8a2e:370:7334'],
      ['IP', '::1'],
    ]);
  });
});

describe('card and bank account numbers', () => {
  it('finds card numbers that pass the Luhn check, in groups or in one run', () => {
    expect(found('결제 카드 4111-1111-1111-1111, 5500 0000 0000 0004, 378282246310005 (아멕스), 3782-822463-10005')).toEqual([
      ['CARD', '4111-1111-1111-1111'],
      ['CARD', '5500 0000 0000 0004'],
      ['CARD', '378282246310005'],
      ['CARD', '3782-822463-10005'],
    ]);
  });

  it('tells apart a card number and a phone number written one after the other', () => {
    expect(found('4111 1111 1111 1111 010-1234-5678')).toEqual([
      ['CARD', '4111 1111 1111 1111'],
      ['PHONE', '010-1234-5678'],
    ]);
  });

  it('refuses card-shaped numbers that fail the Luhn check', () => {
    expect(found('4111-1111-1111-1112 1234567890123')).toEqual([]);
    expect(passesLuhn(digitsOf('79927398713'))).toBe(true);
    expect(passesLuhn(digitsOf('79927398710'))).toBe(false);
  });

  it('finds account numbers in the layouts Korean banks print', () => {
    expect(
      found('국민 123456-01-123456, 신한 110-123-456789, 우리 1002-123-456789, 하나 123-456789-12345, 농협 301-1234-1234-11, 기업 123-123456-01-123, 카카오뱅크 3333-01-1234567'),
    ).toEqual([
      ['ACCOUNT', '123456-01-123456'],
      ['ACCOUNT', '110-123-456789'],
      ['ACCOUNT', '1002-123-456789'],
      ['ACCOUNT', '123-456789-12345'],
      ['ACCOUNT', '301-1234-1234-11'],
      ['ACCOUNT', '123-123456-01-123'],
      ['ACCOUNT', '3333-01-1234567'],
    ]);
  });

  it('takes a bare run of digits as an account only after a word that says so', () => {
    expect(found('입금 계좌: 신한은행 110123456789 (예금주 홍길동)')).toEqual([['ACCOUNT', '110123456789']]);
    expect(found('주문번호 110123456789')).toEqual([]);
  });

  it('does not take a business registration number (3-2-5) for an account', () => {
    expect(found('사업자등록번호 123-45-67890')).toEqual([]);
  });
});

describe('car plates and passports', () => {
  it('finds plates old and new, with a region, with or without spaces', () => {
    expect(found('차량 12가 3456과 123가4567, 서울12가3456, 경기 34나 5678이 주차했다.')).toEqual([
      ['PLATE', '12가 3456'],
      ['PLATE', '123가4567'],
      ['PLATE', '서울12가3456'],
      ['PLATE', '경기 34나 5678'],
    ]);
  });

  it('does not take numbers with a counter word between them for a plate', () => {
    expect(found('12시 3456, 10대 1234명, 2024년 1234')).toEqual([]);
  });

  it('finds passport numbers in the old and the 2021 format', () => {
    expect(found('여권번호 M12345678, 새 여권 M123A4567.')).toEqual([
      ['PASSPORT', 'M12345678'],
      ['PASSPORT', 'M123A4567'],
    ]);
    expect(found('AM12345678 M1234567 X12345678')).toEqual([]);
  });
});

describe('look-alikes', () => {
  it('finds nothing in dates, times, prices, percentages, versions and quantities', () => {
    const text =
      '2024-01-15 2024.01.15 2024/1/15 2024년 1월 15일 오후 12:30, 12:30:45에 시작했다. 가격은 12,345,000원, ₩1,500,000, $1,234.56, 3.5%, 0.1234, ' +
      'v1.2.3, 버전 10.0.19045, 1.2.3.4.5절, 인구 51,740,000명, ISBN 978-89-01-23456-7, 우편번호 03154.';
    expect(found(text)).toEqual([]);
  });
});

describe('findIdentifiers', () => {
  it('gives offsets into the text as given, past emoji and surrogate pairs', () => {
    const text = '😀👍 연락 010-1234-5678';
    const [phone] = findIdentifiers(text);
    expect(text.slice(phone.start, phone.end)).toBe('010-1234-5678');
    expect(phone.start).toBe(8);
  });

  it('keeps the longer of two overlapping matches: a URL over the IP address in it', () => {
    expect(found('http://192.168.0.1/login')).toEqual([['URL', 'http://192.168.0.1/login']]);
  });

  it('survives empty text, NUL characters, lone surrogates and a megabyte of digits', () => {
    expect(findIdentifiers('')).toEqual([]);
    expect(found('\u0000010-1234-5678\u0000\ud800')).toEqual([['PHONE', '010-1234-5678']]);
    const digits = '0'.repeat(1_000_000);
    expect(findIdentifiers(digits)).toEqual([]);
  });

  it('says what it expected when given something other than text', () => {
    expect(() => findIdentifiers(42 as unknown as string)).toThrow('expected text to be a string, got number');
  });
});
