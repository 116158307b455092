/**
 * The bundled offline model: pre-trained GloVe word vectors → masked mean (+ max) pooling → a new dense
 * layer with tanh → classifier. A bag of word vectors: no attention, no positions, no context — far weaker
 * than BERT on subtle text, but small, fast and available with no network.
 *
 * Weight names (Hugging Face style, Linear weights [out, in]):
 *   embeddings.word_embeddings.weight  [vocab, embedding_size]   group 'embeddings' (GloVe, pre-trained)
 *   pre_classifier.weight / .bias      [hidden, pooled] / [hidden]  group 'head' (new)
 *   classifier.weight / .bias          [num_labels, hidden] / [num_labels]  group 'head' (new)
 * where pooled = 2 × embedding_size for 'mean-max' pooling (mean then max), embedding_size for 'mean'.
 */
import * as tf from '@tensorflow/tfjs';
import type { Architecture, EncoderBatch, ParamSpec } from '../types';
import { linear, makeDropout, param, type Weights } from '../layers';
import { normaliseGloveConfig, type GloveConfig } from './config';

/** Added to padding positions before the max: far below any word-vector value, and finite (no NaN gradients). */
const MAX_POOL_MASK = -1e4;

export function gloveParamSpecs(c: GloveConfig, numLabels: number): ParamSpec[] {
  const pooled = c.pooling === 'mean-max' ? 2 * c.embeddingSize : c.embeddingSize;
  return [
    { name: 'embeddings.word_embeddings.weight', shape: [c.vocabSize, c.embeddingSize], group: 'embeddings', init: 'normal' },
    { name: 'pre_classifier.weight', shape: [c.hiddenSize, pooled], group: 'head', init: 'normal', head: true },
    { name: 'pre_classifier.bias', shape: [c.hiddenSize], group: 'head', init: 'zeros', head: true },
    { name: 'classifier.weight', shape: [numLabels, c.hiddenSize], group: 'head', init: 'normal', head: true },
    { name: 'classifier.bias', shape: [numLabels], group: 'head', init: 'zeros', head: true },
  ];
}

/**
 * [batch, seq] ids + mask → pooled text vectors [batch, pooled]. Both reductions run over the last axis
 * (the mean as a batched matMul with the mask, the max after an explicit transpose): tfjs-backend-webgpu
 * 4.22 transposes internally for a reduction over a middle axis, and the gradient of such a max builds an
 * int32 transpose shader that fails to compile ("setOutputAtIndex … expected f32, got i32") and leaves
 * wrong numbers behind.
 */
export function glovePool(c: GloveConfig, w: Weights, batch: EncoderBatch): tf.Tensor2D {
  const [b, s] = batch.inputIds.shape;
  const e = c.embeddingSize;
  const vectors = tf.gather(param(w, 'embeddings.word_embeddings.weight'), batch.inputIds) as tf.Tensor3D; // [b, s, e]
  const mask = batch.attentionMask.toFloat(); // [b, s]
  const count = mask.sum(1, true).maximum(1); // [b, 1]; an all-padding row gives a zero mean instead of NaN
  const mean = tf.matMul(mask.reshape([b, 1, s]), vectors).reshape([b, e]).div(count) as tf.Tensor2D;
  if (c.pooling === 'mean') return mean;
  const padding = tf.scalar(1).sub(mask).mul(MAX_POOL_MASK).reshape([b, 1, s]);
  const max = vectors.transpose([0, 2, 1]).add(padding).max(2) as tf.Tensor2D; // [b, e]
  return tf.concat([mean, max], 1);
}

export const gloveArchitecture: Architecture<GloveConfig> = {
  modelType: 'glove-pool',
  label: 'GloVe bag of vectors',
  classifierClass: 'GlovePoolForSequenceClassification',
  // Weights carry no base-model prefix: the bundled file and a fine-tuned export use the same names.
  basePrefix: '',
  normaliseConfig: normaliseGloveConfig,
  paramSpecs: gloveParamSpecs,
  initializerRange: (c) => c.initializerRange,
  padTokenId: (c) => c.padTokenId,
  forward(c, w, batch, training, seed) {
    const dropout = makeDropout(training, seed);
    const hidden = tf.tanh(linear(glovePool(c, w, batch), w, 'pre_classifier'));
    return linear(dropout(hidden, c.classifierDropout), w, 'classifier') as tf.Tensor2D;
  },
};
