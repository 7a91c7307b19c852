/**
 * The smallest ONNX model: one float in, the same float out (an Identity node, opset 13, IR 7).
 * Opening a session on it makes ONNX Runtime initialise itself (compile and instantiate its
 * WASM, start its thread pool, or open the WebGPU device) before the real model's bytes have
 * arrived, so that work and the download overlap (ort-web.ts, `prepareWebRuntime`).
 *
 * Written by `tools/make_identity_onnx.py` (the onnx package's helpers); the test opens it in
 * onnxruntime-node and checks the float comes back.
 */
export const IDENTITY_MODEL_BASE64 = 'CAcSBGtuZXI6OgoQCgF4EgF5IghJZGVudGl0eRIEd2FybVoPCgF4EgoKCAgBEgQKAggBYg8KAXkSCgoICAESBAoCCAFCBAoAEA0=';

/** A fresh copy each call: ONNX Runtime may take the buffer. */
export function identityModel(): Uint8Array {
  return Uint8Array.from(atob(IDENTITY_MODEL_BASE64), (char) => char.charCodeAt(0));
}
