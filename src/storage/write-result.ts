/** Outcomes of storage writes as values the UI can show: nothing fails silently. */
import type { AnnotatedDocument } from '../annotation/document';

export type StorageFailureKind = 'quota' | 'unavailable' | 'invalid' | 'failed' | 'conflict';

export interface StorageFailure {
  readonly kind: StorageFailureKind;
  /** A sentence for the user. */
  readonly message: string;
}

export type WriteResult = { readonly ok: true } | { readonly ok: false; readonly failure: StorageFailure };

export const WRITTEN: WriteResult = { ok: true };

/** A stored document as one revision of it (records.ts). */
export interface StoredVersion {
  readonly document: AnnotatedDocument;
  readonly revision: number;
}

/**
 * Another tab wrote (or deleted) the document since this tab read it: nothing was written.
 * `current` is what is stored now (null: deleted, or a record this app cannot read).
 */
export interface ConflictFailure extends StorageFailure {
  readonly kind: 'conflict';
  readonly current: StoredVersion | null;
}

export type SaveResult = { readonly ok: true; readonly revision: number } | { readonly ok: false; readonly failure: StorageFailure | ConflictFailure };

export function isConflict(failure: StorageFailure): failure is ConflictFailure {
  return failure.kind === 'conflict';
}

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
