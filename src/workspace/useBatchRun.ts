/**
 * The batch run: the model over every stored document, one after another, in the NER worker (the
 * page stays responsive), with progress and cancel. Each result is merged into its document as a
 * live run is (a person's decisions win) and saved; a document whose text changed while it was
 * being analysed keeps its text and is reported, not overwritten.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { NerWorker } from '../worker/useNerWorker';
import { MAX_TEXT_LENGTH } from '../worker/protocol';
import type { WorkspaceApi } from './useWorkspace';
import { tagSetOfDocument } from '../annotation/document';
import { type Message, say } from '../view/messages';

export interface BatchProblem {
  readonly name: string;
  /** Why the document was not analysed, put into words in the page's language. */
  readonly message: Message;
}

export type BatchState =
  | { readonly phase: 'idle' }
  | { readonly phase: 'running'; readonly done: number; readonly total: number; readonly current: string; readonly cancelling: boolean }
  | {
      readonly phase: 'finished';
      readonly done: number;
      readonly total: number;
      readonly cancelled: boolean;
      readonly entities: number;
      readonly problems: readonly BatchProblem[];
    };

export interface BatchRun {
  readonly state: BatchState;
  start(): void;
  cancel(): void;
}

/** tagSets: the names of the model's tag sets; each document is analysed in its own tag set (annotation/document.ts tagSetOfDocument), skipped when the model lacks it. */
export function useBatchRun(analyze: NerWorker['analyze'], workspace: Pick<WorkspaceApi, 'documents' | 'mergeModelInto'>, tagSets: readonly string[]): BatchRun {
  const tagSetsRef = useRef(tagSets);
  tagSetsRef.current = tagSets;
  const [state, setState] = useState<BatchState>({ phase: 'idle' });
  const documentsRef = useRef(workspace.documents);
  documentsRef.current = workspace.documents;
  const mergeRef = useRef(workspace.mergeModelInto);
  mergeRef.current = workspace.mergeModelInto;
  const runningRef = useRef(false);
  const cancelRef = useRef(false);
  const mountedRef = useRef(true);
  useEffect(() => {
    mountedRef.current = true;
    return () => {
      mountedRef.current = false;
      cancelRef.current = true;
    };
  }, []);

  const start = useCallback(() => {
    if (runningRef.current) return;
    runningRef.current = true;
    cancelRef.current = false;
    const ids = documentsRef.current.map((d) => d.id);
    const problems: BatchProblem[] = [];
    let entities = 0;
    let done = 0;
    const show = (next: BatchState) => mountedRef.current && setState(next);
    void (async () => {
      for (const id of ids) {
        if (cancelRef.current) break;
        const document = documentsRef.current.find((d) => d.id === id);
        if (!document) {
          done++;
          continue; // deleted meanwhile
        }
        show({ phase: 'running', done, total: ids.length, current: document.name, cancelling: false });
        const { text, name } = document;
        const tagSet = tagSetOfDocument(document);
        if (text.trim() !== '') {
          if (!tagSetsRef.current.includes(tagSet)) {
            problems.push({ name, message: say('batchOtherTagSet', { tagSet }) });
          } else if (text.length > MAX_TEXT_LENGTH) {
            problems.push({ name, message: say('batchTooLong', { length: text.length, limit: MAX_TEXT_LENGTH }) });
          } else {
            try {
              const outcome = await analyze(text, { tagSet });
              if (cancelRef.current) break; // cancelled while it ran: its result is not applied
              if (outcome.kind === 'result') {
                if (mergeRef.current(id, text, outcome.entities, tagSet)) entities += outcome.entities.length;
                else if (documentsRef.current.some((d) => d.id === id)) problems.push({ name, message: say('batchTextChanged') });
              }
            } catch (error) {
              problems.push({ name, message: say('batchError', { detail: (error as Error).message }) });
            }
          }
        }
        done++;
      }
      runningRef.current = false;
      show({ phase: 'finished', done, total: ids.length, cancelled: cancelRef.current && done < ids.length, entities, problems });
    })();
  }, [analyze]);

  const cancel = useCallback(() => {
    if (!runningRef.current) return;
    cancelRef.current = true;
    setState((previous) => (previous.phase === 'running' ? { ...previous, cancelling: true } : previous));
  }, []);

  return { state, start, cancel };
}
