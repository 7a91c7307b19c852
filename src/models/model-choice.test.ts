import { describe, expect, it } from 'vitest';
import { AVAILABLE_MODELS, DEFAULT_MODEL_ID, listedModels, modelUrlOf, parseModelChoice } from './model-choice';

describe('parseModelChoice', () => {
  it('uses the trained bundle when the build found one, else tiny-random, on auto', () => {
    expect(DEFAULT_MODEL_ID).toBe(AVAILABLE_MODELS.includes('default') ? 'default' : 'tiny-random');
    expect(AVAILABLE_MODELS).toContain('tiny-random');
    expect(parseModelChoice('')).toEqual({ modelId: DEFAULT_MODEL_ID, backend: 'auto', quantized: true });
  });

  it('reads the model, the backend and int8 from the query string', () => {
    expect(parseModelChoice('?model=tiny-random&backend=webgpu&quantized=0')).toEqual({ modelId: 'tiny-random', backend: 'webgpu', quantized: false });
    expect(parseModelChoice('?backend=wasm').backend).toBe('wasm');
  });

  it('names the allowed values for an unknown backend', () => {
    expect(() => parseModelChoice('?backend=webgl')).toThrow('Unsupported backend: "webgl". Should be one of: "auto", "webgpu", "wasm"');
  });

  it('refuses a model id that is not one folder name', () => {
    for (const model of ['../secrets', 'a/b', '..', 'x%2F..']) {
      expect(() => parseModelChoice(`?model=${encodeURIComponent(model)}`), model).toThrow(/Unsupported model/);
    }
  });

  it('accepts an installed model as installed:<id> and refuses one that walks out', () => {
    expect(parseModelChoice('?model=installed:kobert-crf').modelId).toBe('installed:kobert-crf');
    expect(() => parseModelChoice(`?model=${encodeURIComponent('installed:../x')}`)).toThrow(/Unsupported model/);
    expect(modelUrlOf('installed:kobert-crf', 'https://example.test/app?x=1')).toBe('https://example.test/installed-models/kobert-crf/');
  });

  it('puts the bundle under /models/ of the page origin', () => {
    expect(modelUrlOf('tiny-random', 'https://example.test/app?x=1')).toBe('https://example.test/models/tiny-random/');
  });
});

describe('listedModels', () => {
  it('leaves the random-weights test bundle out of the list unless it is in use or the only one', () => {
    expect(listedModels('default', ['default', 'tiny-random', 'other'])).toEqual(['default', 'other']);
    expect(listedModels('tiny-random', ['default', 'tiny-random'])).toEqual(['default', 'tiny-random']);
    expect(listedModels('tiny-random', ['tiny-random'])).toEqual(['tiny-random']);
    expect(listedModels('installed:x', ['tiny-random'])).toEqual(['tiny-random']);
    expect(listedModels('default', ['default', 'tiny-random-two'])).toEqual(['default']);
    expect(listedModels('tiny-random-two', ['default', 'tiny-random', 'tiny-random-two'])).toEqual(['default', 'tiny-random-two']);
  });
});
