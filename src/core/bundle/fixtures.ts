/** config.json and crf.json objects built in code, for tests. */

import { KMOU_LABELS } from '../labels/tag-sets';

export { KMOU_LABELS };

export function configJson({ labels = KMOU_LABELS, maxSeqLength = 512, modelInputs = ['input_ids', 'attention_mask'] } = {}) {
  return {
    model_type: 'bert',
    architectures: ['BertForTokenClassification'],
    id2label: Object.fromEntries(labels.map((label, index) => [String(index), label])),
    label2id: Object.fromEntries(labels.map((label, index) => [label, index])),
    ner: {
      format_version: 1,
      id: 'test',
      name: 'Test bundle',
      version: '0.0.1',
      license: 'test',
      labels,
      max_seq_length: maxSeqLength,
      special_tokens: { cls: '[CLS]', sep: '[SEP]', pad: '[PAD]', unk: '[UNK]' },
      model_inputs: modelInputs,
      onnx: 'onnx/model.onnx',
      crf: 'crf.json',
      tokenizer: 'tokenizer.json',
      metrics: {},
    },
  };
}

/** A CRF with every score zero (decoding then follows the emissions alone). */
export function zeroCrfJson(labels: readonly string[] = KMOU_LABELS) {
  const zeros = () => labels.map(() => 0);
  return { labels, start_transitions: zeros(), end_transitions: zeros(), transitions: labels.map(zeros) };
}
