/**
 * What a person hands to "Load model" -> the files of one bundle, checked.
 *
 * Pure (no DOM, no ONNX Runtime, no storage): a folder (paths like `my-model/onnx/model.onnx`),
 * several loose files (bare names: `model.onnx`), one `.zip`, or a URL's files all become a
 * reader by bundle path; `checkBundle` then reads exactly the files docs/bundle-format.md names
 * and validates the JSON ones with src/core/bundle. The ONNX session test runs in
 * install.worker.ts. Messages name the file: "model bundle: missing file crf.json".
 */
import { unzipSync } from 'fflate';
import { MODEL_CARD_PATH, onnxFilesOf, readBundleFiles, verifyBundleFiles, type BundleFiles, type ModelConfig } from '../core/bundle/bundle';
import { type ModelCardInfo, modelInfoOf } from './model-info';

/** One file as given: its path (folder or zip entry, or a bare name) and its bytes. */
export interface InputFile {
  readonly path: string;
  readonly bytes: Uint8Array;
}

/** Reads a bundle file by its path inside the bundle; null when it is not there. */
export type ReadBundleBytes = (bundlePath: string) => Promise<Uint8Array | null>;


export interface CheckedBundle {
  readonly bundle: BundleFiles;
  readonly modelConfig: ModelConfig;
  /** Every file the bundle needs (and MODEL_CARD.md when given), by bundle path. */
  readonly files: ReadonlyMap<string, Uint8Array>;
  readonly card: ModelCardInfo;
}

/**
 * What a .zip may unpack to, all entries together (the declared sizes: fflate inflates each entry
 * into a buffer of its declared size, so they bound the memory). The KoBERT-size bundle is about
 * 470 MB with its int8 file; a .zip bomb declares far more and is refused before anything is inflated.
 */
export const MAX_UNZIPPED_BYTES = 1024 * 1024 * 1024;

const ZIP_MAGIC = [0x50, 0x4b]; // "PK"
/** Leftovers of archivers and file managers, never part of a bundle. */
const JUNK = /(^|\/)(__MACOSX\/|\.DS_Store$|Thumbs\.db$)/;

export function looksLikeZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === ZIP_MAGIC[0] && bytes[1] === ZIP_MAGIC[1];
}

/** Why a path given for a bundle file could point outside the bundle (`..`, absolute, a drive), or null. */
export function unsafePathProblem(path: string): string | null {
  const normal = path.replace(/\\/g, '/');
  if (normal.startsWith('/') || /^[a-zA-Z]:/.test(normal)) return `"${path}" is an absolute path`;
  if (normal.split('/').includes('..')) return `"${path}" climbs out of its folder ("..")`;
  if (normal.includes('\u0000')) return `"${path.replace(/\u0000/g, '\\0')}" holds a NUL character`;
  return null;
}

/** The files inside a .zip (folders and archiver junk left out). */
export function unzipEntries(bytes: Uint8Array, name: string): InputFile[] {
  let entries: Record<string, Uint8Array>;
  let refused: string | null = null;
  let declared = 0;
  try {
    entries = unzipSync(bytes, {
      // Runs for each entry before it is inflated: refuse the whole .zip at the first bad entry.
      filter(entry) {
        declared += entry.originalSize;
        const unsafe = unsafePathProblem(entry.name);
        if (refused === null && unsafe) refused = `entry ${unsafe}: refused, a bundle's files stay inside it`;
        if (refused === null && declared > MAX_UNZIPPED_BYTES) {
          refused = `its entries unpack to more than ${MAX_UNZIPPED_BYTES / 1048576} MB (a .zip bomb?): refused`;
        }
        return refused === null;
      },
    });
  } catch (error) {
    throw new Error(`${name}: not a readable .zip file (${messageOf(error)})`);
  }
  if (refused !== null) throw new Error(`${name}: ${refused}`);
  return Object.entries(entries)
    .filter(([path]) => !path.endsWith('/') && !JUNK.test(path))
    .map(([path, entryBytes]) => ({ path, bytes: entryBytes }));
}

/**
 * The files given -> a map by bundle path. One .zip is opened; the bundle's root is the
 * folder of the shallowest config.json (so `my-model/config.json` and `config.json` both work).
 */
