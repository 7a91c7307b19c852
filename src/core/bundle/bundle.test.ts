import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseCrf, parseModelConfig, readBundleFiles, rowsIndependent, verifyBundleFiles } from './bundle';
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

  it('reads how the int8 file scales its activations, and which files give each row on its own', () => {
    const base = configJson();
    const withInt8 = (extra: Record<string, unknown>) => parseModelConfig({ ...base, ner: { ...base.ner, onnx_quantized: 'onnx/model_quantized.onnx', ...extra } });
    const dynamic = withInt8({});
    expect(dynamic.onnxQuantizedActivations).toBe('dynamic');
    expect(rowsIndependent(dynamic, 'onnx/model.onnx')).toBe(true);
    expect(rowsIndependent(dynamic, 'onnx/model_quantized.onnx')).toBe(false);
    const fixed = withInt8({ onnx_quantized_activations: 'static' });
    expect(fixed.onnxQuantizedActivations).toBe('static');
    expect(rowsIndependent(fixed, 'onnx/model_quantized.onnx')).toBe(true);
    expect(() => withInt8({ onnx_quantized_activations: 'per-row' })).toThrow('config.json: expected ner.onnx_quantized_activations to be "static" or "dynamic", got "per-row"');
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

describe('verifyBundleFiles (config.json ner.files)', () => {
  const withFiles = (files: unknown) => ({ ...configJson(), ner: { ...configJson().ner, files } });
  const sha256Hex = async (bytes: Uint8Array<ArrayBuffer>) =>
    Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)), (b) => b.toString(16).padStart(2, '0')).join('');

  it('accepts files whose size and SHA-256 are the ones config.json names, and ignores files it does not name', async () => {
    const crf = new TextEncoder().encode('{"a":1}');
    const config = parseModelConfig(withFiles({ 'crf.json': { sha256: await sha256Hex(crf), bytes: crf.byteLength } }));
    const result = await verifyBundleFiles(config, new Map([['crf.json', crf], ['MODEL_CARD.md', new Uint8Array([1])]]));
    expect(result).toEqual({ checked: 1, digests: true });
  });

  it('names the file that belongs to another version of the model', async () => {
    const crf = new TextEncoder().encode('{"a":1}');
    const other = new TextEncoder().encode('{"a":2}');
    const config = parseModelConfig(withFiles({ 'crf.json': { sha256: await sha256Hex(crf), bytes: crf.byteLength } }));
    await expect(verifyBundleFiles(config, new Map([['crf.json', other]]))).rejects.toThrow(
      /^crf\.json: does not match config\.json \(SHA-256 [0-9a-f]{12}…, config\.json says [0-9a-f]{12}…\): the file is truncated or comes from another version of the model/,
    );
    await expect(verifyBundleFiles(config, new Map([['crf.json', new Uint8Array(3)]]))).rejects.toThrow(
      'crf.json: does not match config.json (3 bytes, config.json says 7)',
    );
  });

  it('checks what ner.files holds', () => {
    expect(() => parseModelConfig(withFiles([]))).toThrow('config.json: expected ner.files to be an object, got []');
    expect(() => parseModelConfig(withFiles({ '../x': { sha256: 'a'.repeat(64), bytes: 1 } }))).toThrow('expected a key of ner.files to be a path inside the bundle');
    expect(() => parseModelConfig(withFiles({ 'crf.json': { sha256: 'ABC', bytes: 1 } }))).toThrow('config.json: expected ner.files["crf.json"].sha256 to be 64 lower-case hex digits, got "ABC"');
    expect(() => parseModelConfig(withFiles({ 'crf.json': { sha256: 'a'.repeat(64), bytes: -1 } }))).toThrow('config.json: expected ner.files["crf.json"].bytes to be a non-negative integer, got -1');
    expect(parseModelConfig(configJson()).files.size).toBe(0);
  });

  it('the shipped bundles list every file they name, and their files match', async () => {
    for (const id of ['default', 'tiny-random', 'tiny-random-two']) {
      const folder = `public/models/${id}`;
      const config = parseModelConfig(JSON.parse(readFileSync(`${folder}/config.json`, 'utf8')));
      // every tag set's CRF file too (the default model has two tag sets)
      const named = [config.onnxPath, config.onnxQuantizedPath, config.crfPath, ...config.tagSets.map((tagSet) => tagSet.crfPath), config.tokenizerPath, 'tokenizer_config.json'].filter(
        (p): p is string => p !== null,
      );
      expect([...config.files.keys()].sort()).toEqual([...new Set(named)].sort());
      const files = new Map(named.map((path) => [path, new Uint8Array(readFileSync(`${folder}/${path}`))]));
      expect(await verifyBundleFiles(config, files)).toEqual({ checked: new Set(named).size, digests: true });
    }
  });
});
