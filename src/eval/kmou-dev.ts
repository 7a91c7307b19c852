/**
 * The KMOU dev split as the data README defines it (EXOBRAIN_NE_CORPUS_009 and _010), and the
 * validation split the training tools carve from train (tools/kner/corpus.py: the train files
 * whose name's MD5, as a number, is 0 modulo 20), read from ../shared/data/kmou-ner/kmou_ner.jsonl
 * (whose ids are "<file>#<sentence>"). Choices (window plans, thresholds) are made on validation;
 * the dev split only reports.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { LabeledSpan } from './entity-metrics';

export const DEV_FILES = ['EXOBRAIN_NE_CORPUS_009.txt', 'EXOBRAIN_NE_CORPUS_010.txt'] as const;

export interface GoldSentence {
  readonly id: string;
  readonly text: string;
  readonly entities: readonly LabeledSpan[];
}

export type KmouSplit = 'dev' | 'valid';

/** Is this train file in the validation split? As kner.corpus: int(md5(name), 16) % 20 == 0. */
export function isValidationFile(fileName: string): boolean {
  if ((DEV_FILES as readonly string[]).includes(fileName)) return false;
  // 2^128 mod 20 needs the whole number: reduce the hex digits modulo 20 one by one
  let remainder = 0;
  for (const digit of createHash('md5').update(fileName, 'utf8').digest('hex')) remainder = (remainder * 16 + parseInt(digit, 16)) % 20;
  return remainder === 0;
}

export function readKmouDevSplit(jsonlPath: string): GoldSentence[] {
  return readKmouSplit(jsonlPath, 'dev');
}

export function readKmouSplit(jsonlPath: string, split: KmouSplit): GoldSentence[] {
  const test = split === 'dev' ? (file: string) => (DEV_FILES as readonly string[]).includes(file) : isValidationFile;
  const known = new Map<string, boolean>();
  const inSplit = (file: string) => {
    let member = known.get(file);
    if (member === undefined) known.set(file, (member = test(file)));
    return member;
  };
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
      const hash = id.indexOf('#');
      if (hash < 0 || !inSplit(id.slice(0, hash))) return;
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
