/**
 * DistilBERT (DistilBertModel + DistilBertForSequenceClassification head), HF semantics: word + position
 * embeddings (no token types) → LayerNorm → dropout; post-LN blocks with q_lin/k_lin/v_lin/out_lin,
 * sa_layer_norm, ffn.lin1/lin2, output_layer_norm; head pre_classifier → ReLU → dropout → classifier.
 */
import * as tf from '@tensorflow/tfjs';
import type { EncoderConfig } from '../config';
import type { Architecture, EncoderBatch, ParamSpec } from '../types';
import { distilbertHead, distilbertHeadSpecs } from '../heads';
import { normaliseDistilBertConfig } from './config';
import { activation, layerNorm, linear, makeDropout, param, type Dropout, type Weights } from '../layers';
import { additiveMask, selfAttention } from '../attention';
import { layerNormSpecs as norm, linearSpecs as lin } from '../paramSpecs';

export function distilbertParamSpecs(c: EncoderConfig, numLabels: number): ParamSpec[] {
  const d = c.hiddenSize;
  const specs: ParamSpec[] = [
    { name: 'distilbert.embeddings.word_embeddings.weight', shape: [c.vocabSize, d], group: 'embeddings', init: 'normal' },
    { name: 'distilbert.embeddings.position_embeddings.weight', shape: [c.maxPositions, d], group: 'embeddings', init: 'normal' },
    ...norm('distilbert.embeddings.LayerNorm', d, 'embeddings'),
  ];
  for (let i = 0; i < c.numLayers; i++) {
    const p = `distilbert.transformer.layer.${i}`;
    const g = `layer.${i}`;
    specs.push(
      ...lin(`${p}.attention.q_lin`, d, d, g),
      ...lin(`${p}.attention.k_lin`, d, d, g),
      ...lin(`${p}.attention.v_lin`, d, d, g),
      ...lin(`${p}.attention.out_lin`, d, d, g),
      ...norm(`${p}.sa_layer_norm`, d, g),
      ...lin(`${p}.ffn.lin1`, c.intermediateSize, d, g),
      ...lin(`${p}.ffn.lin2`, d, c.intermediateSize, g),
      ...norm(`${p}.output_layer_norm`, d, g),
    );
  }
  return [...specs, ...distilbertHeadSpecs(d, numLabels)];
}

export function distilbertEncode(c: EncoderConfig, w: Weights, batch: EncoderBatch, dropout: Dropout): tf.Tensor3D {
  const [b, s] = batch.inputIds.shape;
  if (s > c.maxPositions) throw new Error(`sequence length ${s} exceeds max_position_embeddings ${c.maxPositions}`);
  const d = c.hiddenSize;
  const words = tf.gather(param(w, 'distilbert.embeddings.word_embeddings.weight'), batch.inputIds);
  const positions = param(w, 'distilbert.embeddings.position_embeddings.weight').slice([0, 0], [s, d]);
  const emb = layerNorm(words.add(positions).reshape([b, s, d]), w, 'distilbert.embeddings.LayerNorm', c.layerNormEps);
  let x = dropout(emb, c.hiddenDropout) as tf.Tensor3D;
  const mask = additiveMask(batch.attentionMask);
  for (let i = 0; i < c.numLayers; i++) {
    const p = `distilbert.transformer.layer.${i}`;
    const ctx = selfAttention(x, w, {
      q: `${p}.attention.q_lin`, k: `${p}.attention.k_lin`, v: `${p}.attention.v_lin`,
    }, c.numHeads, mask, c.attentionDropout, dropout);
    const sa = layerNorm(linear(ctx, w, `${p}.attention.out_lin`).add(x), w, `${p}.sa_layer_norm`, c.layerNormEps);
    const ffn = dropout(linear(activation(linear(sa, w, `${p}.ffn.lin1`), c.hiddenAct), w, `${p}.ffn.lin2`), c.hiddenDropout);
    x = layerNorm(ffn.add(sa), w, `${p}.output_layer_norm`, c.layerNormEps) as tf.Tensor3D;
  }
  return x;
}

export const distilbertArchitecture: Architecture<EncoderConfig> = {
  modelType: 'distilbert',
  label: 'DistilBERT',
  classifierClass: 'DistilBertForSequenceClassification',
  basePrefix: 'distilbert.',
  normaliseConfig: normaliseDistilBertConfig,
  paramSpecs: distilbertParamSpecs,
  initializerRange: (c) => c.initializerRange,
  padTokenId: (c) => c.padTokenId,
  forward(c, w, batch, training, seed) {
    const dropout = makeDropout(training, seed);
    return distilbertHead(distilbertEncode(c, w, batch, dropout), w, c.classifierDropout, dropout);
  },
};
