/**
 * The trainer's view of the data: split indices, seeded oversampling, class weights, the per-epoch
 * batch order and target tensors. All pure functions of (data, spec, epoch): resuming at (epoch, batch)
 * therefore replays exactly the same order without storing it.
 */
import * as tf from '@tensorflow/tfjs';
import type { TrainingData } from '../data/types';
import { SPLIT_CODE } from '../data/types';
import type { TaskKind } from '../model/types';
import { createRng, permutation, shuffleInPlace } from '../rng';

export interface SplitRows {
  train: Int32Array;
  validation: Int32Array;
  test: Int32Array;
}

export function splitRows(data: TrainingData): SplitRows {
  const pick = (code: number) => {
    const out: number[] = [];
    for (let i = 0; i < data.split.length; i++) if (data.split[i] === code) out.push(i);
    return Int32Array.from(out);
  };
  return { train: pick(SPLIT_CODE.train), validation: pick(SPLIT_CODE.validation), test: pick(SPLIT_CODE.test) };
}

/** Rows per class among `rows` (single-label). */
export function classCounts(labels: Float32Array, rows: ArrayLike<number>, numClasses: number): number[] {
  const counts = new Array<number>(numClasses).fill(0);
  for (let i = 0; i < rows.length; i++) counts[labels[rows[i]]]++;
  return counts;
}

/**
 * sklearn's 'balanced' weights: n / (k · count_c). A class absent from the train split gets weight 1
 * (it never appears in the loss anyway).
 */
export function balancedClassWeights(counts: number[]): number[] {
  const n = counts.reduce((a, b) => a + b, 0);
  const k = counts.length;
  return counts.map((c) => (c === 0 ? 1 : n / (k * c)));
}

/**
 * Train rows with minority classes repeated until every class has as many rows as the largest one.
 * Extra rows are drawn without replacement from a seeded shuffle of the class (cycling when more are needed).
 */
export function oversampleRows(rows: Int32Array, labels: Float32Array, numClasses: number, seed: number): Int32Array {
  const byClass: number[][] = Array.from({ length: numClasses }, () => []);
  for (const r of rows) byClass[labels[r]].push(r);
  const target = Math.max(...byClass.map((c) => c.length));
  const rng = createRng(seed ^ 0x5eed0001);
  const out = Array.from(rows);
  for (const members of byClass) {
    if (members.length === 0 || members.length === target) continue;
    const pool = [...members];
    shuffleInPlace(pool, rng);
    for (let i = 0; i < target - members.length; i++) out.push(pool[i % pool.length]);
  }
  return Int32Array.from(out);
}

/** The seed of epoch `epoch`'s shuffle: a fixed mix of the job seed and the epoch. */
export function epochSeed(seed: number, epoch: number): number {
  return (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(epoch + 1, 0xc2b2ae35)) >>> 0;
}

/**
 * The micro-batches of one epoch, as row indices: a seeded permutation of the train rows, cut in order.
 * No length grouping (HF's default group_by_length=False): sorting by length makes batches of one class
 * when length predicts the label (long spam vs short ham), and the loss then swings from batch to batch.
 * Padding stays small anyway: makeBatch pads each batch only to its own bucket length.
 */
export function epochBatches(trainRows: Int32Array, batchSize: number, seed: number, epoch: number): Int32Array[] {
  const order = permutation(trainRows.length, createRng(epochSeed(seed, epoch)));
  const batches: Int32Array[] = [];
  for (let i = 0; i < order.length; i += batchSize) {
    batches.push(Int32Array.from(order.subarray(i, i + batchSize), (j) => trainRows[j]));
  }
  return batches;
}

/** Number of model outputs for a task: one per label, or 1 for regression. */
export function numOutputs(task: TaskKind, labelNames: string[]): number {
  return task === 'regression' ? 1 : labelNames.length;
}

/**
 * Targets for `rows`: int32 class ids [b] (single), float 0/1 [b, k] (multi), float [b, 1] (regression).
 */
export function makeTargets(data: TrainingData, rows: ArrayLike<number>, task: TaskKind, k: number): tf.Tensor1D | tf.Tensor2D {
  const b = rows.length;
  if (task === 'single_label_classification') {
    return tf.tensor1d(Int32Array.from({ length: b }, (_, i) => data.labels[rows[i]]), 'int32');
  }
  if (task === 'multi_label_classification') {
    const out = new Float32Array(b * k);
    for (let i = 0; i < b; i++) out.set(data.labels.subarray(rows[i] * k, rows[i] * k + k), i * k);
    return tf.tensor2d(out, [b, k]);
  }
  return tf.tensor2d(Float32Array.from({ length: b }, (_, i) => data.labels[rows[i]]), [b, 1]);
}
