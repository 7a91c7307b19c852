/**
 * Installed model bundles, kept for offline use in **Cache Storage**.
 *
 * What is stored where:
 * - one cache per install, named `ner-model:<id>:<nonce>`, holding each bundle file under the
 *   URL `<origin><base>installed-models/<id>/<bundle path>` (config.json, crf.json, tokenizer
 *   files, onnx/model.onnx, ...), and `.installed.json` (the card: {type, version, card, source,
 *   installedAt}) written LAST: a cache without it is an unfinished install, never listed, and
 *   swept away by the next `listInstalled`;
 * - the selected model id in localStorage (selection.ts).
 *
 * Why Cache Storage and not OPFS: the same API reads a file in the page, the install worker and
 * the NER worker (which already reads bundles as URL + bytes, so an installed bundle is just
 * another URL to it), a whole install is removed with one `caches.delete`, and a full disk is a
 * `QuotaExceededError` from `put` that we turn into a message. OPFS would add a directory tree to
 * manage and, in Chromium's page context, only the async writable API.
 *
 * A reinstall of the same id writes a new cache first and deletes the old one only once the new
 * one is complete, so a failure (full disk, a closed tab) leaves the old install as it was.
 */
import type { ModelCardInfo } from './model-info';

const CACHE_PREFIX = 'ner-model:';
const META_PATH = '.installed.json';
const META_TYPE = 'korean-ner/installed-model';
const META_VERSION = 1;

export interface InstalledModel {
  /** Storage id (folder-name safe); the app's model choice is `installed:<id>`. */
  readonly id: string;
  readonly card: ModelCardInfo;
  /** Where it came from, for the list: "folder my-model", "3 files", "zip x.zip", "URL https://...". */
  readonly source: string;
  /** ISO time. */
  readonly installedAt: string;
  /** MODEL_CARD.md, when the bundle had one. */
  readonly modelCard: string | null;
}

interface StoredMeta extends Omit<InstalledModel, 'id'> {
  readonly type: typeof META_TYPE;
  readonly version: typeof META_VERSION;
}

export const INSTALLED_PREFIX = 'installed:';
const URL_FOLDER = 'installed-models/';

/** The URL prefix of an installed bundle's files (a key, never fetched from the network). */
export function installedModelUrl(id: string, origin: string = self.location.origin): string {
  return new URL(`${import.meta.env.BASE_URL}${URL_FOLDER}${encodeURIComponent(id)}/`, origin).href;
}

/** The installed id when `modelUrl` is one of installedModelUrl's, else null. */
export function installedIdOfUrl(modelUrl: string): string | null {
  const prefix = new URL(`${import.meta.env.BASE_URL}${URL_FOLDER}`, self.location.origin).href;
  if (!modelUrl.startsWith(prefix)) return null;
  const rest = modelUrl.slice(prefix.length);
  const slash = rest.indexOf('/');
  return slash > 0 ? decodeURIComponent(rest.slice(0, slash)) : null;
}

export function hasCacheStorage(): boolean {
  return typeof caches !== 'undefined';
}

function requireCacheStorage(): CacheStorage {
  if (!hasCacheStorage()) throw new Error('this browser gives this page no Cache Storage (a private window, or a page not served over HTTPS), so models cannot be stored');
  return caches;
}

/** Caches of one id, complete or not. */
async function cacheNamesOf(id: string): Promise<string[]> {
  const names = await requireCacheStorage().keys();
  return names.filter((name) => name.startsWith(`${CACHE_PREFIX}${id}:`));
}

async function readMeta(cache: Cache, id: string): Promise<StoredMeta | null> {
  const response = await cache.match(installedModelUrl(id) + META_PATH);
  if (!response) return null;
  try {
    const meta = (await response.json()) as Partial<StoredMeta>;
    // Checked on the way back in: a record of another shape or version is not ours to show.
    if (meta.type !== META_TYPE || meta.version !== META_VERSION || typeof meta.card?.name !== 'string') return null;
    return meta as StoredMeta;
  } catch {
    return null;
  }
}

/** The complete install of an id (the newest when, after a crash, there are two). */
async function completeCacheOf(id: string): Promise<{ name: string; cache: Cache; meta: StoredMeta } | null> {
  let best: { name: string; cache: Cache; meta: StoredMeta } | null = null;
  for (const name of await cacheNamesOf(id)) {
    const cache = await caches.open(name);
    const meta = await readMeta(cache, id);
    if (meta && (!best || meta.installedAt > best.meta.installedAt)) best = { name, cache, meta };
  }
  return best;
}

