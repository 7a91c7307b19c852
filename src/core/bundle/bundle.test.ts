import { describe, expect, it } from 'vitest';
import { parseCrf, parseModelConfig, readBundleFiles } from './bundle';
import { configJson, KMOU_LABELS, zeroCrfJson } from './fixtures';
import { BERT_TOKENIZER_CONFIG, syllableTokenizerJson } from '../tokenize/fixtures';

describe('parseModelConfig', () => {
  it('reads the ner section into camelCase fields', () => {
    const config = parseModelConfig(configJson({ maxSeqLength: 64 }));
    expect(config).toMatchObject({ id: 'test', maxSeqLength: 64, onnxPath: 'onnx/model.onnx', crfPath: 'crf.json', onnxQuantizedPath: null });
    expect(config.labels).toHaveLength(21);
    expect(config.specialTokens.cls).toBe('[CLS]');
  });

  it('names the missing section or field', () => {
    expect(() => parseModelConfig({})).toThrow('config.json: expected ner to be an object, got nothing');
    const { special_tokens: _, ...withoutSpecials } = configJson().ner;
    expect(() => parseModelConfig({ ...configJson(), ner: withoutSpecials })).toThrow('config.json: expected ner.special_tokens to be an object, got nothing');
  });

  it('rejects an id2label that disagrees with ner.labels', () => {
    const config = configJson();
    config.id2label['1'] = 'B-LOC';
    expect(() => parseModelConfig(config)).toThrow('config.json: expected id2label["1"] to be "B-PER" (ner.labels), got "B-LOC"');
  });

  it('lists the allowed model inputs', () => {
    expect(() => parseModelConfig(configJson({ modelInputs: ['input_ids', 'pixel_values'] })))
      .toThrow('config.json: expected ner.model_inputs to hold only "input_ids", "attention_mask", "token_type_ids", got "pixel_values"');
  });
});

describe('parseCrf', () => {
  it('reads transitions row-major as [from][to]', () => {
    const json = zeroCrfJson(['O', 'B-X']);
    json.transitions = [[1, 2], [3, 4]];
    expect(Array.from(parseCrf(json, ['O', 'B-X']).transitions)).toEqual([1, 2, 3, 4]);
  });

  it('says the expected and the actual shape of the transitions', () => {
    const json = zeroCrfJson();
    json.transitions = json.transitions.map((row) => row.slice(1));
    expect(() => parseCrf(json, KMOU_LABELS)).toThrow('crf.json: expected transitions to be 21x21, got 21x20');
  });

  it('says how many start transitions it expected', () => {
    const json = { ...zeroCrfJson(), start_transitions: [0, 0] };
    expect(() => parseCrf(json, KMOU_LABELS)).toThrow('crf.json: expected start_transitions to have 21 numbers, got 2');
  });

  it('rejects labels that differ from config.json', () => {
    expect(() => parseCrf(zeroCrfJson(['O', 'B-X']), ['O', 'B-Y'])).toThrow('crf.json: expected labels to equal config.json ner.labels ["O","B-Y"], got ["O","B-X"]');
  });
});

describe('readBundleFiles', () => {
  const files: Record<string, unknown> = {
    'config.json': configJson(),
    'crf.json': zeroCrfJson(),
    'tokenizer.json': syllableTokenizerJson(),
    'tokenizer_config.json': BERT_TOKENIZER_CONFIG,
  };
  const reader = (present: Record<string, unknown>) => async (path: string) => (path in present ? JSON.stringify(present[path]) : null);

  it('reads every JSON file the config names', async () => {
    const bundle = await readBundleFiles(reader(files));
    expect(bundle.modelConfig.id).toBe('test');
    expect(bundle.crf).toEqual(files['crf.json']);
  });

  it('names a missing file', async () => {
    const { 'crf.json': _, ...withoutCrf } = files;
    await expect(readBundleFiles(reader(withoutCrf))).rejects.toThrow('model bundle: missing file crf.json');
  });

  it('names a file that is not JSON', async () => {
    await expect(readBundleFiles(async (path) => (path === 'config.json' ? '{nope' : null))).rejects.toThrow(/^config.json: expected valid JSON, got/);
  });
});
