/**
 * How long a text the editor takes from one paste. Chromium lays out a 1,000,000-character
 * textarea in about 6 s and the highlighted copy of it in about 4 s (measured here, 2 busy
 * cores), then again after changes: the tab freezes. So a paste that would make the text longer
 * than the limit is refused with the limit named (the text stays as it was); longer texts go
 * through the CLI, or a file imported as one document per line. The same limit holds for one
 * imported document (src/formats/formats.ts), so no route puts a longer text in the editor.
 */
import { MAX_DOCUMENT_CHARS } from '../formats/formats';
import { type Message, say } from '../view/messages';

export const MAX_EDITOR_CHARS = MAX_DOCUMENT_CHARS;

/** Why pasting `pasted` over [selectionStart, selectionEnd) of `text` is refused (the length it would make, and the limit), or null. */
export function pasteProblem(text: string, selectionStart: number, selectionEnd: number, pasted: string): Message | null {
  const length = text.length - (selectionEnd - selectionStart) + pasted.length;
  if (length <= MAX_EDITOR_CHARS) return null;
  return say('pasteRefused', { length, limit: MAX_EDITOR_CHARS });
}
