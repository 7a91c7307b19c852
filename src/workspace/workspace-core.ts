/**
 * The workspace's core as its parts see it (useWorkspace.ts builds it; useWorkspaceFiles,
 * useAcrossDocuments and useTrash take it): the state as of now (a ref: calls in one event see each
 * other's changes), storage, the save queue, the stored revisions, and the core's own steps.
 */
import type { MutableRefObject } from 'react';
import type { AnnotationAction } from '../annotation/history';
import type { AnnotatedDocument } from '../annotation/document';
import type { SaveQueue, WorkspaceStore } from '../storage';
import type { Notice } from '../view/notice';
import type { WorkspaceState } from './tab-sync';

export interface WorkspaceCore {
  readonly stateRef: MutableRefObject<WorkspaceState>;
  readonly storeRef: MutableRefObject<WorkspaceStore | null>;
  readonly queueRef: MutableRefObject<SaveQueue | null>;
  /** The stored revision of each document: the base of its next save. */
  readonly revisionsRef: MutableRefObject<Map<string, number>>;
  readonly update: (change: (previous: WorkspaceState) => WorkspaceState) => void;
  readonly save: (document: AnnotatedDocument) => void;
  readonly select: (id: string) => void;
  readonly dispatch: (action: AnnotationAction) => void;
  /** Takes a document out of this tab's list, opening another if it was open. */
  readonly drop: (id: string) => void;
  readonly setNotice: (notice: Notice | null) => void;
  /** Resolves once the stored documents are loaded (or storage failed). */
  readonly loaded: { readonly promise: Promise<void> };
}
