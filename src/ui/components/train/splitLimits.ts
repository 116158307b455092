/**
 * Quick-trial sampling: train (and, optionally, evaluate) on a seeded sample of each split. The JobSpec
 * has no such fields, so the Train stage applies this before the data reaches the worker, records it in
 * the spec's DatasetRef (splitCounts, splitMethod) and keeps the numbers in the job record, so a resume
 * rebuilds the very same sample.
 */
import type { TrainingData } from '../../../core/data/types';
import { SPLIT_CODE } from '../../../core/data/types';
import { createRng, permutation } from '../../../core/rng';

export interface SplitLimits {
  /** Max train rows; 0 = all. */
  train: number;
  /** Max rows of validation and of test, each; 0 = all. Scores on a sample are rougher: a trial only. */
  evaluation: number;
}

export const NO_LIMITS: SplitLimits = { train: 0, evaluation: 0 };

/** Seeded choice of at most `max` of `rows`; every row when max is 0 or not smaller. */
function sample(rows: number[], max: number, seed: number): number[] {
  if (!(max > 0) || max >= rows.length) return rows;
  const order = permutation(rows.length, createRng(seed >>> 0));
  return Array.from(order.subarray(0, max), (i) => rows[i]);
}

/** `data` with each split cut to its limit (seeded; original row order kept); the same object when nothing is cut. */
export function limitSplits(data: TrainingData, limits: SplitLimits, seed: number): TrainingData {
  const bySplit: number[][] = [[], [], []];
  for (let i = 0; i < data.split.length; i++) bySplit[data.split[i]]?.push(i);
  // Streams distinct from the trainer's own (seed xor constants).
  const kept = [
    sample(bySplit[SPLIT_CODE.train], limits.train, seed ^ 0x11a7c0de),
    sample(bySplit[SPLIT_CODE.validation], limits.evaluation, seed ^ 0x7a11da7e),
    sample(bySplit[SPLIT_CODE.test], limits.evaluation, seed ^ 0x7e57da7a),
  ];
  if (kept.every((k, i) => k === bySplit[i])) return data;
  const keepSet = new Set(kept.flat());
  const keep: number[] = [];
  for (let i = 0; i < data.split.length; i++) if (keepSet.has(i)) keep.push(i);

  const k = data.labelKind === 'multi' ? data.labelNames.length : 1;
  const labels = new Float32Array(keep.length * k);
  keep.forEach((r, j) => labels.set(data.labels.subarray(r * k, r * k + k), j * k));
  return {
    labelKind: data.labelKind,
    labelNames: data.labelNames,
    texts: keep.map((r) => data.texts[r]),
    pairs: data.pairs ? keep.map((r) => data.pairs![r]) : undefined,
    labels,
    split: Uint8Array.from(keep, (r) => data.split[r]),
    rowNumbers: Int32Array.from(keep, (r) => data.rowNumbers[r]),
  };
}
