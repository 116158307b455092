/** DistilBertForSequenceClassification as an ONNX graph (no token types, pre_classifier + ReLU head). */
import { activation, additiveMask, embedding, firstToken, layerNorm, linear, selfAttention, type LayerContext } from './layers';
import type { HfConfig } from '../types';

function num(config: HfConfig, key: string): number {
  const v = config[key];
  if (typeof v !== 'number') throw new Error(`ONNX export: config.json field "${key}" is missing or not a number.`);
  return v;
}

/** Builds the graph body; returns the logits tensor name. Inputs: input_ids, attention_mask. */
export function buildDistilBert(ctx: LayerContext, config: HfConfig): string {
  const { g } = ctx;
  const hidden = num(config, 'dim');
  const heads = num(config, 'n_heads');
  const layers = num(config, 'n_layers');
  const act = String(config.activation ?? 'gelu');
  // DistilBERT's LayerNorms are nn.LayerNorm(dim, eps=1e-12), not configurable.
  const eps = 1e-12;

  const seqLen = g.op('Gather', [g.op('Shape', ['input_ids'], { name: 'input_shape' }), g.scalarInt64('one_i64', 1)], { name: 'seq_len', attrs: { axis: 0 } });
  const positions = g.op('Range', [g.scalarInt64('zero', 0), seqLen, g.scalarInt64('one_i64', 1)], { name: 'position_ids' });
  const words = embedding(ctx, 'input_ids', 'distilbert.embeddings.word_embeddings.weight');
  const pos = embedding(ctx, positions, 'distilbert.embeddings.position_embeddings.weight');
  let h = layerNorm(ctx, g.op('Add', [words, pos], { name: 'embeddings_sum' }), 'distilbert.embeddings.LayerNorm', eps);

  const mask = additiveMask(ctx, 'attention_mask');
  for (let i = 0; i < layers; i++) {
    const l = `distilbert.transformer.layer.${i}`;
    const attn = selfAttention(ctx, h, mask, {
      query: `${l}.attention.q_lin`, key: `${l}.attention.k_lin`, value: `${l}.attention.v_lin`, output: `${l}.attention.out_lin`,
    }, heads, hidden, l);
    const a = layerNorm(ctx, g.op('Add', [attn, h]), `${l}.sa_layer_norm`, eps);
    const ffn = linear(ctx, activation(ctx, linear(ctx, a, `${l}.ffn.lin1`), act, l), `${l}.ffn.lin2`);
    h = layerNorm(ctx, g.op('Add', [ffn, a]), `${l}.output_layer_norm`, eps);
  }
  const pre = g.op('Relu', [linear(ctx, firstToken(ctx, h), 'pre_classifier')], { name: 'pre_classifier_relu' });
  return linear(ctx, pre, 'classifier');
}
