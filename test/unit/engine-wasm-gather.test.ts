/** The engine's wasm GatherV2 (row copies) gives exactly the cpu backend's results, and names a bad index. */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { setupBackend } from '../../src/core/model/backends';

async function gatherOn(backend: 'cpu' | 'wasm', x: number[], shape: number[], dtype: 'float32' | 'int32', idx: number[], idxShape: number[], axis: number) {
  await setupBackend(backend);
  const before = tf.memory().numTensors;
  const out = tf.tidy(() => tf.gather(tf.tensor(x, shape, dtype), tf.tensor(idx, idxShape, 'int32'), axis));
  const result = { shape: out.shape, values: Array.from(await out.data()) };
  out.dispose();
  expect(tf.memory().numTensors).toBe(before);
  return result;
}

describe('wasm GatherV2', () => {
  const x = Array.from({ length: 4 * 5 * 3 }, (_, i) => i * 0.5 - 7);
  for (const [what, axis, idx, idxShape] of [
    ['rows of a table with [b, s, k] indices (embedding windows)', 0, [3, 0, 3, 1, 2, 2, 0, 1], [2, 2, 2]],
    ['along a middle axis', 1, [4, 0, 2], [3]],
    ['along the last axis (single elements)', 2, [2, 2, 0, 1], [2, 2]],
  ] as const) {
    it(`${what}: the cpu result exactly`, async () => {
      const cpu = await gatherOn('cpu', x, [4, 5, 3], 'float32', [...idx], [...idxShape], axis);
      const wasm = await gatherOn('wasm', x, [4, 5, 3], 'float32', [...idx], [...idxShape], axis);
      expect(wasm).toEqual(cpu);
    });
  }

  it('int32 tables and the gradient (scatter-add) agree with cpu', async () => {
    const ints = await gatherOn('wasm', [5, 6, 7, 8], [4], 'int32', [3, 3, 0], [3], 0);
    expect(ints.values).toEqual([8, 8, 5]);
    const grad = async (backend: 'cpu' | 'wasm') => {
      await setupBackend(backend);
      const table = tf.tensor2d(x.slice(0, 12), [4, 3]);
      const g = tf.grad((t: tf.Tensor) => tf.gather(t, tf.tensor1d([1, 1, 3], 'int32')).mul(tf.tensor2d([[1, 2, 3], [4, 5, 6], [7, 8, 9]])).sum())(table);
      const v = Array.from(await g.data());
      tf.dispose([table, g]);
      return v;
    };
    expect(await grad('wasm')).toEqual(await grad('cpu'));
  });

  it('names an index out of range', async () => {
    await expect(gatherOn('wasm', x, [4, 5, 3], 'float32', [0, 4], [2], 0)).rejects.toThrow(/GatherV2: the index value 4 is not in \[0, 3\]/);
  });
});
