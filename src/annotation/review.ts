/**
 * Where the review of one document stands: how many model proposals still wait for a person
 * (pending), how many a person accepted or rejected, and how many entities a person added.
 */
import type { AnnotatedEntity } from './document';

export interface ReviewCounts {
  readonly pending: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly added: number;
}

export function reviewCounts(entities: readonly AnnotatedEntity[]): ReviewCounts {
  let pending = 0;
  let accepted = 0;
  let rejected = 0;
  let added = 0;
  for (const entity of entities) {
    if (entity.source === 'human') added++;
    else if (entity.status === 'accepted') accepted++;
    else if (entity.status === 'rejected') rejected++;
    else pending++;
  }
  return { pending, accepted, rejected, added };
}

/** "3 to review · 5 accepted · 1 rejected · 2 added", leaving out the zeros; "no entities" when all are. */
export function describeCounts(counts: ReviewCounts): string {
  const parts = [
    counts.pending > 0 ? `${counts.pending} to review` : '',
    counts.accepted > 0 ? `${counts.accepted} accepted` : '',
    counts.rejected > 0 ? `${counts.rejected} rejected` : '',
    counts.added > 0 ? `${counts.added} added` : '',
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(' · ') : 'no entities';
}
