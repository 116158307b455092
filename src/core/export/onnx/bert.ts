/**
 * BertForSequenceClassification (post-LN encoder, tanh pooler, linear classifier) and
 * RobertaForSequenceClassification (the same encoder under `roberta.`, positions counted over non-padding
 * tokens from padding_idx + 1, one token type, head dense → tanh → out_proj on <s>) as ONNX graphs.
 */
import { activation, additiveMask, embedding, firstToken, layerNorm, linear, selfAttention, type LayerContext } from './layers';
import { tensor, type HfConfig } from '../types';

function num(config: HfConfig, key: string, fallback?: number): number {
  const v = config[key] ?? fallback;
  if (typeof v !== 'number') throw new Error(`ONNX export: config.json field "${key}" is missing or not a number.`);
  return v;
}

/** Builds the graph body; returns the logits tensor name. Inputs: input_ids, attention_mask, token_type_ids. */
export function buildBert(ctx: LayerContext, config: HfConfig): string {
  const p = Object.hasOwn(ctx.weights, 'bert.embeddings.word_embeddings.weight') ? 'bert.' : '';
  const { g } = ctx;
  const seqLen = g.op('Gather', [g.op('Shape', ['input_ids'], { name: 'input_shape' }), g.scalarInt64('one_i64', 1)], { name: 'seq_len', attrs: { axis: 0 } });
  const positions = g.op('Range', [g.scalarInt64('zero', 0), seqLen, g.scalarInt64('one_i64', 1)], { name: 'position_ids' });
  const types = embedding(ctx, 'token_type_ids', `${p}embeddings.token_type_embeddings.weight`);
  const h = encode(ctx, config, p, positions, types, num(config, 'layer_norm_eps', 1e-12));
  const pooled = g.op('Tanh', [linear(ctx, firstToken(ctx, h), `${p}pooler.dense`)], { name: 'pooled' });
  return linear(ctx, pooled, 'classifier');
}

/** Builds the graph body; returns the logits tensor name. Inputs: input_ids, attention_mask. */
export function buildRoberta(ctx: LayerContext, config: HfConfig): string {
  const { g, weights } = ctx;
  const pad = num(config, 'pad_token_id', 1);
  // HF create_position_ids_from_input_ids: pad + running count of non-padding tokens; pad on padding.
  const notPad = g.op('Cast', [g.op('Not', [g.op('Equal', ['input_ids', g.scalarInt64(`pad_${pad}`, pad)])])], { name: 'not_pad', attrs: { to: 7 } });
  const counted = g.op('CumSum', [notPad, g.scalarInt64('one_i64', 1)], { name: 'non_pad_count' });
  const positions = g.op('Add', [g.op('Mul', [counted, notPad]), g.scalarInt64(`pad_${pad}`, pad)], { name: 'position_ids' });
  // One token type: its embedding row is a constant added everywhere.
  const tt = tensor(weights, 'roberta.embeddings.token_type_embeddings.weight');
  const types = g.floatTensor('token_type_row0', [tt.shape[1]], tt.data.slice(0, tt.shape[1]));
  const h = encode(ctx, config, 'roberta.', positions, types, num(config, 'layer_norm_eps', 1e-5));
  const dense = g.op('Tanh', [linear(ctx, firstToken(ctx, h), 'classifier.dense')], { name: 'classifier_tanh' });
  return linear(ctx, dense, 'classifier.out_proj');
}

/** Embeddings (word + position + type, LayerNorm) and the post-LN encoder layers shared by BERT and RoBERTa. */
function encode(ctx: LayerContext, config: HfConfig, p: string, positions: string, types: string, eps: number): string {
  const { g } = ctx;
  const posType = config.position_embedding_type ?? 'absolute';
  if (posType !== 'absolute') throw new Error(`ONNX export: position_embedding_type "${String(posType)}" is not supported (absolute is).`);
  const hidden = num(config, 'hidden_size');
  const heads = num(config, 'num_attention_heads');
  const layers = num(config, 'num_hidden_layers');
  const act = String(config.hidden_act ?? 'gelu');
  const words = embedding(ctx, 'input_ids', `${p}embeddings.word_embeddings.weight`);
  const pos = embedding(ctx, positions, `${p}embeddings.position_embeddings.weight`);
  const summed = g.op('Add', [g.op('Add', [words, pos]), types], { name: 'embeddings_sum' });
  let h = layerNorm(ctx, summed, `${p}embeddings.LayerNorm`, eps);

  const mask = additiveMask(ctx, 'attention_mask');
  for (let i = 0; i < layers; i++) {
    const l = `${p}encoder.layer.${i}`;
    const attn = selfAttention(ctx, h, mask, {
      query: `${l}.attention.self.query`, key: `${l}.attention.self.key`, value: `${l}.attention.self.value`, output: `${l}.attention.output.dense`,
    }, heads, hidden, l);
    const a = layerNorm(ctx, g.op('Add', [attn, h]), `${l}.attention.output.LayerNorm`, eps);
    const inter = activation(ctx, linear(ctx, a, `${l}.intermediate.dense`), act, l);
    h = layerNorm(ctx, g.op('Add', [linear(ctx, inter, `${l}.output.dense`), a]), `${l}.output.LayerNorm`, eps);
  }
  return h;
}
