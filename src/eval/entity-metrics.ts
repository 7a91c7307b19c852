/**
 * Strict entity precision, recall and F1: a predicted entity counts only when its start, end
 * and label all equal a gold entity's. Micro over all entities and per label.
 */

export interface LabeledSpan {
  readonly start: number;
  readonly end: number;
  readonly label: string;
}

export interface Prf {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  /** Gold entities of this label (or all, for the micro row). */
  readonly support: number;
  readonly predicted: number;
  readonly correct: number;
}

export interface EntityScores {
  readonly micro: Prf;
  readonly byLabel: ReadonlyMap<string, Prf>;
}

function prf(correct: number, predicted: number, support: number): Prf {
  const precision = predicted === 0 ? 0 : correct / predicted;
  const recall = support === 0 ? 0 : correct / support;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, support, predicted, correct };
}

const key = (span: LabeledSpan) => `${span.start}:${span.end}:${span.label}`;

/** Accumulates documents one at a time; `scores()` may be called at any point. */
export class EntityScorer {
  private readonly correct = new Map<string, number>();
  private readonly predicted = new Map<string, number>();
  private readonly gold = new Map<string, number>();

  add(predicted: readonly LabeledSpan[], gold: readonly LabeledSpan[]): void {
    const goldKeys = new Set(gold.map(key));
    const seen = new Set<string>();
    for (const span of predicted) {
      const spanKey = key(span);
      if (seen.has(spanKey)) continue; // a duplicate prediction is not a second hit
      seen.add(spanKey);
      bump(this.predicted, span.label);
      if (goldKeys.has(spanKey)) bump(this.correct, span.label);
    }
    for (const spanKey of goldKeys) bump(this.gold, spanKey.slice(spanKey.lastIndexOf(':') + 1));
  }

  scores(): EntityScores {
    const labels = [...new Set([...this.gold.keys(), ...this.predicted.keys()])].sort();
    const byLabel = new Map(labels.map((label) => [label, prf(get(this.correct, label), get(this.predicted, label), get(this.gold, label))]));
    const micro = prf(sum(this.correct), sum(this.predicted), sum(this.gold));
    return { micro, byLabel };
  }
}

function bump(counts: Map<string, number>, label: string): void {
  counts.set(label, (counts.get(label) ?? 0) + 1);
}
const get = (counts: Map<string, number>, label: string) => counts.get(label) ?? 0;
const sum = (counts: Map<string, number>) => [...counts.values()].reduce((total, count) => total + count, 0);

/**
 * Entity macro F1 over a tag set's types: the mean of their F1s, each type that has gold or predicted
 * entities counted once (as seqeval's macro average over the labels seen); 0 when none has any.
 */
export function macroF1(scores: EntityScores, types: readonly string[]): number {
  const seen = types.map((type) => scores.byLabel.get(type)).filter((score): score is Prf => score !== undefined && score.support + score.predicted > 0);
  return seen.length === 0 ? 0 : seen.reduce((total, score) => total + score.f1, 0) / seen.length;
}

export function formatScoreTable(scores: EntityScores): string {
  const row = (name: string, score: Prf) =>
    `${name.padEnd(6)} ${score.precision.toFixed(4).padStart(7)} ${score.recall.toFixed(4).padStart(7)} ${score.f1.toFixed(4).padStart(7)} ${String(score.support).padStart(8)}`;
  return [
    `${'type'.padEnd(6)} ${'prec'.padStart(7)} ${'rec'.padStart(7)} ${'f1'.padStart(7)} ${'support'.padStart(8)}`,
    ...[...scores.byLabel].map(([label, score]) => row(label, score)),
    row('micro', scores.micro),
  ].join('\n');
}
