/**
 * The KMOU dev split as the data README defines it (EXOBRAIN_NE_CORPUS_009 and _010), read from
 * ../shared/data/kmou-ner/kmou_ner.jsonl (whose ids are "<file>#<sentence>").
 */
import { readFileSync } from 'node:fs';
import type { LabeledSpan } from './entity-metrics';

export const DEV_FILES = ['EXOBRAIN_NE_CORPUS_009.txt', 'EXOBRAIN_NE_CORPUS_010.txt'] as const;

export interface GoldSentence {
  readonly id: string;
  readonly text: string;
  readonly entities: readonly LabeledSpan[];
}

export function readKmouDevSplit(jsonlPath: string): GoldSentence[] {
  const sentences: GoldSentence[] = [];
  readFileSync(jsonlPath, 'utf8')
    .split('\n')
    .forEach((line, index) => {
      if (line.trim() === '') return;
      let record: unknown;
      try {
        record = JSON.parse(line);
      } catch (error) {
        throw new Error(`${jsonlPath}:${index + 1}: expected a JSON object, got ${(error as Error).message}`);
      }
      const { id, text, entities } = record as { id: string; text: string; entities: LabeledSpan[] };
      if (typeof id !== 'string' || typeof text !== 'string' || !Array.isArray(entities)) {
        throw new Error(`${jsonlPath}:${index + 1}: expected {id, text, entities}, got ${line.slice(0, 80)}`);
      }
      if (!DEV_FILES.some((file) => id.startsWith(`${file}#`))) return;
      sentences.push({ id, text, entities: entities.map(({ start, end, label }) => ({ start, end, label })) });
    });
  return sentences;
}

/**
 * Consecutive sentences joined into documents of `size` sentences (one space between them, entity
 * offsets shifted): long inputs that need several windows, as pasted articles do.
 */
export function joinIntoDocuments(sentences: readonly GoldSentence[], size: number): GoldSentence[] {
  const documents: GoldSentence[] = [];
  for (let first = 0; first < sentences.length; first += size) {
    const group = sentences.slice(first, first + size);
    let text = '';
    const entities: LabeledSpan[] = [];
    for (const sentence of group) {
      if (text !== '') text += ' ';
      const shift = text.length;
      text += sentence.text;
      for (const { start, end, label } of sentence.entities) entities.push({ start: start + shift, end: end + shift, label });
    }
    documents.push({ id: `${group[0].id}+${group.length}`, text, entities });
  }
  return documents;
}
