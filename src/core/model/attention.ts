/**
 * Multi-head self-attention for the transformer encoders (BERT, DistilBERT, RoBERTa), in HF's semantics:
 * additive padding mask, softmax, attention dropout. Batched matMuls are routed around the wasm backend's
 * slow transposed path (see linear() in layers.ts for the same idea on 2-D matMuls).
 */
import * as tf from '@tensorflow/tfjs';
import { SLICED_BATCH_MATMUL, slicedBatchMatMulOp } from './backends/slicedBatchMatMul';
import { linear, type Dropout, type Weights } from './layers';

/** torch.finfo(torch.float32).min: what HF adds to the attention scores of padding positions. */
export const MASK_VALUE = -3.4028234663852886e38;

/**
 * Untransposed batched a·b on wasm: slice by slice through XNNPACK when the engine's kernel is registered
 * (registerWasmTrainingKernels; 3–8× faster than the stock batched path for attention shapes, see
 * backends/slicedBatchMatMul.ts), else the stock kernel.
 */
function wasmPlainBatchMatMul(a: tf.Tensor3D, b: tf.Tensor3D): tf.Tensor3D {
  return tf.getKernel(SLICED_BATCH_MATMUL, 'wasm') ? slicedBatchMatMulOp(a, b) : tf.matMul(a, b);
}

/** a·b for rank-3 a, b whose gradient, too, uses only untransposed batched matMuls (see wasmLinear in layers.ts). */
const wasmBatchMatMul = tf.customGrad((...args: (tf.Tensor | ((t: tf.Tensor[]) => void))[]) => {
  const [a, b] = args as [tf.Tensor3D, tf.Tensor3D];
  (args[2] as (t: tf.Tensor[]) => void)([a, b]);
  return {
    value: wasmPlainBatchMatMul(a, b),
    gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
      const g = dy as tf.Tensor3D;
      const [sa, sb] = saved as [tf.Tensor3D, tf.Tensor3D];
      return [wasmPlainBatchMatMul(g, sb.transpose([0, 2, 1])), wasmPlainBatchMatMul(sa.transpose([0, 2, 1]), g)];
    },
  };
});

/** Batched a·b (or a·bᵀ) over rank-3 tensors, routed around wasm's slow transposed path. */
function batchMatMul(a: tf.Tensor3D, b: tf.Tensor3D, transposeB: boolean): tf.Tensor3D {
  if (tf.getBackend() !== 'wasm') return tf.matMul(a, b, false, transposeB);
  return wasmBatchMatMul(a, transposeB ? b.transpose([0, 2, 1]) : b) as tf.Tensor3D;
}

/** [batch, seq] 0/1 mask → additive [batch, 1, 1, seq] mask: 0 where attended, MASK_VALUE on padding. */
export function additiveMask(attentionMask: tf.Tensor2D): tf.Tensor4D {
  const [b, s] = attentionMask.shape;
  return tf.scalar(1).sub(attentionMask.toFloat()).mul(MASK_VALUE).reshape([b, 1, 1, s]);
}

/** [batch, seq, hidden] → [batch·heads, seq, headDim]. */
function splitHeads(x: tf.Tensor, heads: number): tf.Tensor3D {
  const [b, s, h] = x.shape;
  return x.reshape([b, s, heads, h / heads]).transpose([0, 2, 1, 3]).reshape([b * heads, s, h / heads]);
}

/**
 * Scaled dot-product self-attention with additive mask; projections named `${prefix}.${q|k|v}` in
 * HF's naming. Returns the context [batch, seq, hidden] before the output projection.
 */
export function selfAttention(
  x: tf.Tensor3D, weights: Weights, names: { q: string; k: string; v: string }, heads: number,
  mask: tf.Tensor4D, attentionDropout: number, dropout: Dropout,
): tf.Tensor3D {
  const [b, s, h] = x.shape;
  const q = splitHeads(linear(x, weights, names.q), heads);
  const k = splitHeads(linear(x, weights, names.k), heads);
  const v = splitHeads(linear(x, weights, names.v), heads);
  const scores = batchMatMul(q, k, true).reshape([b, heads, s, s]).mul(1 / Math.sqrt(h / heads)).add(mask);
  const probs = dropout(tf.softmax(scores), attentionDropout).reshape([b * heads, s, s]) as tf.Tensor3D;
  const context = batchMatMul(probs, v, false);
  return context.reshape([b, heads, s, h / heads]).transpose([0, 2, 1, 3]).reshape([b, s, h]);
}

