/**
 * After training, with the best weights loaded: the decision threshold of a binary classifier tuned on
 * the validation split (hyperparameters.decisionThreshold = 'tuned'), and the check that a model does not
 * predict one class for every row — the failure a rare class invites, which macro-F1 alone shows only to
 * whoever reads it.
 */
import { tuneThresholds } from '../predict/thresholds';
import type { Thresholds } from '../export/types';
import type { TrainingData } from '../data/types';
import type { EncodedExample } from '../model/batching';
import type { SequenceClassifier } from '../model/types';
import type { JobSpec } from '../spec/jobSpec';
import { predictLogits, softmaxRows, type PredictOptions } from './evaluate';
import type { WarningEvent } from './events';
import type { EvalMetrics } from './metrics';
import type { TrainingRun } from './trainingRun';

/**
 * The threshold on label 1 that maximises macro-F1 on the `validation` rows, when `spec` asks for one;
 * else undefined. The trainer calls it after loading the best weights, a search for its best trial.
 */
export async function tuneThresholdFor(
  spec: JobSpec, model: SequenceClassifier, data: TrainingData, encoded: readonly EncodedExample[], validation: ArrayLike<number>, opts: PredictOptions,
): Promise<Thresholds | undefined> {
  const labelNames = spec.task.labelNames;
  if (spec.hyperparameters.decisionThreshold !== 'tuned' || spec.task.kind !== 'single_label_classification' || labelNames.length !== 2) return undefined;
  if (validation.length === 0) return undefined;
  const logits = await predictLogits(model, encoded, validation, opts);
  const labels = Int32Array.from(validation, (r) => data.labels[r]);
  return tuneThresholds(softmaxRows(logits, 2), labels, spec.task.kind, labelNames, 'macro_f1');
}

export function tuneDecisionThreshold(run: TrainingRun): Promise<Thresholds | undefined> {
  const { opts } = run;
  return tuneThresholdFor(run.spec, opts.model, opts.data, opts.encoded, run.splits.validation, run.evalOptions);
}

/**
 * A warning when a single-label model predicted the same class for every row of a split that has more
 * than one class; null otherwise.
 */
export function oneClassWarning(metrics: EvalMetrics, split: 'validation' | 'test', step: number): WarningEvent | null {
  if (metrics.kind !== 'single' || metrics.count === 0) return null;
  const k = metrics.confusion.length;
  const predicted = Array.from({ length: k }, (_, j) => metrics.confusion.reduce((s, row) => s + row[j], 0));
  const used = predicted.filter((c) => c > 0).length;
  const present = metrics.perClass.filter((c) => c.support > 0).length;
  if (used !== 1 || present < 2) return null;
  const only = metrics.perClass[predicted.findIndex((c) => c > 0)].label;
  return {
    type: 'warning', code: 'one-class', split, step,
    message: `The model predicts "${only}" for every one of the ${metrics.count} ${split} rows: it has learnt nothing but the majority class. `
      + 'Try class weights or oversampling (Auto turns them on for rare classes), a higher learning rate, or more epochs.',
  };
}
