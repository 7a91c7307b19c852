/**
 * Documents -> training sequences (fit.ts): each document tokenized as the pipeline tokenizes it,
 * cut into windows of at most max_seq_length - 2 tokens, run once through the frozen encoder
 * (`runFeatures`: the ONNX model's hidden states and base logits), gold tags per token.
 */
import type { ModelConfig } from '../bundle/bundle';
import type { EmissionBatch } from '../pipeline';
import type { TextTokenizer } from '../tokenize/text-tokenizer';
import { parseBioLabel } from '../labels/bio';
import type { TrainingSequence } from './fit';
import { tokenTags, type TrainingDocument } from './training-data';

/** The encoder's outputs for a batch. hidden shape: (batchSize, seqLen, hiddenSize); logits: (batchSize, seqLen, baseLabels). */
export type RunFeatures = (batch: EmissionBatch) => Promise<{ readonly hidden: Float32Array; readonly logits: Float32Array }>;

export interface SequenceOptions {
  /** Rows per model call (default 16). */
  readonly batchSize?: number;
  /** Called after each model call with the windows done and the windows in all; may throw to stop. */
  readonly onProgress?: (done: number, total: number) => void | Promise<void>;
}

interface Window {
  readonly document: number;
  readonly ids: Int32Array;
  /** with O at [CLS] and [SEP] */
  readonly tags: Int32Array;
}

export async function trainingSequences(
  documents: readonly TrainingDocument[],
  labels: readonly string[],
  config: ModelConfig,
  tokenizer: TextTokenizer,
  runFeatures: RunFeatures,
  hiddenSize: number,
  options: SequenceOptions = {},
): Promise<TrainingSequence[]> {
  const labelIndex = new Map(labels.map((label, index) => [label, index]));
  const parsed = labels.map(parseBioLabel);
  const body = config.maxSeqLength - 2;
  const windows: Window[] = [];
  documents.forEach((document, index) => {
    const tokenized = tokenizer.tokenize(document.text);
    const tags = tokenTags(document.text, tokenized.charStarts, document.entities, labelIndex);
    for (let start = 0; start < tokenized.ids.length; start += body) {
      const ids = tokenized.ids.subarray(start, start + body);
      const windowTags = new Int32Array(ids.length + 2);
      windowTags.set(tags.subarray(start, start + body), 1);
      // an entity cut by the window's start begins here: B-, not I- (the CRF forbids I- after [CLS]'s O)
      const first = parsed[windowTags[1]];
      if (first && first.kind === 'I') windowTags[1] = labelIndex.get(`B-${first.type}`)!;
      windows.push({ document: index, ids, tags: windowTags });
    }
  });
  const order = [...windows.keys()].sort((a, b) => windows[a].ids.length - windows[b].ids.length);
  const batchSize = options.batchSize ?? 16;
  const baseCount = config.labels.length;
  const width = hiddenSize + baseCount;
  const sequences: TrainingSequence[] = new Array(windows.length);
  const withTokenTypes = config.modelInputs.includes('token_type_ids');
  for (let first = 0; first < order.length; first += batchSize) {
    const rows = order.slice(first, first + batchSize).map((index) => windows[index]);
    const seqLen = Math.max(...rows.map((row) => row.ids.length + 2));
    const inputIds = new BigInt64Array(rows.length * seqLen).fill(BigInt(tokenizer.padId));
    const attentionMask = new BigInt64Array(rows.length * seqLen);
    rows.forEach((row, r) => {
      inputIds[r * seqLen] = BigInt(tokenizer.clsId);
      row.ids.forEach((id, offset) => (inputIds[r * seqLen + 1 + offset] = BigInt(id)));
      inputIds[r * seqLen + 1 + row.ids.length] = BigInt(tokenizer.sepId);
      attentionMask.fill(1n, r * seqLen, r * seqLen + row.ids.length + 2);
    });
    const batch: EmissionBatch = { batchSize: rows.length, seqLen, inputIds, attentionMask, tokenTypeIds: withTokenTypes ? new BigInt64Array(rows.length * seqLen) : null };
    const { hidden, logits } = await runFeatures(batch);
    if (hidden.length !== rows.length * seqLen * hiddenSize || logits.length !== rows.length * seqLen * baseCount) {
      throw new Error(`expected hidden states ${rows.length}x${seqLen}x${hiddenSize} and logits ${rows.length}x${seqLen}x${baseCount}, got ${hidden.length} and ${logits.length} floats`);
    }
    rows.forEach((row, r) => {
      const length = row.ids.length + 2;
      const features = new Float32Array(length * width);
      for (let i = 0; i < length; i++) {
        features.set(hidden.subarray((r * seqLen + i) * hiddenSize, (r * seqLen + i + 1) * hiddenSize), i * width);
        features.set(logits.subarray((r * seqLen + i) * baseCount, (r * seqLen + i + 1) * baseCount), i * width + hiddenSize);
      }
      sequences[order[first + r]] = { document: row.document, length, features, tags: row.tags };
    });
    await options.onProgress?.(Math.min(order.length, first + batchSize), order.length);
  }
  return sequences;
}
