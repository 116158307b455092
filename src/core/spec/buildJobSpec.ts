/**
 * buildJobSpec: the one way a JobSpec is assembled, by the studio's Train stage, the CLI and the
 * hyperparameter search alike, so that every field is filled the same way (the quick-trial sample is
 * recorded in the counts and the split method, the task kind follows the labels).
 */
import {
  JOB_SPEC_VERSION, NO_LIMITS, taskKindFor, type AutoDecision, type DatasetRef, type Hyperparameters, type JobSpec, type ModelRef, type SplitLimits,
} from './jobSpec';

export interface JobSpecInputs {
  /** A person's name for the job; empty or absent → "<dataset name> · <model id>". */
  name?: string;
  /** The dataset as chosen, with the full row counts of its splits (before `limits`). */
  dataset: Omit<DatasetRef, 'limits'>;
  model: ModelRef;
  /** Class names in id order, as the data core found them (ignored by regression's single output). */
  labelNames: string[];
  hyperparameters: Hyperparameters;
  /** Quick-trial sample sizes (0 = whole split); default: the whole splits. */
  limits?: SplitLimits;
  /** What Auto decided (reconciled with `hyperparameters`); absent when a preset or a person chose. */
  autoDecisions?: AutoDecision[];
}

/** The default job name: what a person recognises in the runs list. */
export function defaultJobName(datasetName: string, modelId: string): string {
  return `${datasetName} · ${modelId}`;
}

/** A run name no earlier run has, so runs can be told apart: `base`, then `base #2`, `base #3`, … */
export function uniqueRunName(base: string, taken: Iterable<string>): string {
  const names = new Set(taken);
  if (!names.has(base)) return base;
  let n = 2;
  while (names.has(`${base} #${n}`)) n++;
  return `${base} #${n}`;
}

/**
 * A complete JobSpec at the current version. It is not validated here: the studio shows
 * validateJobSpec's issues next to their fields, the CLI and the search call assertValidJobSpec.
 */
export function buildJobSpec(inputs: JobSpecInputs): JobSpec {
  const { dataset, model, labelNames, hyperparameters } = inputs;
  const limits = { ...(inputs.limits ?? NO_LIMITS) };
  const counts = dataset.splitCounts;
  const cap = (n: number, max: number) => (max > 0 && max < n ? max : n);
  const splitCounts = { train: cap(counts.train, limits.train), validation: cap(counts.validation, limits.evaluation), test: cap(counts.test, limits.evaluation) };
  const sampled = splitCounts.train < counts.train || splitCounts.validation < counts.validation || splitCounts.test < counts.test;
  const splitMethod = sampled
    ? `${dataset.splitMethod}; quick-trial sample (max ${limits.train || 'all'} train, ${limits.evaluation || 'all'} validation/test; seed ${hyperparameters.seed})`
    : dataset.splitMethod;
  return {
    version: JOB_SPEC_VERSION,
    name: inputs.name || defaultJobName(dataset.name, model.id),
    dataset: { ...dataset, splitCounts, splitMethod, limits },
    model,
    task: { kind: taskKindFor(dataset.labelKind), labelNames },
    hyperparameters,
    ...(inputs.autoDecisions ? { auto: { decisions: inputs.autoDecisions } } : {}),
  };
}
