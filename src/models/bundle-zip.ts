/**
 * A bundle's files -> one .zip holding a folder named after the model (`<id>/config.json`, ...):
 * what "Export .zip" saves. Unzipped, the folder is a bundle for `npm run ner -- --model DIR`; the
 * .zip itself loads through "Load model" (bundle-input.ts finds the folder's config.json). The ONNX
 * files are stored, not deflated (they hardly shrink, and storing keeps the page's thread free).
 */
import { zipSync, type Zippable } from 'fflate';

export function zipBundle(folder: string, files: ReadonlyMap<string, Uint8Array>): Uint8Array<ArrayBuffer> {
  const entries: Zippable = {};
  for (const [path, bytes] of files) entries[`${folder}/${path}`] = [bytes, { level: /\.(json|md|txt)$/iu.test(path) ? 6 : 0 }];
  return zipSync(entries) as Uint8Array<ArrayBuffer>;
}
