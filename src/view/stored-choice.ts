/** A setting picked from a closed list, kept in localStorage; the fallback when storage is blocked or holds something else. */
export function readStoredChoice<T extends string>(key: string, allowed: readonly T[], fallback: T): T {
  try {
    const stored = localStorage.getItem(key);
    return (allowed as readonly string[]).includes(stored ?? '') ? (stored as T) : fallback;
  } catch {
    return fallback;
  }
}

export function storeChoice(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Storage blocked: the choice lasts as long as the page.
  }
}
