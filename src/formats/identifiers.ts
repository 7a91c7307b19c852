/**
 * Rule-found identifiers in exports. With `ExportOptions.includeIdentifiers` each document is
 * exported with the identifiers its text holds (src/core/identifiers), under their own labels
 * (PHONE, RRN, ...), as decided entities: an identifier replaces a model entity it overlaps,
 * and a person's entity stays over an identifier (src/core/redact/merge.ts), so the
 * output stays flat, as BIO needs.
 */
import { findIdentifiers } from '../core/identifiers/identifiers';
import { mergeIdentifiers } from '../core/redact/merge';
import { type AnnotatedDocument, type AnnotatedEntity, compareEntities, humanEntity } from '../annotation/document';

export function withRuleIdentifiers(document: AnnotatedDocument): AnnotatedDocument {
  const identifiers = findIdentifiers(document.text).map(({ start, end, label }) => humanEntity(start, end, label));
  if (identifiers.length === 0) return document;
  const entities = mergeIdentifiers<AnnotatedEntity, AnnotatedEntity>(document.entities, identifiers, (entity) => entity.source === 'human');
  return { ...document, entities: entities.sort(compareEntities) };
}
