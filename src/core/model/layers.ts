/**
 * Building blocks shared by every architecture (linear, LayerNorm, activations, seeded dropout, the first
 * token); attention is in attention.ts. Every op here has a gradient in tfjs on every backend (no einsum,
 * stridedSlice or gatherND): linear layers are matMul with transposeB because weights stay in PyTorch's
 * [out, in] layout, which is also the layout we export.
 */
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../rng';
import type { Activation } from './config';
import { seededDropout } from './backends/dropoutMask';

export type Weights = ReadonlyMap<string, tf.Tensor>;

/** Dropout at `rate` for one call site of a forward pass (see makeDropout). */
export type Dropout = (x: tf.Tensor, rate: number) => tf.Tensor;

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
export function makeDropout(training: boolean, seed: number): Dropout {
  if (!training) return (x) => x;
  const rng = createRng(seed);
  return (x, rate) => (rate > 0 ? seededDropout(x, rate, Math.floor(rng.next() * 2 ** 31)) : x);
}

/** The first ([CLS]) token's hidden state: [batch, seq, hidden] → [batch, hidden]. slice, not gather/stridedSlice, for a cheap gradient. */
export function firstToken(x: tf.Tensor3D): tf.Tensor2D {
  const [b, , h] = x.shape;
  return x.slice([0, 0, 0], [b, 1, h]).reshape([b, h]);
}
