/**
 * Sequence-classification heads with Hugging Face names, and the losses that go with each task.
 *
 * - BERT (BertForSequenceClassification): [CLS] → bert.pooler.dense + tanh → dropout → classifier.
 * - DistilBERT (DistilBertForSequenceClassification): [CLS] → pre_classifier → ReLU → dropout
 *   (seq_classif_dropout) → classifier.
 * - RoBERTa (RobertaForSequenceClassification): <s> → dropout → classifier.dense + tanh → dropout →
 *   classifier.out_proj (no pooler).
 *
 * Losses follow transformers' `problem_type` semantics: single-label → softmax cross-entropy (optionally
 * class-weighted like torch's CrossEntropyLoss(weight=…)), multi-label → sigmoid + BCE averaged over every
 * (example, label), regression → MSE averaged over every element.
 */
import * as tf from '@tensorflow/tfjs';
import type { ParamSpec, TaskKind } from './types';
import { linearSpecs } from './paramSpecs';
import { firstToken, linear, type Dropout, type Weights } from './layers';

export function bertHeadSpecs(hidden: number, numLabels: number): ParamSpec[] {
  return [
    ...linearSpecs('bert.pooler.dense', hidden, hidden, 'pooler', false),
    ...linearSpecs('classifier', numLabels, hidden, 'head', true),
  ];
}

export function bertHead(sequence: tf.Tensor3D, weights: Weights, classifierDropout: number, dropout: Dropout): tf.Tensor2D {
  const pooled = tf.tanh(linear(firstToken(sequence), weights, 'bert.pooler.dense'));
  return linear(dropout(pooled, classifierDropout), weights, 'classifier') as tf.Tensor2D;
}

export function distilbertHeadSpecs(dim: number, numLabels: number): ParamSpec[] {
  return [
    ...linearSpecs('pre_classifier', dim, dim, 'head', true),
    ...linearSpecs('classifier', numLabels, dim, 'head', true),
  ];
}

export function distilbertHead(sequence: tf.Tensor3D, weights: Weights, classifierDropout: number, dropout: Dropout): tf.Tensor2D {
  const pre = tf.relu(linear(firstToken(sequence), weights, 'pre_classifier'));
  return linear(dropout(pre, classifierDropout), weights, 'classifier') as tf.Tensor2D;
}

export function robertaHeadSpecs(hidden: number, numLabels: number): ParamSpec[] {
  return [
    ...linearSpecs('classifier.dense', hidden, hidden, 'head', true),
    ...linearSpecs('classifier.out_proj', numLabels, hidden, 'head', true),
  ];
}

/** RobertaClassificationHead: <s> → dropout → dense → tanh → dropout → out_proj. */
export function robertaHead(sequence: tf.Tensor3D, weights: Weights, classifierDropout: number, dropout: Dropout): tf.Tensor2D {
  const x = tf.tanh(linear(dropout(firstToken(sequence), classifierDropout), weights, 'classifier.dense'));
  return linear(dropout(x, classifierDropout), weights, 'classifier.out_proj') as tf.Tensor2D;
}

/**
 * Targets for one batch.
 * - single_label_classification: int32 class indices [batch].
 * - multi_label_classification: float32 0/1 [batch, numLabels].
 * - regression: float32 [batch, numLabels] (or [batch] when numLabels is 1).
 */
export type LossTargets = tf.Tensor1D | tf.Tensor2D;

export interface LossOptions {
  /** Per-class weights [numLabels] for single-label cross-entropy (torch CrossEntropyLoss(weight=…) semantics). */
  classWeights?: tf.Tensor1D | Float32Array | number[];
}

/** Scalar mean loss for `task`. Call inside tf.tidy / the function given to tf.variableGrads. */
export function taskLoss(task: TaskKind, logits: tf.Tensor2D, targets: LossTargets, opts: LossOptions = {}): tf.Scalar {
  const numLabels = logits.shape[1];
  switch (task) {
    case 'single_label_classification': {
      const labels = targets.toInt().reshape([-1]) as tf.Tensor1D;
      const onehot = tf.oneHot(labels, numLabels);
      const nll = tf.logSoftmax(logits).mul(onehot).sum(1).neg();
      if (!opts.classWeights) return nll.mean() as tf.Scalar;
      const w = opts.classWeights instanceof tf.Tensor ? opts.classWeights : tf.tensor1d(Array.from(opts.classWeights));
      // Weighted mean: Σ w[y]·nll / Σ w[y], as torch does.
      const perExample = onehot.mul(w).sum(1);
      return nll.mul(perExample).sum().div(perExample.sum()) as tf.Scalar;
    }
    case 'multi_label_classification': {
      const y = targets.toFloat().reshape(logits.shape);
      // Numerically stable BCE with logits: max(x,0) − x·y + log(1 + e^−|x|).
      const loss = tf.relu(logits).sub(logits.mul(y)).add(tf.log1p(tf.exp(tf.abs(logits).neg())));
      return loss.mean() as tf.Scalar;
    }
    case 'regression': {
      const y = targets.toFloat().reshape(logits.shape);
      return tf.squaredDifference(logits, y).mean() as tf.Scalar;
    }
    default: {
      const never: never = task;
      throw new Error(`unknown task ${String(never)}`);
    }
  }
}