/** Installed models, by name; unfinished installs are deleted on the way. */
export async function listInstalled(): Promise<InstalledModel[]> {
  if (!hasCacheStorage()) return [];
  const byId = new Map<string, { meta: StoredMeta; name: string }>();
  const unfinished: string[] = [];
  for (const name of await caches.keys()) {
    if (!name.startsWith(CACHE_PREFIX)) continue;
    const id = name.slice(CACHE_PREFIX.length, name.lastIndexOf(':'));
    const meta = await readMeta(await caches.open(name), id);
    if (!meta) {
      unfinished.push(name);
      continue;
    }
    const previous = byId.get(id);
    if (previous) unfinished.push(meta.installedAt > previous.meta.installedAt ? previous.name : name);
    if (!previous || meta.installedAt > previous.meta.installedAt) byId.set(id, { meta, name });
  }
  await Promise.all(unfinished.filter((name) => ![...byId.values()].some((kept) => kept.name === name)).map((name) => caches.delete(name)));
  return [...byId.entries()]
    .map(([id, { meta }]) => ({ id, card: meta.card, source: meta.source, installedAt: meta.installedAt, modelCard: meta.modelCard }))
    .sort((a, b) => a.card.name.localeCompare(b.card.name) || a.id.localeCompare(b.id));
}

/** A file of an installed bundle; null when the file is not stored; throws when the model is not. */
export async function readInstalledFile(id: string, bundlePath: string): Promise<Uint8Array | null> {
  const found = hasCacheStorage() ? await completeCacheOf(id) : null;
  if (!found) throw new Error(`the installed model "${id}" is not in this browser's storage (removed, or evicted by the browser)`);
  const response = await found.cache.match(installedModelUrl(id) + bundlePath);
  return response ? new Uint8Array(await response.arrayBuffer()) : null;
}

/** Every file of an installed model by bundle path (the store's own record left out): what an export zips. */
export async function readInstalledFiles(id: string): Promise<Map<string, Uint8Array>> {
  const found = hasCacheStorage() ? await completeCacheOf(id) : null;
  if (!found) throw new Error(`the installed model "${id}" is not in this browser's storage (removed, or evicted by the browser)`);
  const base = installedModelUrl(id);
  const files = new Map<string, Uint8Array>();
  for (const request of await found.cache.keys()) {
    if (!request.url.startsWith(base)) continue;
    const path = decodeURI(request.url.slice(base.length));
    if (path === META_PATH) continue;
    const response = await found.cache.match(request);
    if (response) files.set(path, new Uint8Array(await response.arrayBuffer()));
  }
  return files;
}

export class StorageFullError extends Error {}

/**
 * Stores a checked bundle under `id`, replacing an earlier install of that id only once the
 * new one is complete. Throws StorageFullError (nothing changed) when the quota runs out.
 */
export async function installFiles(
  id: string,
  files: ReadonlyMap<string, Uint8Array>,
  details: Omit<InstalledModel, 'id' | 'installedAt'>,
): Promise<{ model: InstalledModel; replaced: boolean }> {
  const storage = requireCacheStorage();
  const previous = await cacheNamesOf(id);
  const name = `${CACHE_PREFIX}${id}:${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  const cache = await storage.open(name);
  const base = installedModelUrl(id);
  const model: InstalledModel = { id, installedAt: new Date().toISOString(), ...details };
  try {
    for (const [path, bytes] of files) {
      await cache.put(base + path, new Response(bytes as Uint8Array<ArrayBuffer>, { headers: { 'content-type': contentTypeOf(path), 'content-length': String(bytes.byteLength) } }));
    }
    const meta: StoredMeta = { type: META_TYPE, version: META_VERSION, card: model.card, source: model.source, installedAt: model.installedAt, modelCard: model.modelCard };
    await cache.put(base + META_PATH, new Response(JSON.stringify(meta), { headers: { 'content-type': 'application/json' } }));
  } catch (error) {
    await storage.delete(name).catch(() => undefined);
    if (isQuotaError(error)) {
      const mb = (model.card.bytes / (1024 * 1024)).toFixed(1);
      throw new StorageFullError(`not enough storage space for this model (${mb} MB): remove an installed model or free disk space, then try again`);
    }
    throw new Error(`the model could not be stored: ${error instanceof Error ? error.message : String(error)}`);
  }
  await Promise.all(previous.map((old) => storage.delete(old)));
  // Ask the browser not to evict stored models under storage pressure (it may say no).
  await navigator.storage?.persist?.().catch(() => false);
  return { model, replaced: previous.length > 0 };
}

/** Removes every cache of an installed model; false when there was none. */
export async function removeInstalled(id: string): Promise<boolean> {
  const names = await cacheNamesOf(id);
  await Promise.all(names.map((name) => caches.delete(name)));
  return names.length > 0;
}

function isQuotaError(error: unknown): boolean {
  return error instanceof DOMException && (error.name === 'QuotaExceededError' || error.code === 22);
}

function contentTypeOf(path: string): string {
  if (path.endsWith('.json')) return 'application/json';
  if (path.endsWith('.md')) return 'text/markdown; charset=utf-8';
  return 'application/octet-stream';
}
