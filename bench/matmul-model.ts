/**
 * A one-node ONNX model, Y = X · W with W a constant initializer, written straight as protobuf
 * bytes (no ONNX library in the browser). It gives the MatMul ceiling: the best FLOP/s
 * onnxruntime-web reaches on this machine, against which the model run is compared.
 */

/** protobuf wire types: 0 varint, 2 length-delimited */
function varint(value: number): number[] {
  const bytes: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    bytes.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  bytes.push(rest);
  return bytes;
}

function fieldVarint(field: number, value: number): number[] {
  return [...varint(field * 8), ...varint(value)];
}

function fieldBytes(field: number, payload: ArrayLike<number>): Uint8Array {
  const header = [...varint(field * 8 + 2), ...varint(payload.length)];
  const out = new Uint8Array(header.length + payload.length);
  out.set(header);
  out.set(payload, header.length);
  return out;
}

function fieldString(field: number, value: string): Uint8Array {
  return fieldBytes(field, new TextEncoder().encode(value));
}

function concat(parts: ArrayLike<number>[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

const FLOAT = 1;

/** ValueInfoProto of a float tensor; a string dim is symbolic (dynamic). */
function valueInfo(name: string, dims: (number | string)[]): Uint8Array {
  const dimensions = dims.map((dim) => fieldBytes(1, typeof dim === 'number' ? fieldVarint(1, dim) : fieldString(2, dim)));
  const shape = fieldBytes(2, concat(dimensions));
  const tensorType = fieldBytes(1, concat([fieldVarint(1, FLOAT), shape]));
  return fieldBytes(11, concat([fieldString(1, name), fieldBytes(2, tensorType)]));
}

/**
 * @param weights shape: (k, n), row-major
 * @returns ONNX bytes of `Y[m, n] = X[m, k] · W[k, n]`, m dynamic, opset 14
 */
export function matMulModel(k: number, n: number, weights: Float32Array): Uint8Array {
  if (weights.length !== k * n) throw new Error(`expected ${k}x${n} = ${k * n} weights, got ${weights.length}`);
  const node = fieldBytes(1, concat([fieldString(1, 'X'), fieldString(1, 'W'), fieldString(2, 'Y'), fieldString(4, 'MatMul')]));
  const initializer = fieldBytes(
    5,
    concat([fieldVarint(1, k), fieldVarint(1, n), fieldVarint(2, FLOAT), fieldString(8, 'W'), fieldBytes(9, new Uint8Array(weights.buffer, weights.byteOffset, weights.byteLength))]),
  );
  const inputs = valueInfo('X', ['m', k]);
  const output = valueInfo('Y', ['m', n]);
  // GraphProto: node 1, name 2, initializer 5, input 11, output 12 (valueInfo writes field 11; output re-tagged)
  const outputField = concat([varint(12 * 8 + 2), output.subarray(varint(11 * 8 + 2).length)]);
  const graph = concat([node, fieldString(2, 'matmul'), initializer, inputs, outputField]);
  const opset = fieldBytes(8, concat([fieldString(1, ''), fieldVarint(2, 14)]));
  return concat([fieldVarint(1, 8), fieldString(2, 'korean-ner-bench'), fieldBytes(7, graph), opset]);
}

/** Reproducible uniform weights in [-1, 1). */
export function randomWeights(count: number, seed = 1): Float32Array {
  const out = new Float32Array(count);
  let state = seed >>> 0;
  for (let i = 0; i < count; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = state / 2 ** 31 - 1;
  }
  return out;
}
