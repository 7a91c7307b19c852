/**
 * A textarea's value turns every "\r\n" and lone "\r" of its text into one "\n" (HTML's newline
 * normalisation), so its selection offsets are not the document's when an imported text kept its
 * Windows line breaks. This maps a textarea offset back to the text's.
 */
export function textOffsetOfTextareaOffset(text: string, offset: number): number {
  if (!text.includes('\r')) return offset;
  let index = 0;
  for (let value = 0; value < offset && index < text.length; value++) index += text[index] === '\r' && text[index + 1] === '\n' ? 2 : 1;
  return index;
}
