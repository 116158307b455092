/**
 * The offline convolutional model (Kim 2014, "Convolutional Neural Networks for Sentence Classification"):
 * pre-trained GloVe word vectors → 1-D convolutions of several widths (3, 4, 5 tokens × 100 feature maps)
 * → ReLU → max over time → dropout → classifier. Unlike the bag of vectors (glove/), each feature map
 * reads a window of consecutive words, so it tells "how many" from "how" and "not good" from "good".
 *
 * Weight names (PyTorch layouts: Conv1d weights [out, in, width], Linear weights [out, in]):
 *   embeddings.word_embeddings.weight  [vocab, embedding_size]               group 'embeddings' (GloVe)
 *   convs.<i>.weight / .bias           [num_filters, embedding_size, k_i] / [num_filters]   group 'head' (new)
 *   classifier.weight / .bias          [num_labels, widths × num_filters] / [num_labels]    group 'head' (new)
 * The filters are in the 'head' group: they start random, so "train head only" trains them (a "static"
 * CNN over frozen vectors), gradual unfreezing trains them first and the vectors from epoch 2, and the
 * head learning rate is the rate of every new layer.
 *
 * Padding and short texts (windows.ts): a window counts only if it lies inside the text, except that a
 * text shorter than a filter gets one window, the text followed by zero vectors. So a text's logits do not
 * depend on what else is in its batch.
 */
import * as tf from '@tensorflow/tfjs';
import type { Architecture, EncoderBatch, ParamSpec } from '../types';
import { linear, makeDropout, param, type Weights } from '../layers';
import { normaliseGloveCnnConfig, type GloveCnnConfig } from './config';
import { packedWindows, paddedWindows } from './windows';

export function gloveCnnParamSpecs(c: GloveCnnConfig, numLabels: number): ParamSpec[] {
  const specs: ParamSpec[] = [
    { name: 'embeddings.word_embeddings.weight', shape: [c.vocabSize, c.embeddingSize], group: 'embeddings', init: 'normal' },
  ];
  c.filterSizes.forEach((k, i) => specs.push(
    { name: `convs.${i}.weight`, shape: [c.numFilters, c.embeddingSize, k], group: 'head', init: 'normal', head: true },
    { name: `convs.${i}.bias`, shape: [c.numFilters], group: 'head', init: 'zeros', head: true },
  ));
  specs.push(
    { name: 'classifier.weight', shape: [numLabels, c.filterSizes.length * c.numFilters], group: 'head', init: 'normal', head: true },
    { name: 'classifier.bias', shape: [numLabels], group: 'head', init: 'zeros', head: true },
  );
  return specs;
}

/**
 * Every filter as one [widths × maps, kmax × e] matrix whose row (width i, map m) holds that filter's
 * weights in window order (offset j, channel c → column j·e + c), zero beyond its own width. One matMul
 * of the unfolded windows with it computes every width at once: 80 % of its products are useful for
 * widths 3/4/5, and one large product is far faster on wasm than three small ones.
 */
function stackedFilters(c: GloveCnnConfig, w: Weights): { weight: tf.Tensor2D; bias: tf.Tensor1D } {
  const e = c.embeddingSize;
  const kmax = c.filterSizes[c.filterSizes.length - 1];
  const rows = c.filterSizes.map((k, i) => {
    const wk = param(w, `convs.${i}.weight`).transpose([0, 2, 1]).reshape([c.numFilters, k * e]); // [m, k·e], j-major
    return k === kmax ? wk : wk.pad([[0, 0], [0, (kmax - k) * e]]);
  });
  const biases = c.filterSizes.map((_, i) => param(w, `convs.${i}.bias`));
  return { weight: tf.concat(rows, 0) as tf.Tensor2D, bias: tf.concat(biases, 0) as tf.Tensor1D };
}

/**
 * Max over the last axis whose gradient goes to the first maximum only, as torch.max(dim) does: tfjs's
 * own gradient of max gives the full gradient to every tied element, so a repeated phrase ("ha ha ha")
 * would count once per repeat. [.., t] → [..].
 */
