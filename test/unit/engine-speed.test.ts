/**
 * The wasm backend's slice-by-slice batched matMul (the engine's attention path on wasm) gives the same
 * products as the cpu backend, frees every temporary, and refuses shapes that do not multiply.
 */
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { setupBackend } from '../../src/core/model/backends';
import { slicedBatchMatMulOp } from '../../src/core/model/backends/slicedBatchMatMul';
import { createRng } from '../../src/core/rng';

function randomValues(n: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: n }, () => rng.next() * 2 - 1);
}

async function cpuProduct(a: Float32Array, b: Float32Array, [batch, m, k, n]: number[]): Promise<Float32Array> {
  await setupBackend('cpu');
  const out = tf.tidy(() => tf.matMul(tf.tensor3d(a, [batch, m, k]), tf.tensor3d(b, [batch, k, n])));
  const values = await out.data() as Float32Array;
  out.dispose();
  return values;
}

describe('sliced batched matMul on wasm', () => {
  it.each([[3, 5, 7, 4], [8, 16, 8, 16], [1, 1, 9, 1], [4, 32, 64, 32]])('batch %i, m %i, k %i, n %i matches cpu', async (batch, m, k, n) => {
    const a = randomValues(batch * m * k, 1);
    const b = randomValues(batch * k * n, 2);
    const expected = await cpuProduct(a, b, [batch, m, k, n]);
    await setupBackend('wasm');
    const before = tf.memory().numTensors;
    const ta = tf.tensor3d(a, [batch, m, k]);
    const tb = tf.tensor3d(b, [batch, k, n]);
    const out = slicedBatchMatMulOp(ta, tb);
    expect(out.shape).toEqual([batch, m, n]);
    const got = await out.data();
    let worst = 0;
    for (let i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i] - expected[i]));
    expect(worst).toBeLessThan(1e-5);
    // Different slices really get different right-hand sides (no stale XNNPACK weights): slice 0 ≠ slice 1.
    if (batch > 1) expect(got[0]).not.toBeCloseTo(got[m * n], 6);
    tf.dispose([ta, tb, out]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses shapes that do not multiply, naming them', async () => {
    await setupBackend('wasm');
    const a = tf.zeros([2, 3, 4]) as tf.Tensor3D;
    const b = tf.zeros([2, 5, 6]) as tf.Tensor3D;
    expect(() => slicedBatchMatMulOp(a, b)).toThrow(/\[2,3,4\] · \[2,5,6\]/);
    tf.dispose([a, b]);
  });
});
