/**
 * The engine's dropout masks (src/core/model/backends/dropoutMask.ts): on cpu and on wasm, every element equal
 * to an independent Python implementation of the algorithm (test/reference/dropout_mask.py), another mask for
 * another seed, the kept share close to 1 − rate, kept values 1 / (1 − rate), and the gradient of x · mask is
 * the mask. (WebGPU's shader is compared in the browser diagnostics test.)
 */
import { spawnSync } from 'node:child_process';
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

/** test/reference/dropout_mask.py's masks: the dropped indices and the kept value, per case. */
function pythonMasks(cases: { size: number; rate: number; seed: number }[]): { dropped: number[]; scale: number }[] {
  const r = spawnSync('/usr/bin/python3', ['test/reference/dropout_mask.py'], { input: JSON.stringify(cases), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`dropout_mask.py failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as { dropped: number[]; scale: number }[];
}

function expectedMask(size: number, ref: { dropped: number[]; scale: number }): Float32Array {
  const m = new Float32Array(size).fill(ref.scale);
  for (const i of ref.dropped) m[i] = 0;
  return m;
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

  it('equal the Python reference element for element on cpu and wasm, and differ for another seed', async () => {
    const shape = [8, 16, 32];
    const cases = [{ rate: 0.1, seed: 7 }, { rate: 0.1, seed: 8 }, { rate: 0.5, seed: 123456789 }];
    const reference = pythonMasks(cases.map((c) => ({ size: 8 * 16 * 32, ...c })));
    for (const [i, { rate, seed }] of cases.entries()) {
      const want = expectedMask(8 * 16 * 32, reference[i]);
      expect(reference[i].dropped.length, 'the reference drops about rate · n elements').toBeGreaterThan(rate * want.length * 0.8);
      for (const backend of ['cpu', 'wasm'] as const) {
        expect(Array.from(await maskOn(backend, shape, rate, seed)), `${backend}, rate ${rate}, seed ${seed}`).toEqual(Array.from(want));
      }
    }
    expect(reference[1].dropped).not.toEqual(reference[0].dropped);
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
