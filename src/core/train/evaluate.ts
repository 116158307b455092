/**
 * Inference over many rows (evaluation and the CLI's predict): batches sorted by length for little
 * padding, logits read back per batch with one `await data()`, returned in the caller's row order.
 */
import * as tf from '@tensorflow/tfjs';
import type { TrainingData } from '../data/types';
import { disposeBatch, makeBatch, type EncodedExample } from '../model/batching';
import type { SequenceClassifier, TaskKind } from '../model/types';
import { makeTargets } from './data';
import { argmaxRow, multiLabelMetrics, regressionMetrics, singleLabelMetrics, type EvalMetrics } from './metrics';

export interface PredictOptions {
  batchSize: number;
  maxLength: number;
}

export interface EvaluateOptions extends PredictOptions {
  /** Binary single-label: predict label 1 when its probability is ≥ this (a tuned threshold), not argmax. */
  positiveThreshold?: number;
}

/** Softmax of each row of logits, row-major [n, k]. */
export function softmaxRows(logits: ArrayLike<number>, k: number): Float32Array {
  const out = new Float32Array(logits.length);
  for (let r = 0; r * k < logits.length; r++) {
    let max = -Infinity;
    for (let j = 0; j < k; j++) max = Math.max(max, logits[r * k + j]);
    let sum = 0;
    for (let j = 0; j < k; j++) sum += (out[r * k + j] = Math.exp(logits[r * k + j] - max));
    for (let j = 0; j < k; j++) out[r * k + j] /= sum;
  }
  return out;
}

/** Logits [rows.length, k] row-major, in the order of `rows` (indices into `encoded`). */
export async function predictLogits(
  model: SequenceClassifier, encoded: readonly EncodedExample[], rows: ArrayLike<number>, opts: PredictOptions,
): Promise<Float32Array> {
  const order = Array.from({ length: rows.length }, (_, i) => i).sort((a, b) => encoded[rows[b]].ids.length - encoded[rows[a]].ids.length);
  let k = 0;
  let out = new Float32Array(0);
  for (let start = 0; start < order.length; start += opts.batchSize) {
    const pos = order.slice(start, start + opts.batchSize);
    const batch = makeBatch(pos.map((p) => encoded[rows[p]]), opts.maxLength, { padId: model.padTokenId });
    const logits = tf.tidy(() => model.forward(batch, false));
    disposeBatch(batch);
    const values = await logits.data();
    if (k === 0) {
      k = logits.shape[1];
      out = new Float32Array(rows.length * k);
    }
    logits.dispose();
    pos.forEach((p, j) => out.set(values.subarray(j * k, j * k + k), p * k));
  }
  return out;
}

/** The task loss of precomputed logits (mean over rows), without class weights, as HF's eval loss. */
async function lossOf(model: SequenceClassifier, data: TrainingData, rows: ArrayLike<number>, logits: Float32Array, k: number): Promise<number> {
  if (rows.length === 0) return 0;
  const loss = tf.tidy(() => model.loss(tf.tensor2d(logits, [rows.length, k]), makeTargets(data, rows, model.task, k)));
  const v = (await loss.data())[0];
  loss.dispose();
  return v;
}

export function metricsFromLogits(
  task: TaskKind, data: TrainingData, rows: ArrayLike<number>, logits: Float32Array, k: number, loss: number, positiveThreshold?: number,
): EvalMetrics {
  const n = rows.length;
  switch (task) {
    case 'single_label_classification': {
      const truth = Int32Array.from({ length: n }, (_, i) => data.labels[rows[i]]);
      const probs = positiveThreshold !== undefined && k === 2 ? softmaxRows(logits, k) : null;
      const pred = Int32Array.from({ length: n }, (_, i) => (probs ? (probs[i * 2 + 1] >= positiveThreshold! ? 1 : 0) : argmaxRow(logits, i, k)));
      return singleLabelMetrics(truth, pred, data.labelNames, loss);
    }
    case 'multi_label_classification': {
      const targets = new Float32Array(n * k);
      for (let i = 0; i < n; i++) targets.set(data.labels.subarray(rows[i] * k, rows[i] * k + k), i * k);
      const probs = logits.map((x) => 1 / (1 + Math.exp(-x)));
      return multiLabelMetrics(targets, probs, data.labelNames, loss);
    }
    case 'regression':
      return regressionMetrics(Float32Array.from({ length: n }, (_, i) => data.labels[rows[i]]), logits, loss);
    default: {
      const never: never = task;
      throw new Error(`unknown task ${String(never)}`);
    }
  }
}

export async function evaluateRows(
  model: SequenceClassifier, data: TrainingData, encoded: readonly EncodedExample[], rows: ArrayLike<number>, opts: EvaluateOptions,
): Promise<EvalMetrics> {
  const logits = await predictLogits(model, encoded, rows, opts);
  const k = rows.length ? logits.length / rows.length : 1;
  const loss = await lossOf(model, data, rows, logits, k);
  return metricsFromLogits(model.task, data, rows, logits, k, loss, opts.positiveThreshold);
}