export function bundleFilesFrom(input: readonly InputFile[]): Map<string, Uint8Array> {
  let files = input.filter((file) => !JUNK.test(normalizePath(file.path)));
  if (files.length === 0) throw new Error('model bundle: no files were given');
  for (const file of files) {
    const unsafe = unsafePathProblem(file.path);
    if (unsafe) throw new Error(`model bundle: ${unsafe}: refused, a bundle's files stay inside it`);
  }
  const zips = files.filter((file) => /\.zip$/i.test(file.path) || looksLikeZip(file.bytes));
  if (zips.length > 0) {
    if (files.length > 1) throw new Error(`model bundle: give one .zip on its own, or the bundle's files without it (got ${files.length} files, ${zips.length} of them .zip)`);
    if (!looksLikeZip(files[0].bytes)) throw new Error(`${baseName(files[0].path)}: not a .zip file (it does not start with "PK")`);
    files = unzipEntries(files[0].bytes, baseName(files[0].path));
    if (files.length === 0) throw new Error(`${baseName(input[0].path)}: the .zip holds no files`);
  }
  const paths = files.map((file) => normalizePath(file.path));
  const configs = paths.filter((path) => baseName(path) === 'config.json').sort((a, b) => depth(a) - depth(b) || a.localeCompare(b));
  if (configs.length === 0) {
    const shown = paths.slice(0, 5).join(', ') + (paths.length > 5 ? `, … (${paths.length} files)` : '');
    throw new Error(`model bundle: missing file config.json (got ${shown})`);
  }
  const root = configs[0].slice(0, configs[0].length - 'config.json'.length);
  const map = new Map<string, Uint8Array>();
  files.forEach((file, index) => {
    const path = paths[index];
    if (path.startsWith(root)) map.set(path.slice(root.length), file.bytes);
  });
  return map;
}

/**
 * A reader over a files map. Loose files have bare names, so a path the map lacks falls back
 * to the one file of the same name (`onnx/model.onnx` -> `model.onnx`) when exactly one has it.
 */
export function readerOf(files: ReadonlyMap<string, Uint8Array>): ReadBundleBytes {
  return async (bundlePath) => {
    const exact = files.get(bundlePath);
    if (exact) return exact;
    const name = baseName(bundlePath);
    const sameName = [...files.keys()].filter((path) => baseName(path) === name);
    return sameName.length === 1 ? files.get(sameName[0])! : null;
  };
}

/**
 * Reads and validates every file the bundle names. Throws the first problem, naming the
 * file: "model bundle: missing file crf.json", "crf.json: expected transitions to be 21x21, got 21x20".
 */
export async function checkBundle(read: ReadBundleBytes): Promise<CheckedBundle> {
  const files = new Map<string, Uint8Array>();
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const readKept = async (path: string) => {
    const bytes = await read(path);
    if (bytes !== null) files.set(path, bytes);
    return bytes;
  };
  const bundle = await readBundleFiles(async (path) => {
    const bytes = await readKept(path);
    if (bytes === null) return null;
    try {
      return decoder.decode(bytes);
    } catch {
      throw new Error(`${path}: expected UTF-8 text, got bytes that are not`);
    }
  });
  const { modelConfig } = bundle;
  const onnxPaths = onnxFilesOf(modelConfig);
  for (const path of onnxPaths) {
    const bytes = await readKept(path);
    const why = path === modelConfig.onnxPath ? '' : ' (named in config.json ner.onnx_quantized)';
    if (bytes === null) throw new Error(`model bundle: missing file ${path}${why}`);
    if (bytes.byteLength === 0) throw new Error(`${path}: the file is empty`);
  }
  await readKept(MODEL_CARD_PATH);
  await verifyBundleFiles(modelConfig, files);
  let bytes = 0;
  for (const file of files.values()) bytes += file.byteLength;
  return {
    bundle,
    modelConfig,
    files,
    card: { ...modelInfoOf(modelConfig), bytes },
  };
}

/** A storage id from the bundle's ner.id: ASCII word characters, dots and dashes (what `?model=` accepts). */
export function installIdOf(configId: string): string {
  const id = configId.normalize('NFKC').replace(/[^\w.-]+/g, '-').replace(/^[.-]+|-+$/g, '').slice(0, 64);
  return id || 'model';
}

function normalizePath(path: string): string {
  return path.replace(/\\/g, '/').replace(/^\.?\/+/, '');
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function depth(path: string): number {
  return path.split('/').length;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
