/**
 * The building blocks BERT-family encoders share, as ONNX nodes: linear layers (float or int8 weight-only),
 * embeddings, LayerNorm, activations and multi-head self-attention. Inputs and outputs are tensor names.
 */
import { GraphBuilder } from './graph';
import { tensor, type WeightMap } from '../types';

export interface LayerContext {
  g: GraphBuilder;
  weights: WeightMap;
  /** Store matrix weights as int8 with one float scale per output column (symmetric, zero point 0). */
  quantize: boolean;
}

/** PyTorch Linear weights are [out, in]; ONNX MatMul wants x·W, so store the transpose [in, out]. */
function transpose2d(data: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = data[r * cols + c];
  return out;
}

/**
 * Symmetric int8 quantisation of a [rows, cols] matrix along `axis` (0: one scale per row, 1: per column).
 * Scales are max|w| / 127 so every weight is representable; a zero row gets scale 1 (its values stay 0).
 */
export function quantizeInt8(data: Float32Array, rows: number, cols: number, axis: 0 | 1): { q: Int8Array; scales: Float32Array } {
  const nScales = axis === 0 ? rows : cols;
  const maxAbs = new Float32Array(nScales);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const k = axis === 0 ? r : c;
      const a = Math.abs(data[r * cols + c]);
      if (a > maxAbs[k]) maxAbs[k] = a;
    }
  }
  const scales = maxAbs.map((m) => (m > 0 ? m / 127 : 1));
  const q = new Int8Array(data.length);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const s = scales[axis === 0 ? r : c];
      q[r * cols + c] = Math.max(-127, Math.min(127, Math.round(data[r * cols + c] / s)));
    }
  }
  return { q, scales };
}

/** x·Wᵀ + b for a PyTorch Linear called `prefix` (weights `${prefix}.weight`, `${prefix}.bias`). */
export function linear(ctx: LayerContext, x: string, prefix: string): string {
  const { g, weights } = ctx;
  const w = tensor(weights, `${prefix}.weight`);
  const b = tensor(weights, `${prefix}.bias`);
  const [out, inp] = w.shape;
  const wt = transpose2d(w.data, out, inp);
  let wName: string;
  if (ctx.quantize) {
    const { q, scales } = quantizeInt8(wt, inp, out, 1);
    const qName = g.int8Tensor(`${prefix}.weight_quantized`, [inp, out], q);
    const sName = g.floatTensor(`${prefix}.weight_scale`, [out], scales);
    const zName = g.int8Tensor(`${prefix}.weight_zero_point`, [out], new Int8Array(out));
    wName = g.op('DequantizeLinear', [qName, sName, zName], { name: `${prefix}.weight_dequantized`, attrs: { axis: 1 } });
  } else {
    wName = g.floatTensor(`${prefix}.weight_t`, [inp, out], wt);
  }
  const mm = g.op('MatMul', [x, wName], { name: `${prefix}.matmul` });
  return g.op('Add', [mm, g.floatTensor(`${prefix}.bias`, [out], b.data)], { name: `${prefix}.out` });
}

/** Rows of an embedding table for int64 ids. Quantised: gather int8 rows and their per-row scales. */
export function embedding(ctx: LayerContext, ids: string, name: string): string {
  const { g, weights } = ctx;
  const t = tensor(weights, name);
  const [rows, cols] = t.shape;
  if (!ctx.quantize) return g.op('Gather', [g.floatTensor(name, t.shape, t.data), ids], { name: `${name}.gather` });
  const { q, scales } = quantizeInt8(t.data, rows, cols, 0);
  const qRows = g.op('Gather', [g.int8Tensor(`${name}_quantized`, t.shape, q), ids], { name: `${name}.gather_q` });
  const sRows = g.op('Gather', [g.floatTensor(`${name}_scale`, [rows], scales), ids], { name: `${name}.gather_scale` });
  const asFloat = g.op('Cast', [qRows], { name: `${name}.cast`, attrs: { to: 1 } });
  const sCol = g.op('Unsqueeze', [sRows, g.int64Tensor('axes_last', [1], [-1])], { name: `${name}.scale_col` });
  return g.op('Mul', [asFloat, sCol], { name: `${name}.dequantized` });
}

export function layerNorm(ctx: LayerContext, x: string, prefix: string, eps: number): string {
  const { g, weights } = ctx;
  const gamma = tensor(weights, `${prefix}.weight`);
  const beta = tensor(weights, `${prefix}.bias`);
  return g.op('LayerNormalization', [x, g.floatTensor(`${prefix}.weight`, gamma.shape, gamma.data), g.floatTensor(`${prefix}.bias`, beta.shape, beta.data)], {
    name: `${prefix}.out`,
    attrs: { axis: -1, epsilon: { float: eps } },
  });
}

