/** The one-node model that initialises ONNX Runtime early (ort-web.ts) opens and runs in a real ONNX Runtime. */
import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { identityModel } from './identity-model';

describe('identityModel', () => {
  it('is a model ONNX Runtime opens, giving back the float it is given', async () => {
    const session = await ort.InferenceSession.create(identityModel());
    try {
      expect(session.inputNames).toEqual(['x']);
      expect(session.outputNames).toEqual(['y']);
      const { y } = await session.run({ x: new ort.Tensor('float32', new Float32Array([3.25]), [1]) });
      expect(Array.from(y.data as Float32Array)).toEqual([3.25]);
    } finally {
      await session.release();
    }
  });

  it('gives a fresh copy each time', () => {
    const first = identityModel();
    first.fill(0);
    expect(identityModel().some((byte) => byte !== 0)).toBe(true);
  });
});
