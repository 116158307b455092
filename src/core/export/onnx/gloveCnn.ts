/**
 * The studio's glove-cnn (Kim 2014 CNN over word vectors) as an ONNX graph: word vectors (zero on padding)
 * → per filter width k: Conv1d over the text padded with k − 1 zero positions at the end, windows that do
 * not count pushed to −1e4 (a window counts if it starts before max(n − k + 1, 1) in a text of n tokens)
 * → ReduceMax over time → ReLU; the widths concatenated → classifier. The same semantics as
 * src/core/model/glove-cnn/windows.ts, built from ONNX's own Conv rather than the studio's unfolding.
 * Inputs: input_ids, attention_mask (int64 [batch_size, sequence_length]).
 */
import { embedding, linear, quantizeInt8, type LayerContext } from './layers';
import { tensor, type HfConfig } from '../types';

const INVALID_WINDOW = -1e4;

function filterSizes(config: HfConfig): number[] {
  const v = config.filter_sizes ?? [3, 4, 5];
  if (!Array.isArray(v) || v.some((k) => !Number.isInteger(k) || (k as number) < 1)) {
    throw new Error(`ONNX export: config.json "filter_sizes" must be a list of whole numbers (got ${JSON.stringify(v)}).`);
  }
  return [...(v as number[])].sort((a, b) => a - b);
}

/** A Conv1d weight [maps, channels, k] as an initializer, or int8 per output map + DequantizeLinear. */
function convWeight(ctx: LayerContext, name: string): string {
  const { g } = ctx;
  const w = tensor(ctx.weights, name);
  if (!ctx.quantize) return g.floatTensor(name, w.shape, w.data);
  const [maps, channels, k] = w.shape;
  const { q, scales } = quantizeInt8(w.data, maps, channels * k, 0);
  const qName = g.int8Tensor(`${name}_quantized`, w.shape, q);
  const sName = g.floatTensor(`${name}_scale`, [maps], scales);
  const zName = g.int8Tensor(`${name}_zero_point`, [maps], new Int8Array(maps));
  return g.op('DequantizeLinear', [qName, sName, zName], { name: `${name}_dequantized`, attrs: { axis: 0 } });
}

/** Builds the graph body; returns the logits tensor name. */
export function buildGloveCnn(ctx: LayerContext, config: HfConfig): string {
  const { g } = ctx;
  const mask = g.op('Cast', ['attention_mask'], { name: 'mask_float', attrs: { to: 1 } }); // [b, s]
  const vectors = embedding(ctx, 'input_ids', 'embeddings.word_embeddings.weight'); // [b, s, e]
  const zeroed = g.op('Mul', [vectors, g.op('Unsqueeze', [mask, g.int64Tensor('axes_last', [1], [-1])], { name: 'mask_column' })], { name: 'vectors_masked' });
  const channelsFirst = g.op('Transpose', [zeroed], { name: 'vectors_t', attrs: { perm: [0, 2, 1] } }); // [b, e, s]
  const tokens = g.op('ReduceSum', [mask, g.int64Tensor('axes_1', [1], [1])], { name: 'tokens', attrs: { keepdims: 1 } }); // [b, 1]
  const seqLen = g.op('Gather', [g.op('Shape', ['input_ids'], { name: 'input_shape' }), g.scalarInt64('one_i64', 1)], { name: 'seq_len', attrs: { axis: 0 } });
  const seqLenF = g.op('Cast', [seqLen], { name: 'seq_len_float', attrs: { to: 1 } });
  const time = g.op('Range', [g.scalarFloat('zero_f', 0), seqLenF, g.scalarFloat('one', 1)], { name: 'time' }); // [s]

  const pooled = filterSizes(config).map((k, i) => {
    const p = `convs.${i}`;
    const padded = g.op('Pad', [channelsFirst, g.int64Tensor(`pads_${k}`, [6], [0, 0, 0, 0, 0, k - 1])], { name: `${p}.input_padded` });
    const conv = g.op('Conv', [padded, convWeight(ctx, `${p}.weight`), g.floatTensor(`${p}.bias`, [tensor(ctx.weights, `${p}.bias`).shape[0]], tensor(ctx.weights, `${p}.bias`).data)],
      { name: `${p}.conv`, attrs: { kernel_shape: [k] } }); // [b, maps, s]
    const limit = g.op('Max', [g.op('Sub', [tokens, g.scalarFloat(`k_minus_1_${k}`, k - 1)]), g.scalarFloat('one', 1)], { name: `${p}.window_limit` });
    const counts = g.op('Cast', [g.op('Less', [time, limit], { name: `${p}.window_counts` })], { name: `${p}.window_counts_float`, attrs: { to: 1 } }); // [b, s]
    const additive = g.op('Mul', [g.op('Sub', [counts, g.scalarFloat('one', 1)]), g.scalarFloat('invalid_window', -INVALID_WINDOW)], { name: `${p}.window_mask` });
    const masked = g.op('Add', [conv, g.op('Unsqueeze', [additive, g.int64Tensor('axes_1', [1], [1])])], { name: `${p}.masked` });
    return g.op('Relu', [g.op('ReduceMax', [masked], { name: `${p}.max_over_time`, attrs: { axes: [2], keepdims: 0 } })], { name: `${p}.pooled` });
  });
  const features = g.op('Concat', pooled, { name: 'features', attrs: { axis: 1 } });
  return linear(ctx, features, 'classifier');
}