const maxOverTime = tf.customGrad((...args: (tf.Tensor | ((t: tf.Tensor[]) => void))[]) => {
  const x = args[0] as tf.Tensor3D;
  (args[1] as (t: tf.Tensor[]) => void)([x]);
  return {
    value: x.max(-1),
    gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
      const sx = saved[0] as tf.Tensor3D;
      // int32 one-hot, then cast: wasm's OneHot (4.22) ignores a float32 dtype and writes int32 bits into
      // the float buffer (1 reads as 1.4e-45).
      const first = tf.oneHot(sx.argMax(-1), sx.shape[2]).toFloat();
      return [first.mul((dy as tf.Tensor2D).expandDims(-1))];
    },
  };
});

/**
 * Rows of the vector table for `ids` ([rows, kmax] → [rows, kmax, e]) whose gradient is the scatter-add
 * itself. tf.gather's own gradient wraps the scatter in two transposes of the whole table, identity ones for
 * axis 0 that still copy it: 30,522 × 100 floats per step, 0.6 s of a 7 s step on the cpu backend.
 */
function lookupRows(table: tf.Tensor, ids: tf.Tensor2D): tf.Tensor3D {
  const [vocab, e] = table.shape;
  const rows = tf.customGrad((...args: (tf.Tensor | ((t: tf.Tensor[]) => void))[]) => {
    // Saved, not captured: the forward's scope disposes `ids` before the backward pass runs.
    (args[1] as (t: tf.Tensor[]) => void)([ids]);
    return {
      value: tf.gather(args[0] as tf.Tensor, ids),
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) =>
        [tf.unsortedSegmentSum((dy as tf.Tensor).reshape([-1, e]), saved[0].reshape([-1]) as tf.Tensor1D, vocab)],
    };
  });
  return rows(table) as tf.Tensor3D;
}

/**
 * [batch, seq] ids + mask → pooled features [batch, widths × maps] (after ReLU): the max over time of every
 * feature map. Each window's vectors are gathered straight from the table ([rows, kmax·e]; the gradient is
 * one scatter-add into it) and multiplied with stackedFilters. Every op has a gradient on every backend
 * (tfjs-backend-wasm 4.22 has no Conv2DBackpropFilter, so tf.conv1d cannot train there).
 */
export function gloveCnnFeatures(c: GloveCnnConfig, w: Weights, batch: EncoderBatch): tf.Tensor2D {
  const b = batch.inputIds.shape[0];
  const kmax = c.filterSizes[c.filterSizes.length - 1];
  const win = batch.lengths ? packedWindows(batch, batch.lengths, c.filterSizes) : paddedWindows(batch, c.filterSizes);
  const rows = win.ids.shape[0];
  const vectors = lookupRows(param(w, 'embeddings.word_embeddings.weight'), win.ids).mul(win.mask); // [rows, kmax, e]
  const filters = stackedFilters(c, w);
  const conv = linear(vectors.reshape([rows, kmax * c.embeddingSize]),
    new Map<string, tf.Tensor>([['filters.weight', filters.weight], ['filters.bias', filters.bias]]), 'filters') as tf.Tensor2D;
  const grid = win.toGrid(conv); // [b, time, widths · maps]
  const time = grid.shape[1];
  const widths = c.filterSizes.length;
  const perWidth = grid.reshape([b, time, widths, c.numFilters]).transpose([0, 2, 3, 1]); // [b, widths, maps, time]
  const masked = perWidth.add(win.validity).reshape([b, widths * c.numFilters, time]);
  return tf.relu(maxOverTime(masked as tf.Tensor3D)) as tf.Tensor2D;
}

export const gloveCnnArchitecture: Architecture<GloveCnnConfig> = {
  modelType: 'glove-cnn',
  label: 'GloVe CNN',
  classifierClass: 'GloveCnnForSequenceClassification',
  // Weights carry no base-model prefix: the bundled vectors and a fine-tuned export use the same names.
  basePrefix: '',
  normaliseConfig: normaliseGloveCnnConfig,
  paramSpecs: gloveCnnParamSpecs,
  initializerRange: (c) => c.initializerRange,
  padTokenId: (c) => c.padTokenId,
  forward(c, w, batch, training, seed) {
    const dropout = makeDropout(training, seed);
    return linear(dropout(gloveCnnFeatures(c, w, batch), c.classifierDropout), w, 'classifier') as tf.Tensor2D;
  },
};
