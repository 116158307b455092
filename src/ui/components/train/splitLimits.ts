/**
 * "Max train examples": a quick trial on a seeded sample of the train split. The JobSpec has no such
 * field, so the Train stage applies it before the data reaches the worker and records it in the spec's
 * DatasetRef (splitCounts and splitMethod) and in the job record, so a resume rebuilds the same sample.
 * Validation and test rows are never touched: scores stay comparable with a full run.
 */
import type { TrainingData } from '../../../core/data/types';
import { SPLIT_CODE } from '../../../core/data/types';
import { createRng, permutation } from '../../../core/rng';

/** `data` with only `max` train rows (seeded choice, original row order kept); the same object when max is 0 or not smaller. */
export function limitTrainExamples(data: TrainingData, max: number, seed: number): TrainingData {
  const trainRows: number[] = [];
  for (let i = 0; i < data.split.length; i++) if (data.split[i] === SPLIT_CODE.train) trainRows.push(i);
  if (!(max > 0) || max >= trainRows.length) return data;
  // A seeded shuffle, stream distinct from the trainer's (seed xor a constant).
  const order = permutation(trainRows.length, createRng((seed ^ 0x11a7c0de) >>> 0));
  const keepTrain = new Set<number>();
  for (let i = 0; i < max; i++) keepTrain.add(trainRows[order[i]]);
  const keep: number[] = [];
  for (let i = 0; i < data.split.length; i++) if (data.split[i] !== SPLIT_CODE.train || keepTrain.has(i)) keep.push(i);

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
