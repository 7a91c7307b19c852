/** The storage module's public face (the app and the storage end-to-end test import this). */
export { CONFLICT_COPY_SUFFIX, DEFAULT_DATABASE, openWorkspaceStore, type LoadedDocuments, type OpenResult, type Recovery, type WorkspaceStore } from './workspace-db';
export { createSaveQueue, type SaveQueue, type SaveState } from './save-queue';
export { DOCUMENT_SCHEMA_VERSION, readDocumentRecord, type InvalidRecord } from './records';
export { isConflict, type ConflictFailure, type SaveResult, type StorageFailure, type StoredVersion, type WriteResult } from './write-result';
export type { ChangeMessage } from './workspace-channel';
