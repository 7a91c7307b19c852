/**
 * A textarea's value turns every "\r\n" and lone "\r" of its text into one "\n" (HTML's newline
 * normalisation), so a document imported with Windows line breaks is not what its text box
 * holds: the box's offsets count one character per line break, the document two, and the box's
 * new value after an edit has lost every "\r". These functions map between the two so that the
 * stored text (and every export's offsets) keeps its line breaks as imported.
 */

export type LineBreak = '\r\n' | '\n' | '\r';

/** What a textarea holds for `text`: each "\r\n" and lone "\r" as "\n". */
export function textareaValueOf(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

/** Maps a textarea offset (in the value of `textareaValueOf(text)`) back to the offset in `text`. */
export function textOffsetOfTextareaOffset(text: string, offset: number): number {
  if (!text.includes('\r')) return offset;
  let index = 0;
  for (let value = 0; value < offset && index < text.length; value++) index += text[index] === '\r' && text[index + 1] === '\n' ? 2 : 1;
  return index;
}

/** The line break `text` uses most ("\r\n" before "\n" before a lone "\r" on a tie); "\n" when it has none. */
export function lineBreakOf(text: string): LineBreak {
  if (!text.includes('\r')) return '\n';
  let crlf = 0;
  let lf = 0;
  let cr = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x0a) lf++;
    else if (code === 0x0d && text.charCodeAt(i + 1) === 0x0a) {
      crlf++;
      i++; // its "\n" is part of it
    } else if (code === 0x0d) cr++;
  }
  if (crlf >= lf && crlf >= cr) return '\r\n';
  return lf >= cr ? '\n' : '\r';
}

/**
 * The document text after an edit in its text box. `value` is the box's new value; the box held
 * `textareaValueOf(text)` before. The edit is the part between the longest common prefix and
 * suffix of the two values (as src/annotation/rebase.ts finds it for entities); it is mapped
 * onto `text`, so every character outside it (each "\r\n" included) stays as it was, and the
 * line breaks typed or pasted into it become the document's own (`lineBreakOf(text)`): a "\r\n"
 * document stays "\r\n" throughout. (One addition outside the edit: joinKeepingLineBreaks.)
 */
export function textAfterTextareaEdit(text: string, value: string): string {
  if (!text.includes('\r')) return value;
  const before = textareaValueOf(text);
  if (before === value) return text;
  const limit = Math.min(before.length, value.length);
  let prefix = 0;
  while (prefix < limit && before.charCodeAt(prefix) === value.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < limit - prefix && before.charCodeAt(before.length - 1 - suffix) === value.charCodeAt(value.length - 1 - suffix)) suffix++;
  // Each value character stands for one whole character or "\r\n" of the text, so both ends map onto boundaries of the text.
  const start = textOffsetOfTextareaOffset(text, prefix);
  const end = textOffsetOfTextareaOffset(text, before.length - suffix);
  const inserted = value.slice(prefix, value.length - suffix).replace(/\r\n?|\n/g, lineBreakOf(text));
  return joinKeepingLineBreaks(joinKeepingLineBreaks(text.slice(0, start), inserted), text.slice(end));
}

/**
 * `left + right`, except that a lone "\r" ending `left` becomes "\r\n" when `right` starts with
 * "\n": joined bare, the two line breaks would read as one "\r\n" (only in texts that mix lone
 * "\r" with "\n"; the value the text box shows stays the same).
 */
function joinKeepingLineBreaks(left: string, right: string): string {
  return left.endsWith('\r') && right.startsWith('\n') ? `${left}\n${right}` : left + right;
}
