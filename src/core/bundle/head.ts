/**
 * An emission head computed in TypeScript (docs/bundle-format.md, "Heads"): a bundle made by
 * on-device adaptation (src/core/adapt) reads the encoder's last hidden states (the ONNX output
 * `ner.hidden_output`) and the base model's logits, and gives its own tag set's emissions:
 *
 *   emissions[k] = bias[k] + sum_d weight[k][d] * hidden[d] + sum_j weight[k][D + j] * logits[j]
 *
 * (D the hidden size, j over the base labels). A label the base model has starts from its own
 * base column (weight 1), so the head is a residual on top of the base model.
 */

export interface EmissionHead {
  /** The head's tag set, emission column order (== config ner.labels). */
  readonly labels: readonly string[];
  readonly hiddenSize: number;
  /** The labels of the base logits it reads, in the ONNX output's column order. */
  readonly baseLabels: readonly string[];
  /** shape: (labels, hiddenSize + baseLabels), row-major */
  readonly weight: Float32Array;
  /** shape: (labels,) */
  readonly bias: Float32Array;
}

/** Where config.json names the head (ner.head). */
export interface HeadSpec {
  readonly file: string;
  /** The ONNX output of the hidden states (default "hidden"). */
  readonly input: string;
  /** The ONNX output of the base logits (default "logits"). */
  readonly baseOutput: string;
}

export const HEAD_FORMAT = 'kner-head-1';

/** The head file's JSON, checked against the bundle's labels. */
export function parseHead(json: unknown, labels: readonly string[], file: string): EmissionHead {
  const fail = (what: string): never => {
    throw new Error(`${file}: ${what}`);
  };
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return fail('expected an object');
  const root = json as Record<string, unknown>;
  if (root.format !== HEAD_FORMAT) fail(`expected format "${HEAD_FORMAT}", got ${JSON.stringify(root.format)}`);
  const headLabels = root.labels;
  if (!Array.isArray(headLabels) || headLabels.join('\u0000') !== labels.join('\u0000')) {
    fail(`expected labels to equal config.json ner.labels ${JSON.stringify(labels)}, got ${JSON.stringify(headLabels)?.slice(0, 80)}`);
  }
  const hiddenSize = root.hidden_size;
  if (!Number.isInteger(hiddenSize) || (hiddenSize as number) < 0 || (hiddenSize as number) > 65536) fail(`expected hidden_size to be a whole number, got ${JSON.stringify(hiddenSize)}`);
  const baseLabels = root.base_labels;
  if (!Array.isArray(baseLabels) || baseLabels.some((label) => typeof label !== 'string') || baseLabels.length > 1000) fail('expected base_labels to be an array of strings');
  const width = (hiddenSize as number) + (baseLabels as string[]).length;
  const rows = root.weight;
  if (!Array.isArray(rows) || rows.length !== labels.length || rows.some((row) => !Array.isArray(row) || row.length !== width)) {
    fail(`expected weight to be ${labels.length}x${width} (labels x (hidden_size + base_labels))`);
  }
  const weight = new Float32Array(labels.length * width);
  (rows as unknown[][]).forEach((row, k) =>
    row.forEach((value, f) => {
      if (typeof value !== 'number' || !Number.isFinite(value)) fail(`expected weight[${k}][${f}] to be a finite number, got ${JSON.stringify(value)}`);
      weight[k * width + f] = value as number;
    }),
  );
  const bias = root.bias;
  if (!Array.isArray(bias) || bias.length !== labels.length || bias.some((value) => typeof value !== 'number' || !Number.isFinite(value))) {
    fail(`expected bias to have ${labels.length} finite numbers`);
  }
  return { labels: [...labels], hiddenSize: hiddenSize as number, baseLabels: baseLabels as string[], weight, bias: Float32Array.from(bias as number[]) };
}

/** The head as its JSON file holds it. */
export function headToJson(head: EmissionHead): Record<string, unknown> {
  const width = head.hiddenSize + head.baseLabels.length;
  const round = (value: number) => Number(value.toPrecision(7));
  return {
    format: HEAD_FORMAT,
    labels: head.labels,
    hidden_size: head.hiddenSize,
    base_labels: head.baseLabels,
    weight: head.labels.map((_, k) => Array.from(head.weight.subarray(k * width, (k + 1) * width), round)),
    bias: Array.from(head.bias, round),
  };
}

/**
 * The head's emissions for `positions` positions.
 * @param hidden shape: (positions, hiddenSize)
 * @param logits shape: (positions, baseLabels)
 * @returns shape: (positions, labels)
 */
export function applyHead(head: EmissionHead, hidden: Float32Array, logits: Float32Array, positions: number): Float32Array {
  const { hiddenSize, weight, bias } = head;
  const numTags = head.labels.length;
  const numBase = head.baseLabels.length;
  const width = hiddenSize + numBase;
  if (hidden.length < positions * hiddenSize) throw new Error(`expected hidden states of ${positions}x${hiddenSize}, got ${hidden.length} floats`);
  if (logits.length < positions * numBase) throw new Error(`expected base logits of ${positions}x${numBase}, got ${logits.length} floats`);
  const out = new Float32Array(positions * numTags);
  for (let position = 0; position < positions; position++) {
    const h = position * hiddenSize;
    const l = position * numBase;
    for (let k = 0; k < numTags; k++) {
      const w = k * width;
      let sum = bias[k];
      for (let d = 0; d < hiddenSize; d++) sum += weight[w + d] * hidden[h + d];
      for (let j = 0; j < numBase; j++) sum += weight[w + hiddenSize + j] * logits[l + j];
      out[position * numTags + k] = sum;
    }
  }
  return out;
}