/** The activations HF BERT-family configs name in hidden_act / activation. */
export function activation(ctx: LayerContext, x: string, kind: string, prefix: string): string {
  const { g } = ctx;
  switch (kind) {
    case 'gelu': {
      // 0.5·x·(1 + erf(x/√2)), the exact GELU HF's 'gelu' uses.
      const scaled = g.op('Div', [x, g.scalarFloat('sqrt2', Math.SQRT2)], { name: `${prefix}.gelu_div` });
      const erf = g.op('Erf', [scaled], { name: `${prefix}.gelu_erf` });
      const onePlus = g.op('Add', [erf, g.scalarFloat('one', 1)], { name: `${prefix}.gelu_add` });
      const half = g.op('Mul', [x, g.scalarFloat('half', 0.5)], { name: `${prefix}.gelu_half` });
      return g.op('Mul', [half, onePlus], { name: `${prefix}.gelu` });
    }
    case 'gelu_new':
    case 'gelu_pytorch_tanh': {
      // 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))
      const x3 = g.op('Mul', [g.op('Mul', [x, x]), x], { name: `${prefix}.gelu_x3` });
      const inner = g.op('Add', [x, g.op('Mul', [x3, g.scalarFloat('c044715', 0.044715)])]);
      const t = g.op('Tanh', [g.op('Mul', [inner, g.scalarFloat('sqrt_2_over_pi', Math.sqrt(2 / Math.PI))])]);
      const onePlus = g.op('Add', [t, g.scalarFloat('one', 1)]);
      return g.op('Mul', [g.op('Mul', [x, g.scalarFloat('half', 0.5)]), onePlus], { name: `${prefix}.gelu_tanh` });
    }
    case 'relu':
      return g.op('Relu', [x], { name: `${prefix}.relu` });
    default:
      throw new Error(`ONNX export: activation "${kind}" is not supported (gelu, gelu_new, relu are).`);
  }
}

/**
 * The additive attention mask [batch, 1, 1, seq]: 0 where attention_mask is 1, the float32 minimum where
 * it is 0 — what HF adds to the scores, so padded positions get zero weight after softmax.
 */
export function additiveMask(ctx: LayerContext, attentionMask: string): string {
  const { g } = ctx;
  const m = g.op('Cast', [attentionMask], { name: 'mask_float', attrs: { to: 1 } });
  const inv = g.op('Sub', [g.scalarFloat('one', 1), m], { name: 'mask_inverted' });
  const add = g.op('Mul', [inv, g.scalarFloat('float_min', -3.4028234663852886e38)], { name: 'mask_additive' });
  return g.op('Unsqueeze', [add, g.int64Tensor('axes_1_2', [2], [1, 2])], { name: 'mask_4d' });
}

export interface AttentionNames {
  query: string;
  key: string;
  value: string;
  output: string;
}

/** Multi-head self-attention over x [batch, seq, hidden]; returns the output projection [batch, seq, hidden]. */
export function selfAttention(ctx: LayerContext, x: string, mask4d: string, names: AttentionNames, numHeads: number, hidden: number, prefix: string): string {
  const { g } = ctx;
  const headDim = hidden / numHeads;
  if (!Number.isInteger(headDim)) throw new Error(`ONNX export: hidden size ${hidden} is not divisible by ${numHeads} heads.`);
  const split = g.int64Tensor('shape_heads', [4], [0, 0, numHeads, headDim]);
  const heads = (name: string, perm: number[], tag: string) =>
    g.op('Transpose', [g.op('Reshape', [linear(ctx, x, name), split])], { name: `${prefix}.${tag}`, attrs: { perm } });
  const q = heads(names.query, [0, 2, 1, 3], 'q');
  const kT = heads(names.key, [0, 2, 3, 1], 'k_t');
  const v = heads(names.value, [0, 2, 1, 3], 'v');
  const scores = g.op('Div', [g.op('MatMul', [q, kT]), g.scalarFloat(`sqrt_head_dim_${headDim}`, Math.sqrt(headDim))], { name: `${prefix}.scores` });
  const probs = g.op('Softmax', [g.op('Add', [scores, mask4d])], { name: `${prefix}.probs`, attrs: { axis: -1 } });
  const ctxHeads = g.op('Transpose', [g.op('MatMul', [probs, v])], { name: `${prefix}.context_t`, attrs: { perm: [0, 2, 1, 3] } });
  const merged = g.op('Reshape', [ctxHeads, g.int64Tensor('shape_merge', [3], [0, 0, hidden])], { name: `${prefix}.context` });
  return linear(ctx, merged, names.output);
}

/** The first token's hidden state [batch, hidden] (the [CLS] position). */
export function firstToken(ctx: LayerContext, x: string): string {
  return ctx.g.op('Gather', [x, ctx.g.scalarInt64('zero', 0)], { name: 'cls_hidden', attrs: { axis: 1 } });
}
