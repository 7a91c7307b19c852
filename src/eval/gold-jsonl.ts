/**
 * A gold JSONL in the KLUE style (../shared/data/klue-ner/klue_ner_train.jsonl, or a validation split a
 * model team writes): one {"id", "text", "entities": [{"start", "end", "label", "surface"?}]} per line,
 * offsets in code points (as Python's str indexes), end exclusive. Read into UTF-16 offsets (the
 * pipeline's); an entity whose `surface` is not the text at its offsets is an error naming the line.
 * `ids` keeps only the listed sentences (a split), in the file's order; an id listed but absent is an error.
 */
import { readFileSync } from 'node:fs';
import type { LabeledSpan } from './entity-metrics';
import type { GoldSentence } from './kmou-dev';

/** Ids from a file: one per line (blank lines skipped), or a JSON array of strings. */
export function readIdList(path: string): string[] {
  const text = readFileSync(path, 'utf8');
  if (text.trimStart().startsWith('[')) {
    const ids: unknown = JSON.parse(text);
    if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string')) throw new Error(`${path}: expected a JSON array of ids (strings) or one id per line`);
    return ids as string[];
  }
  return text.split('\n').map((line) => line.trim()).filter(Boolean);
}

export function readGoldJsonl(path: string, ids?: readonly string[]): GoldSentence[] {
  const wanted = ids === undefined ? null : new Set(ids);
  const sentences: GoldSentence[] = [];
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((line, index) => {
      if (line.trim() === '') return;
      const where = `${path}:${index + 1}`;
      let record: unknown;
      try {
        record = JSON.parse(line);
      } catch (error) {
        throw new Error(`${where}: expected a JSON object, got ${(error as Error).message}`);
      }
      const { id, text, entities } = (record ?? {}) as { id?: unknown; text?: unknown; entities?: unknown };
      if (typeof id !== 'string' || typeof text !== 'string' || !Array.isArray(entities)) throw new Error(`${where}: expected {id, text, entities}, got ${line.slice(0, 80)}`);
      if (wanted !== null && !wanted.has(id)) return;
      sentences.push({ id, text, entities: entities.map((entity, number) => utf16Entity(text, entity, `${where}: entities[${number}]`)) });
    });
  if (wanted !== null) {
    const found = new Set(sentences.map((sentence) => sentence.id));
    const missing = [...wanted].filter((id) => !found.has(id));
    if (missing.length > 0) throw new Error(`${path}: ${missing.length} of the ${wanted.size} listed ids are not in the file, e.g. ${JSON.stringify(missing[0])}`);
  }
  return sentences;
}

function utf16Entity(text: string, entity: unknown, where: string): LabeledSpan {
  const { start, end, label, surface } = (entity ?? {}) as { start?: unknown; end?: unknown; label?: unknown; surface?: unknown };
  const points = [...text];
  if (!Number.isInteger(start) || !Number.isInteger(end) || typeof label !== 'string' || (start as number) < 0 || (end as number) <= (start as number) || (end as number) > points.length) {
    throw new Error(`${where}: expected {start, end, label} with 0 <= start < end <= ${points.length} (code points), got ${JSON.stringify(entity)}`);
  }
  const utf16Start = points.slice(0, start as number).join('').length;
  const utf16End = utf16Start + points.slice(start as number, end as number).join('').length;
  if (surface !== undefined && text.slice(utf16Start, utf16End) !== surface) {
    throw new Error(`${where}: expected the text at ${start}..${end} to be its surface ${JSON.stringify(surface)}, got ${JSON.stringify(text.slice(utf16Start, utf16End))}`);
  }
  return { start: utf16Start, end: utf16End, label };
}
