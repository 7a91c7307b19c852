/**
 * What an export of the documents will hold, counted the way the exporters choose
 * (document.ts `decidedEntities`): a person's decisions (accepted proposals, entities a person
 * added) always, pending proposals only with `includePending`; rejected ones never. The export
 * controls show it (in words: view/messages.ts `exportSummary`), so nothing is left out without
 * saying so.
 */
import { type AnnotatedDocument, openProposals } from '../annotation/document';

export interface ExportSummary {
  readonly documents: number;
  readonly accepted: number;
  readonly added: number;
  /** Pending proposals written (includePending) or left out (not). */
  readonly proposals: number;
  readonly proposalsWritten: boolean;
  readonly rejected: number;
}

export function exportSummary(documents: readonly AnnotatedDocument[], includePending: boolean): ExportSummary {
  let accepted = 0;
  let added = 0;
  let proposals = 0;
  let rejected = 0;
  for (const document of documents) {
    for (const entity of document.entities) {
      if (entity.source === 'human') added++;
      else if (entity.status === 'accepted') accepted++;
      else if (entity.status === 'rejected') rejected++;
    }
    // The proposals an export with them would write (one overlapping a decision gives way).
    proposals += openProposals(document.entities).length;
  }
  return { documents: documents.length, accepted, added, proposals, proposalsWritten: includePending, rejected };
}
