/** Saves `content` as a file through a temporary object URL (the page makes every file itself: nothing is uploaded). */
export function download(fileName: string, content: string | Uint8Array<ArrayBuffer>, mimeType: string): void {
  const type = typeof content === 'string' ? `${mimeType};charset=utf-8` : mimeType;
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
