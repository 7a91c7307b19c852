/**
 * Tags per token -> entities with offsets in the ORIGINAL text.
 *
 * Offsets are UTF-16 code units, end exclusive (String.prototype.slice(start, end) gives
 * the entity text). B-X opens an entity; I-X continues an open X and otherwise opens a new
 * one; every other label (O, [CLS], [SEP], [PAD], [MASK], ...) closes it and never makes
 * an entity.
 */
import { parseBioLabel } from '../labels/bio';
import { trimEdges } from '../text/utf16';

export interface Entity {
  /** UTF-16 offset of the first code unit in the original text. */
  readonly start: number;
  /** UTF-16 offset one past the last code unit (exclusive). */
  readonly end: number;
  /** Entity type, e.g. "PER" (the label without its B-/I- prefix). */
  readonly label: string;
  readonly text: string;
  /** Minimum over the entity's tokens of the marginal probability of the decoded tag, in [0, 1]. */
  readonly score: number;
}

export interface TokenTags {
  /** Label names, indexed by tag. */
  readonly labels: readonly string[];
  /** shape: (numTokens,): decoded tag of each content token ([CLS]/[SEP]/padding already dropped) */
  readonly tags: Int32Array;
  /** shape: (numTokens,): marginal probability of the decoded tag */
  readonly tagProbabilities: Float32Array;
  /** shape: (numTokens,): original span [charStarts[t], charEnds[t]) of each token; may be empty */
  readonly charStarts: Int32Array;
  readonly charEnds: Int32Array;
}

/** Edge characters that never belong to an entity. */

export function tagsToEntities(text: string, tokenTags: TokenTags): Entity[] {
  const { labels, tags, tagProbabilities, charStarts, charEnds } = tokenTags;
  const numTokens = tags.length;
  if (tagProbabilities.length !== numTokens || charStarts.length !== numTokens || charEnds.length !== numTokens) {
    throw new Error(
      `expected tags, tagProbabilities, charStarts and charEnds of one length, got ${numTokens}, ${tagProbabilities.length}, ${charStarts.length}, ${charEnds.length}`,
    );
  }
  const bioTags = labels.map(parseBioLabel);
  const entities: Entity[] = [];

  let openType: string | null = null;
  let openStart = Infinity;
  let openEnd = -Infinity;
  let openScore = 1;
  const close = () => {
    if (openType !== null) pushEntity(entities, text, openType, openStart, openEnd, openScore);
    openType = null;
  };

  for (let tokenIndex = 0; tokenIndex < numTokens; tokenIndex++) {
    const tag = tags[tokenIndex];
    const bio = bioTags[tag];
    if (bio === undefined) throw new Error(`expected tag indices below ${labels.length}, got ${tag} at token ${tokenIndex}`);
    if (bio.kind === 'other') {
      close();
      continue;
    }
    if (bio.kind === 'B' || openType !== bio.type) {
      close();
      openType = bio.type;
      openStart = Infinity;
      openEnd = -Infinity;
      openScore = 1;
    }
    if (charEnds[tokenIndex] > charStarts[tokenIndex]) {
      openStart = Math.min(openStart, charStarts[tokenIndex]);
      openEnd = Math.max(openEnd, charEnds[tokenIndex]);
    }
    openScore = Math.min(openScore, tagProbabilities[tokenIndex]);
  }
  close();
  return entities;
}

/**
 * Trims the span, drops it when empty, and merges it into the previous entity when they
 * overlap (tokens of one original character, e.g. "(", "주", ")" of "㈜", share its span).
 */
function pushEntity(entities: Entity[], text: string, label: string, rawStart: number, rawEnd: number, score: number) {
  if (!(rawEnd > rawStart)) return;
  const { start, end } = trimEdges(text, rawStart, rawEnd);
  if (end <= start) return;
  const clampedScore = Math.min(1, Math.max(0, score));

  const previous = entities.at(-1);
  if (previous && start < previous.end) {
    const mergedEnd = Math.max(previous.end, end);
    entities[entities.length - 1] = {
      ...previous,
      end: mergedEnd,
      text: text.slice(previous.start, mergedEnd),
      score: Math.min(previous.score, clampedScore),
    };
    return;
  }
  entities.push({ start, end, label, text: text.slice(start, end), score: clampedScore });
}

