import { describe, expect, it } from 'vitest';
import { redactText } from './redact';
import { mappingFile, isMappingFile, unmask } from './mapping';

// A realistic customer-service note: the model's entities are given as a model run would give them.
const NOTE = '상담 기록: 홍길동(900101-1234567) 고객이 서울 강남구 지점에 방문. 연락처 010-1234-5678, 메일 hong@example.co.kr. 홍길동 고객은 신한 110-123-456789로 환불을 요청함.';
function at(surface: string, label: string, from = 0) {
  const start = NOTE.indexOf(surface, from);
  return { start, end: start + surface.length, label, source: 'model' };
}
const MODEL = [
  at('홍길동', 'PER'),
  at('서울 강남구', 'LOC'),
  at('1234', 'NOH', NOTE.indexOf('010-')), // a piece of the phone number: the identifier wins
  at('홍길동', 'PER', 20),
  at('신한', 'ORG'),
];

describe('redactText', () => {
  it('masks people, places, organisations and every identifier by default, with type tags', () => {
    expect(redactText(NOTE, MODEL, { style: 'tag' }).text).toBe(
      '상담 기록: [PER]([RRN]) 고객이 [LOC] 지점에 방문. 연락처 [PHONE], 메일 [EMAIL]. [PER] 고객은 [ORG] [ACCOUNT]로 환불을 요청함.',
    );
  });

  it('numbers the same customer the same way in both sentences', () => {
    expect(redactText(NOTE, MODEL, { style: 'numbered' }).text).toMatch(/^상담 기록: \[PER_1\]\(\[RRN_1\]\).*\. \[PER_1\] 고객은/);
  });

  it('masks only what the user chose', () => {
    expect(redactText(NOTE, MODEL, { style: 'tag', types: new Set(['RRN']) }).text).toBe(NOTE.replace('900101-1234567', '[RRN]'));
  });

  it('gives a mapping file from which the original text comes back', () => {
    const masked = redactText(NOTE, MODEL, { style: 'partial' });
    const file = mappingFile('partial', [{ name: 'note', masked }]);
    expect(isMappingFile(JSON.parse(JSON.stringify(file)))).toBe(true);
    expect(unmask(masked.text, file.documents[0].entries)).toBe(NOTE);
    expect(isMappingFile({ type: 'something-else', version: 1, documents: [] })).toBe(false);
  });
});
