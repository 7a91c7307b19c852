import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importKmou } from './kmou';
import { dataPath, missingData } from '../eval/third-party-data';

const CORPUS = dataPath('kmou-ner');
const missing = missingData('kmou-ner/kmou_ner.jsonl', 'kmou-ner/raw');

describe('KMOU corpus format', () => {
  it('takes the text and entities from the markup line', () => {
    const content = '## 7\n## 특히 김병현은\n## 특히 <김병현:PER>은\n특히\t특히\tMAG\tO\n_\t_\t_\tO\n김병현\t김병현\tNNP\tB-PER\n은\t은\tJX\tO\n';
    expect(importKmou(content, 'dir/00002_NER.txt')).toEqual([
      { name: '00002_NER.txt#7', text: '특히 김병현은', entities: [{ start: 3, end: 6, label: 'PER', source: 'human' }] },
    ]);
  });

  it('names the line where a sentence lacks its header lines', () => {
    expect(() => importKmou('## 1\n## 가\n## 가\n가\t가\tNNG\tO\n\n## 2\n나\t나\tNNG\tO\n', 'x.txt')).toThrow(/line 7: expected a header line "## …" with the raw sentence, got "나\\t/);
  });

  // The corpus lives outside the repository (third-party data); skipped where it is absent.
  it.skipIf(missing !== null)(`reads every corpus file to the same sentences and entities as kmou_ner.jsonl${missing ? ` (${missing})` : ''}`, () => {
    const expected = new Map<string, { text: string; entities: { start: number; end: number; label: string }[] }>();
    for (const line of readFileSync(`${CORPUS}/kmou_ner.jsonl`, 'utf8').split('\n')) {
      if (line) {
        const record = JSON.parse(line);
        expected.set(record.id, { text: record.text, entities: record.entities.map(({ start, end, label }: { start: number; end: number; label: string }) => ({ start, end, label })) });
      }
    }
    let sentences = 0;
    for (const file of readdirSync(`${CORPUS}/raw`).filter((name) => name.endsWith('.txt'))) {
      for (const draft of importKmou(readFileSync(`${CORPUS}/raw/${file}`, 'utf8'), file)) {
        expect({ text: draft.text, entities: draft.entities.map(({ start, end, label }) => ({ start, end, label })) }).toEqual(expected.get(draft.name));
        sentences++;
      }
    }
    expect(sentences).toBe(expected.size);
  });
});
