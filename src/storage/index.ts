/** The storage module's public face (the app and the storage end-to-end test import this). */
export { DEFAULT_DATABASE, openWorkspace, type LoadedDocuments, type OpenResult, type Workspace } from './workspace-db';
export { createSaveQueue, type SaveQueue, type SaveState } from './save-queue';
export { DOCUMENT_SCHEMA_VERSION, readDocumentRecord, type InvalidRecord } from './records';
export type { StorageFailure, WriteResult } from './write-result';
