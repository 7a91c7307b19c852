import { describe, expect, it } from 'vitest';
import type { AnnotatedDocument } from '../annotation/document';
import { exportMasked } from './masked';
import { unmask } from '../core/redact/mapping';

function doc(id: string, name: string, text: string, names: string[]): AnnotatedDocument {
  return {
    id,
    name,
    text,
    entities: names.map((surface) => ({ start: text.indexOf(surface), end: text.indexOf(surface) + surface.length, label: 'PER', source: 'model', status: 'pending' })),
    createdAt: 1,
    updatedAt: 1,
  };
}

describe('exportMasked', () => {
  const documents = [doc('a', '상담 1', '이서연 고객 010-2222-3333 문의', ['이서연']), doc('b', '상담 2', '박지훈 님 메일 park@example.com', ['박지훈'])];

  it('writes one JSON line per document with its masked text, pending proposals masked too', () => {
    const { content } = exportMasked(documents, 'tag', new Set(['PER', 'PHONE', 'EMAIL']));
    expect(content.trimEnd().split('\n').map((line) => JSON.parse(line))).toEqual([
      { name: '상담 1', text: '[PER] 고객 [PHONE] 문의' },
      { name: '상담 2', text: '[PER] 님 메일 [EMAIL]' },
    ]);
  });

  it('gives a mapping per document that puts the originals back', () => {
    const { content, mapping } = exportMasked(documents, 'numbered', new Set(['PER', 'PHONE', 'EMAIL']));
    const lines = content.trimEnd().split('\n').map((line) => JSON.parse(line).text as string);
    expect(mapping.documents.map((d, i) => unmask(lines[i], d.entries))).toEqual(documents.map((d) => d.text));
  });
});
