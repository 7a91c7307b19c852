/**
 * Where the review of one document stands: how many model proposals still wait for a person
 * (pending), how many a person accepted or rejected, and how many entities a person added. The
 * page puts the counts into words (view/messages.ts `reviewCounts`).
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
