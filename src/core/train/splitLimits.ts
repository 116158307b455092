/**
 * Quick-trial sampling: train (and, optionally, evaluate) on a seeded sample of each split. The limits are
 * JobSpec fields (dataset.limits) applied with the spec's seed, so a resume rebuilds the very same sample.
 * Applying them twice changes nothing (every split is then within its limit): the page applies them
 * before the data leaves for the worker (less to clone), the runner again for whoever did not.
 */
import type { TrainingData } from '../data/types';
import { SPLIT_CODE } from '../data/types';
import { createRng, permutation } from '../rng';
import type { JobSpec, SplitLimits } from '../spec/jobSpec';

export { NO_LIMITS, type SplitLimits } from '../spec/jobSpec';

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

/** The rows a job trains and evaluates on: `data` cut to the spec's quick-trial limits, with its seed. */
export function jobData(data: TrainingData, spec: Pick<JobSpec, 'dataset' | 'hyperparameters'>): TrainingData {
  return limitSplits(data, spec.dataset.limits, spec.hyperparameters.seed);
}
