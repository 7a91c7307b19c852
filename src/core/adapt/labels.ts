/**
 * Label names between a training file and the base model's tag set: renames asked for, and
 * clashes (the same name for a different thing) refused in plain words.
 */
import type { SpanScore } from './fit';
import type { TrainingDocument } from './training-data';

/** A type shared by name with the base model is taken as the same thing unless the base agrees this little with the file's spans. */
export const CLASH_F1 = 0.2;
/** ... on at least this many of the file's entities of the type. */
export const CLASH_MIN_SUPPORT = 10;

/** "OLD=NEW" pairs -> a map; throws on a malformed one. */
export function parseRenames(pairs: readonly string[]): Map<string, string> {
  const renames = new Map<string, string>();
  for (const pair of pairs) {
    const match = /^([^=\s]+)=([^=\s]+)$/u.exec(pair);
    if (!match) throw new Error(`expected a rename as OLD=NEW (e.g. DT=DATE), got ${JSON.stringify(pair)}`);
    renames.set(match[1], match[2]);
  }
  return renames;
}

/** The documents with their labels renamed. */
export function renameLabels(documents: readonly TrainingDocument[], renames: ReadonlyMap<string, string>): TrainingDocument[] {
  if (renames.size === 0) return [...documents];
  return documents.map((document) => ({ ...document, entities: document.entities.map((entity) => ({ ...entity, label: renames.get(entity.label) ?? entity.label })) }));
}

/** The clash message, or null: types whose name the base model has but whose spans it does not find. */
export function labelClashes(agreement: ReadonlyMap<string, SpanScore>): string | null {
  const clashes = [...agreement].filter(([, score]) => score.support >= CLASH_MIN_SUPPORT && score.f1 < CLASH_F1);
  if (clashes.length === 0) return null;
  const listed = clashes.map(([type, score]) => `${type} (the base model's ${type} matches ${(score.f1 * 100).toFixed(0)}% of the file's ${score.support} ${type} entities)`).join(', ');
  const example = clashes[0][0];
  return (
    `label clash: the file uses ${listed}: the same name seems to mean something else here. ` +
    `Rename it to learn it as a new type (--rename ${example}=${example}2), or pass --same-labels to treat it as the base model's ${example} anyway.`
  );
}
