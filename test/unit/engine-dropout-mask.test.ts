/**
 * The engine's dropout masks (src/core/model/backends/dropoutMask.ts): the same bits on cpu and wasm for the
 * same seed, different bits for another seed, the kept share close to 1 − rate, kept values 1 / (1 − rate),
 * and the gradient of x · mask is the mask. (WebGPU's shader is compared in the browser diagnostics test.)
 */
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { setupBackend } from '../../src/core/model/backends';
import { fillDropoutMask, lowbias32, seededDropout } from '../../src/core/model/backends/dropoutMask';

async function maskOn(backend: 'cpu' | 'wasm', shape: number[], rate: number, seed: number): Promise<Float32Array> {
  await setupBackend(backend);
  const m = seededDropout(tf.ones(shape), rate, seed);
  const v = await m.data() as Float32Array;
  m.dispose();
  return v;
}

describe('dropout masks', () => {
  it('hash a u32 as lowbias32 does (reference values from Python integer arithmetic)', () => {
    expect([1, 2, 12345, 0x9e3779b9, 0xffffffff].map(lowbias32)).toEqual([1753845952, 3507691905, 2435775735, 33350994, 1734902346]);
    expect(lowbias32(0)).toBe(0);
  });

  it('keep ≈ 1 − rate of the elements, scaled by 1 / (1 − rate), independently of position', () => {
    for (const rate of [0.1, 0.5]) {
      const m = new Float32Array(1 << 20);
      fillDropoutMask(m, rate, 42);
      const kept = m.filter((v) => v !== 0);
      const share = kept.length / m.length;
      // Binomial sd for n = 2^20 is < 0.0005: 0.003 is > 6 sd.
      expect(Math.abs(share - (1 - rate))).toBeLessThan(0.003);
      expect(new Set(kept).size).toBe(1);
      expect(kept[0]).toBe(Math.fround(1 / (1 - rate)));
      // Neighbouring elements are not correlated (runs of the counter hash): pairs both kept ≈ (1 − rate)².
      let both = 0;
      for (let i = 0; i + 1 < m.length; i += 2) if (m[i] !== 0 && m[i + 1] !== 0) both++;
      expect(Math.abs(both / (m.length / 2) - (1 - rate) ** 2)).toBeLessThan(0.005);
    }
  });

  it('give the same mask on cpu and wasm for a seed, and another for another seed', async () => {
    const a = await maskOn('cpu', [8, 16, 32], 0.1, 7);
    const b = await maskOn('wasm', [8, 16, 32], 0.1, 7);
    const c = await maskOn('wasm', [8, 16, 32], 0.1, 8);
    expect(Array.from(b)).toEqual(Array.from(a));
    expect(Array.from(c)).not.toEqual(Array.from(a));
  });

  it('pass the mask through as the gradient', async () => {
    await setupBackend('wasm');
    const x = tf.randomNormal([4, 50]);
    const g = tf.grad((t: tf.Tensor) => seededDropout(t, 0.3, 11).sum())(x);
    const mask = seededDropout(tf.onesLike(x), 0.3, 11);
    expect(Array.from(await g.data())).toEqual(Array.from(await mask.data()));
    tf.dispose([x, g, mask]);
  });

  it('refuse a rate outside [0, 1)', () => {
    expect(() => fillDropoutMask(new Float32Array(4), 1, 0)).toThrow(/dropout rate must be in \[0, 1\), got 1/);
  });
});
