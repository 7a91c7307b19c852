/**
 * Backend names and the user's preference, apart from ort-web.ts so that the UI can read
 * them without pulling ONNX Runtime into the page's bundle.
 */
import { rowsIndependent, type ModelConfig } from '../core/bundle/bundle';
export const BACKENDS = ['webgpu', 'wasm'] as const;
export type BackendName = (typeof BACKENDS)[number];
export const BACKEND_PREFERENCES = ['auto', ...BACKENDS] as const;
export type BackendPreference = (typeof BACKEND_PREFERENCES)[number];

/** null or "" -> "auto"; an unknown name throws with the allowed values. */
export function parseBackendPreference(value: string | null): BackendPreference {
  if (value === null || value === '') return 'auto';
  if ((BACKEND_PREFERENCES as readonly string[]).includes(value)) return value as BackendPreference;
  throw new Error(`Unsupported backend: "${value}". Should be one of: ${BACKEND_PREFERENCES.map((name) => `"${name}"`).join(', ')}`);
}

/**
 * Whether windows of different sentence groups may share a model call (PipelineOptions.batchAcrossGroups):
 * the file's rows are independent on ONNX Runtime's CPU kernels, which the WASM backend runs; on WebGPU
 * that is not known.
 */
export function batchesAcrossGroups(config: ModelConfig, onnxPath: string, backend: BackendName): boolean {
  return backend === 'wasm' && rowsIndependent(config, onnxPath);
}
