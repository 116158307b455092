/**
 * BERT (BertModel + BertForSequenceClassification head), exactly HF semantics: word + position +
 * token-type embeddings → LayerNorm → dropout; post-LN encoder layers; pooler on [CLS]; classifier.
 */
import * as tf from '@tensorflow/tfjs';
import type { EncoderConfig } from '../config';
import type { Architecture, EncoderBatch, ParamSpec } from '../types';
import { bertHead, bertHeadSpecs } from '../heads';
import { normaliseBertConfig } from './config';
import { activation, layerNorm, linear, makeDropout, param, type Dropout, type Weights } from '../layers';
import { additiveMask, selfAttention } from '../attention';
import { layerNormSpecs as norm, linearSpecs as lin } from '../paramSpecs';

/** Embeddings + encoder parameters under `prefix` ("bert", "roberta"): the same names in both families. */
export function bertEncoderSpecs(c: EncoderConfig, prefix: string): ParamSpec[] {
  const h = c.hiddenSize;
  const specs: ParamSpec[] = [
    { name: `${prefix}.embeddings.word_embeddings.weight`, shape: [c.vocabSize, h], group: 'embeddings', init: 'normal' },
    { name: `${prefix}.embeddings.position_embeddings.weight`, shape: [c.maxPositions, h], group: 'embeddings', init: 'normal' },
    { name: `${prefix}.embeddings.token_type_embeddings.weight`, shape: [c.typeVocabSize, h], group: 'embeddings', init: 'normal' },
    ...norm(`${prefix}.embeddings.LayerNorm`, h, 'embeddings'),
  ];
  for (let i = 0; i < c.numLayers; i++) {
    const p = `${prefix}.encoder.layer.${i}`;
    const g = `layer.${i}`;
    specs.push(
      ...lin(`${p}.attention.self.query`, h, h, g),
      ...lin(`${p}.attention.self.key`, h, h, g),
      ...lin(`${p}.attention.self.value`, h, h, g),
      ...lin(`${p}.attention.output.dense`, h, h, g),
      ...norm(`${p}.attention.output.LayerNorm`, h, g),
      ...lin(`${p}.intermediate.dense`, c.intermediateSize, h, g),
      ...lin(`${p}.output.dense`, h, c.intermediateSize, g),
      ...norm(`${p}.output.LayerNorm`, h, g),
    );
  }
  return specs;
}

export function bertParamSpecs(c: EncoderConfig, numLabels: number): ParamSpec[] {
  return [...bertEncoderSpecs(c, 'bert'), ...bertHeadSpecs(c.hiddenSize, numLabels)];
}

/**
 * Word + position + token-type embeddings → LayerNorm → dropout. `positionIds` [batch, seq] when positions
 * are not simply 0…seq−1 (RoBERTa counts from padding_idx + 1); otherwise a slice of the table, no gather.
 */
function embeddings(c: EncoderConfig, w: Weights, batch: EncoderBatch, dropout: Dropout, prefix: string, positionIds?: tf.Tensor2D): tf.Tensor3D {
  const [b, s] = batch.inputIds.shape;
  if (s > c.maxPositions) {
    throw new Error(`sequence length ${s} exceeds max_position_embeddings ${c.maxPositions}`);
  }
  const h = c.hiddenSize;
  const words = tf.gather(param(w, `${prefix}.embeddings.word_embeddings.weight`), batch.inputIds);
  const posTable = param(w, `${prefix}.embeddings.position_embeddings.weight`);
  const positions = positionIds ? tf.gather(posTable, positionIds) : posTable.slice([0, 0], [s, h]);
  const typeTable = param(w, `${prefix}.embeddings.token_type_embeddings.weight`);
  // Without token_type_ids every token is segment 0: a slice broadcasts it without a gather.
  const types = batch.tokenTypeIds ? tf.gather(typeTable, batch.tokenTypeIds) : typeTable.slice([0, 0], [1, h]);
  const sum = words.add(positions).add(types).reshape([b, s, h]);
  return dropout(layerNorm(sum, w, `${prefix}.embeddings.LayerNorm`, c.layerNormEps), c.hiddenDropout) as tf.Tensor3D;
}

/** The encoder's last hidden states [batch, seq, hidden], weights under `prefix`. */
export function bertEncode(c: EncoderConfig, w: Weights, batch: EncoderBatch, dropout: Dropout, prefix = 'bert', positionIds?: tf.Tensor2D): tf.Tensor3D {
  const mask = additiveMask(batch.attentionMask);
  let x = embeddings(c, w, batch, dropout, prefix, positionIds);
  for (let i = 0; i < c.numLayers; i++) {
    const p = `${prefix}.encoder.layer.${i}`;
    const ctx = selfAttention(x, w, {
      q: `${p}.attention.self.query`, k: `${p}.attention.self.key`, v: `${p}.attention.self.value`,
    }, c.numHeads, mask, c.attentionDropout, dropout);
    const attnOut = dropout(linear(ctx, w, `${p}.attention.output.dense`), c.hiddenDropout);
    const y = layerNorm(attnOut.add(x), w, `${p}.attention.output.LayerNorm`, c.layerNormEps);
    const inter = activation(linear(y, w, `${p}.intermediate.dense`), c.hiddenAct);
    const out = dropout(linear(inter, w, `${p}.output.dense`), c.hiddenDropout);
    x = layerNorm(out.add(y), w, `${p}.output.LayerNorm`, c.layerNormEps) as tf.Tensor3D;
  }
  return x;
}

export const bertArchitecture: Architecture<EncoderConfig> = {
  modelType: 'bert',
  label: 'BERT',
  classifierClass: 'BertForSequenceClassification',
  basePrefix: 'bert.',
  normaliseConfig: normaliseBertConfig,
  paramSpecs: bertParamSpecs,
  initializerRange: (c) => c.initializerRange,
  padTokenId: (c) => c.padTokenId,
  forward(c, w, batch, training, seed) {
    const dropout = makeDropout(training, seed);
    return bertHead(bertEncode(c, w, batch, dropout), w, c.classifierDropout, dropout);
  },
};
