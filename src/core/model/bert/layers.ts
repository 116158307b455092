/**
 * Building blocks shared by the BERT-family encoders. Every op here has a gradient in tfjs on every backend
 * (no einsum, stridedSlice or gatherND): linear layers are matMul with transposeB because weights stay in
 * PyTorch's [out, in] layout, which is also the layout we export.
 */
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../../rng';
import type { Activation } from '../config';
import { SLICED_BATCH_MATMUL, slicedBatchMatMulOp } from '../backends/slicedBatchMatMul';
import { seededDropout } from '../backends/dropoutMask';

/** torch.finfo(torch.float32).min: what HF adds to the attention scores of padding positions. */
export const MASK_VALUE = -3.4028234663852886e38;

export type Weights = ReadonlyMap<string, tf.Tensor>;

export function param(weights: Weights, name: string): tf.Tensor {
  const w = weights.get(name);
  if (!w) throw new Error(`weight "${name}" is missing from the model`);
  return w;
}

/**
 * The transpose of a tall [rows, cols] matrix. When rows split into blocks of 16, as the token rows of a
 * padded batch always do (sequence lengths are padded to multiples of 16), it is done as a rank-3
 * transpose of [rows/16, 16, cols] to [cols, rows/16, 16]: the same values moved, but the wasm backend's
 * 2-D transpose of [4096, 128] measured ~10× slower than this route.
 */
function transposeRows(x: tf.Tensor2D): tf.Tensor2D {
  const [rows, cols] = x.shape;
  if (rows % 16 !== 0) return x.transpose();
  return x.reshape([rows / 16, 16, cols]).transpose([2, 0, 1]).reshape([cols, rows]);
}

/**
 * x Wᵀ + b with a hand-written gradient made of untransposed 2-D matMuls only. tfjs-backend-wasm sends
 * plain 2-D matMuls to XNNPACK but any transposeA/transposeB (which the stock BatchMatMul gradient uses)
 * to a scalar loop: measured 8–13× slower for BERT's shapes. dx = dy·W, dW = dyᵀ·x, db = Σ dy.
 */
const wasmLinear = tf.customGrad((...args: (tf.Tensor | ((t: tf.Tensor[]) => void))[]) => {
  const [x, w, b] = args as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D];
  const save = args[3] as (t: tf.Tensor[]) => void;
  save([x, w]);
  return {
    value: tf.matMul(x, w.transpose()).add(b),
    gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
      const g = dy as tf.Tensor2D;
      const [sx, sw] = saved as [tf.Tensor2D, tf.Tensor2D];
      // db as 1ᵀ·dy, not dy.sum(0): the wasm Sum over axis 0 transposes first (measured 5–19 ms for BERT's
      // shapes, a 2-D matMul 0.1–0.3 ms).
      const ones = tf.ones([1, g.shape[0]]) as tf.Tensor2D;
      return [tf.matMul(g, sw), tf.matMul(transposeRows(g), sx), tf.matMul(ones, g).reshape([g.shape[1]])];
    },
  };
});

/**
 * Untransposed batched a·b on wasm: slice by slice through XNNPACK when the engine's kernel is registered
 * (registerWasmTrainingKernels; 3–8× faster than the stock batched path for attention shapes, see
 * backends/slicedBatchMatMul.ts), else the stock kernel.
 */
function wasmPlainBatchMatMul(a: tf.Tensor3D, b: tf.Tensor3D): tf.Tensor3D {
  return tf.getKernel(SLICED_BATCH_MATMUL, 'wasm') ? slicedBatchMatMulOp(a, b) : tf.matMul(a, b);
}

/** a·b for rank-3 a, b whose gradient, too, uses only untransposed batched matMuls (see wasmLinear). */
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

/** y = x Wᵀ + b over the last axis, for x of any rank; W is [out, in]. */
export function linear(x: tf.Tensor, weights: Weights, prefix: string): tf.Tensor {
  const w = param(weights, `${prefix}.weight`) as tf.Tensor2D;
  const b = param(weights, `${prefix}.bias`);
  const inDim = x.shape[x.shape.length - 1];
  const x2 = x.rank === 2 ? (x as tf.Tensor2D) : x.reshape([-1, inDim]) as tf.Tensor2D;
  // Not tf.fused.matMul: on wasm (4.22) fused transposeB + bias gives wrong numbers (measured: 0.8 off).
  const y = tf.getBackend() === 'wasm'
    ? wasmLinear(x2, w, b) as tf.Tensor2D
    : tf.matMul(x2, w, false, true).add(b);
  return x.rank === 2 ? y : y.reshape([...x.shape.slice(0, -1), w.shape[0]]);
}

export function layerNorm(x: tf.Tensor, weights: Weights, prefix: string, eps: number): tf.Tensor {
  const axis = x.rank - 1;
  const { mean, variance } = tf.moments(x, axis, true);
  const normed = x.sub(mean).mul(tf.rsqrt(variance.add(eps)));
  return normed.mul(param(weights, `${prefix}.weight`)).add(param(weights, `${prefix}.bias`));
}

/** HF "gelu" is the exact erf form; "gelu_new" the tanh approximation. */
export function activation(x: tf.Tensor, kind: Activation): tf.Tensor {
  if (kind === 'relu') return tf.relu(x);
  if (kind === 'gelu_new') {
    const inner = x.add(x.pow(3).mul(0.044715)).mul(Math.sqrt(2 / Math.PI));
    return x.mul(0.5).mul(tf.tanh(inner).add(1));
  }
  return x.mul(0.5).mul(tf.erf(x.mul(Math.SQRT1_2)).add(1));
}

/**
 * A dropout function for one forward pass: identity in eval mode; in training mode each call site draws
 * its own seed from `seed`, so a step is reproducible from (weights, batch, seed) alone.
 */
export function makeDropout(training: boolean, seed: number): (x: tf.Tensor, rate: number) => tf.Tensor {
  if (!training) return (x) => x;
  const rng = createRng(seed);
  return (x, rate) => (rate > 0 ? seededDropout(x, rate, Math.floor(rng.next() * 2 ** 31)) : x);
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
  mask: tf.Tensor4D, attentionDropout: number, dropout: (x: tf.Tensor, rate: number) => tf.Tensor,
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

/** The first ([CLS]) token's hidden state: [batch, seq, hidden] → [batch, hidden]. slice, not gather/stridedSlice, for a cheap gradient. */
export function firstToken(x: tf.Tensor3D): tf.Tensor2D {
  const [b, , h] = x.shape;
  return x.slice([0, 0, 0], [b, 1, h]).reshape([b, h]);
}
