/**
 * Which model bundle and backend the page uses: the defaults, overridden by URL parameters
 * (`?model=tiny-random&backend=wasm&quantized=0`) for tests and the benchmark. The bundle's int8
 * model (config ner.onnx_quantized) runs by default when it has one; `quantized=0` picks fp32.
 */
import { parseBackendPreference, type BackendPreference } from '../runtime/backends';
import { INSTALLED_PREFIX, installedModelUrl } from './model-store';

/** Bundle folders under public/models/ at build time (vite.config.ts lists them). */
declare const __NER_BUNDLES__: readonly string[];
export const AVAILABLE_MODELS: readonly string[] = __NER_BUNDLES__;

/** The random-weights bundle the tests use: it finds junk, so people do not get it offered. */
export const TEST_MODEL_ID = 'tiny-random';
/** Random-weights bundles for tests only (tiny-random-two: two tag sets over one encoder; tiny-random-hidden: with the hidden-states output an adaptation needs). */
const TEST_MODEL_IDS: readonly string[] = [TEST_MODEL_ID, 'tiny-random-two', 'tiny-random-hidden'];

/** The trained bundle when it is there, else the random-weights test bundle. */
export const DEFAULT_MODEL_ID = AVAILABLE_MODELS.includes('default') ? 'default' : TEST_MODEL_ID;

/**
 * The built-in bundles the model list offers: all but the test bundle, unless it is the one in
 * use (`?model=tiny-random`, as the tests ask for it) or the only one there is.
 */
export function listedModels(selected: string, available: readonly string[] = AVAILABLE_MODELS): string[] {
  const fallback = available.includes('default') ? 'default' : TEST_MODEL_ID;
  return available.filter((id) => !TEST_MODEL_IDS.includes(id) || id === selected || id === fallback);
}

export interface ModelChoice {
  readonly modelId: string;
  readonly backend: BackendPreference;
  readonly quantized: boolean;
}

/** Reads the choice from a query string; throws with the allowed values on a bad one. */
export function parseModelChoice(search: string): ModelChoice {
  const params = new URLSearchParams(search);
  const modelId = params.get('model') || DEFAULT_MODEL_ID;
  // A bundle id is one folder name: nothing that could walk out of /models/. `installed:<id>`: a stored one (src/models).
  const folder = modelId.startsWith(INSTALLED_PREFIX) ? modelId.slice(INSTALLED_PREFIX.length) : modelId;
  if (!/^[\w.-]+$/.test(folder) || folder.startsWith('.')) {
    throw new Error(`Unsupported model: "${modelId}". Should be a folder name under /models/, e.g. "${DEFAULT_MODEL_ID}", or "${INSTALLED_PREFIX}<id>" of a loaded one`);
  }
  return {
    modelId,
    backend: parseBackendPreference(params.get('backend')),
    quantized: params.get('quantized') !== '0',
  };
}

/** The absolute URL of a bundle folder, from the app's base. */
export function modelUrlOf(modelId: string, pageUrl: string = location.href): string {
  if (modelId.startsWith(INSTALLED_PREFIX)) return installedModelUrl(modelId.slice(INSTALLED_PREFIX.length), new URL(pageUrl).origin);
  return new URL(`${import.meta.env.BASE_URL}models/${modelId}/`, pageUrl).href;
}
