/**
 * What an adaptation learns from (core/adapt): the documents a person marked done in the model's tag
 * set, each with its decided entities (set by a person, or proposed and accepted). Pending and
 * rejected proposals are left out: nobody said they are right.
 */
import type { TrainingDocument } from '../core/adapt/training-data';
import { type AnnotatedDocument, compareEntities, isDecided, tagSetOfDocument } from './document';

export function trainingDocumentsOf(documents: readonly AnnotatedDocument[], tagSet: string): TrainingDocument[] {
  return documents
    .filter((document) => document.done === true && tagSetOfDocument(document) === tagSet)
    .map((document) => ({
      text: document.text,
      entities: document.entities
        .filter(isDecided)
        .sort(compareEntities)
        .map(({ start, end, label }) => ({ start, end, label })),
      line: 0,
    }));
}
