/**
 * The matrix products of one BERT training step, and how long they take on their own.
 *
 * Why: 65–80 % of a wasm step is these products, so their time alone bounds how close the whole step can
 * come to PyTorch. If tfjs's products take G ms per step and PyTorch's whole step takes P ms, then the
 * step ratio can be at most P / G, even if every other kernel took no time at all. The bench prints
 * that bound beside the measured ratio.
 *
 * Shapes, per encoder layer (T = batch·seq tokens, H hidden, F FFN, A heads, d = H/A, S seq):
 *   forward   q, k, v, o: T×H·H×H (4) · intermediate T×H·H×F · output T×F·F×H
 *             attention, per batch·head: scores S×d·d×S, context S×S·S×d
 *   backward  dX of each linear (same sizes as forward); dW = dYᵀ·X: H×T·T×H (4), F×T·T×H, H×T·T×F
 *             attention: dQ, dK (S×S·S×d each), dP (S×d·d×S), dV (S×S·S×d)
 * The pooler and classifier (batch × hidden) are left out: < 0.1 % of the FLOPs.
 */
import * as tf from '@tensorflow/tfjs';
import { SLICED_BATCH_MATMUL, slicedBatchMatMulOp } from '../src/core/model/backends/slicedBatchMatMul';

export interface EncoderShape { layers: number; hidden: number; heads: number; ffn: number; batch: number; seq: number }

/** One kind of product in a step: `count` times a [batch ×] m×k · k×n product. */
export interface Gemm { m: number; k: number; n: number; batch: number; count: number }

export function stepGemms(s: EncoderShape): Gemm[] {
  const T = s.batch * s.seq;
  const H = s.hidden;
  const F = s.ffn;
  const S = s.seq;
  const d = H / s.heads;
  const BH = s.batch * s.heads;
  const L = s.layers;
  return [
    { m: T, k: H, n: H, batch: 1, count: 8 * L }, // q, k, v, o: forward and dX
    { m: H, k: T, n: H, batch: 1, count: 4 * L }, // q, k, v, o: dW
    { m: T, k: H, n: F, batch: 1, count: 2 * L }, // intermediate forward, output dX
    { m: T, k: F, n: H, batch: 1, count: 2 * L }, // output forward, intermediate dX
    { m: F, k: T, n: H, batch: 1, count: L }, // intermediate dW
    { m: H, k: T, n: F, batch: 1, count: L }, // output dW
    { m: S, k: d, n: S, batch: BH, count: 2 * L }, // scores forward, dP
    { m: S, k: S, n: d, batch: BH, count: 4 * L }, // context forward, dQ, dK, dV
  ];
}

export function gemmFlops(list: Gemm[]): number {
  return list.reduce((sum, g) => sum + 2 * g.m * g.k * g.n * g.batch * g.count, 0);
}

/**
 * Milliseconds per step for the products alone on the active tfjs backend, each through the route the
 * engine uses on it (2-D matMul; batched ones through the sliced kernel on wasm). Best of `repeats`.
 */
export async function timeTfjsGemms(list: Gemm[], repeats = 3): Promise<number> {
  let total = 0;
  for (const g of list) {
    const operands = () => [
      tf.randomNormal(g.batch === 1 ? [g.m, g.k] : [g.batch, g.m, g.k]),
      tf.randomNormal(g.batch === 1 ? [g.k, g.n] : [g.batch, g.k, g.n]),
    ];
    const run = (a: tf.Tensor, b: tf.Tensor) => (g.batch > 1 && tf.getKernel(SLICED_BATCH_MATMUL, tf.getBackend())
      ? slicedBatchMatMulOp(a as tf.Tensor3D, b as tf.Tensor3D)
      : tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D));
    let best = Infinity;
    // Fresh operands every time, as in training (XNNPACK caches the packed right-hand side by tensor);
    // the first run warms up and is not counted.
    for (let r = 0; r <= repeats; r++) {
      const [a, b] = operands();
      await b.data();
      const t0 = performance.now();
      const c = run(a, b);
      await c.data();
      if (r > 0) best = Math.min(best, performance.now() - t0);
      tf.dispose([a, b, c]);
    }
    total += best * g.count;
  }
  return total;
}
