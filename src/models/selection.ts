/**
 * The model a person chose, kept in localStorage so that a new visit (no `?model=` in the
 * address) opens it again. An explicit `?model=` (tests, links) wins and is not remembered.
 */
const KEY = 'korean-ner.model';

/** The query string with the remembered model added when it names none. */
export function withRememberedModel(search: string, storage: Pick<Storage, 'getItem'> | null = safeLocalStorage()): string {
  const params = new URLSearchParams(search);
  if (params.get('model')) return search;
  const remembered = readItem(storage);
  if (!remembered) return search;
  params.set('model', remembered);
  return `?${params}`;
}

export function rememberModel(modelId: string, storage: Pick<Storage, 'setItem'> | null = safeLocalStorage()): void {
  try {
    storage?.setItem(KEY, modelId);
  } catch {
    // A full or disabled localStorage: the choice still holds for this page (it is in the address).
  }
}

function readItem(storage: Pick<Storage, 'getItem'> | null): string | null {
  try {
    return storage?.getItem(KEY) ?? null;
  } catch {
    return null;
  }
}

function safeLocalStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // some browsers throw on access when storage is blocked
  }
}
