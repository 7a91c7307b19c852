/**
 * What an export of the documents will hold, counted the way the exporters choose
 * (document.ts `decidedEntities`): a person's decisions (accepted proposals, entities a person
 * added) always, pending proposals only with `includePending`; rejected ones never. The export
 * controls show it, so nothing is left out without saying so.
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

/** "Writes 12 entities from 3 documents: 4 accepted, 3 added by a person, 5 proposals not reviewed. Left out: 2 rejected." */
export function describeExport(summary: ExportSummary): string {
  const { documents, accepted, added, proposals, proposalsWritten, rejected } = summary;
  const plural = (n: number, word: string) => `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;
  const written = accepted + added + (proposalsWritten ? proposals : 0);
  const parts = [`${accepted.toLocaleString('en')} accepted`, `${added.toLocaleString('en')} added by a person`];
  if (proposalsWritten) parts.push(`${plural(proposals, 'proposal')} not reviewed`);
  const leftOut = [...(!proposalsWritten && proposals > 0 ? [`${plural(proposals, 'proposal')} not reviewed`] : []), ...(rejected > 0 ? [`${rejected.toLocaleString('en')} rejected`] : [])];
  const entities = `${written.toLocaleString('en')} ${written === 1 ? 'entity' : 'entities'}`;
  return `Writes ${entities} from ${plural(documents, 'document')}: ${parts.join(', ')}.${leftOut.length > 0 ? ` Left out: ${leftOut.join(', ')}.` : ''}`;
}
