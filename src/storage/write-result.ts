/** Outcomes of storage writes as values the UI can show: nothing fails silently. */

export type StorageFailureKind = 'quota' | 'unavailable' | 'invalid' | 'failed';

export interface StorageFailure {
  readonly kind: StorageFailureKind;
  /** A sentence for the user. */
  readonly message: string;
}

export type WriteResult = { readonly ok: true } | { readonly ok: false; readonly failure: StorageFailure };

export const WRITTEN: WriteResult = { ok: true };

/** Classifies whatever a failed IndexedDB call threw (or a transaction's `error`). */
export function storageFailure(error: unknown): StorageFailure {
  const name = error instanceof Error || error instanceof DOMException ? error.name : '';
  const detail = error instanceof Error || error instanceof DOMException ? error.message : String(error);
  if (name === 'QuotaExceededError') {
    return { kind: 'quota', message: 'The disk (or the browser storage quota) is full: the last changes are NOT saved. Free some space or export your documents.' };
  }
  if (name === 'InvalidStateError' || name === 'UnknownError' || name === 'VersionError' || name === 'SecurityError') {
    return { kind: 'unavailable', message: `Browser storage is not available (${name}: ${detail}). The last changes are NOT saved.` };
  }
  return { kind: 'failed', message: `Saving failed (${name || 'error'}: ${detail}). The last changes are NOT saved.` };
}
