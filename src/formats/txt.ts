/**
 * Plain text, import only: the whole file as one document, or one document per non-blank
 * line (the line exactly as written, without its `\n` or `\r\n`, like the CLI). No entities.
 */
import { type DocumentDraft } from '../annotation/document';
import { fileStem } from './common';

export type TxtMode = 'whole' | 'lines';

export function importTxt(content: string, fileName: string, mode: TxtMode): DocumentDraft[] {
  const stem = fileStem(fileName);
  if (mode === 'whole') return [{ name: stem, text: content, entities: [] }];
  return content
    .split('\n')
    .map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line))
    .filter((line) => line.trim() !== '')
    .map((text, i) => ({ name: `${stem} ${i + 1}`, text, entities: [] }));
}
