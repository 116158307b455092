/**
 * The search the studio proposes for a model: ranges that fit the model family, an objective that fits
 * the task, and sampler/pruner settings that make sense at small budgets. Data, so the UI can show and
 * edit it and a study.json records it.
 */
import type { TaskKind } from '../model/types';
import type { MetricName } from '../spec/jobSpec';
import { gridSize } from './samplers/grid';
import type { SearchSpace } from './space';
import { MAX_GRID_SIZE } from './validate';
import type { Direction, PrunerKind, PrunerSpec, SamplerKind, StudySpec } from './study';

const BERT_FAMILY = ['bert', 'distilbert', 'roberta'];

/**
 * BERT family: small BERTs want larger learning rates than BERT-base's 2e-5, so the range reaches 5e-4.
 * glove-pool (a bag of word vectors under a new head) and glove-cnn (Kim's CNN) train mostly new weights
 * and want 1e-3-ish rates; whether to move the pre-trained vectors is a choice worth searching.
 */
export function defaultSearchSpace(modelType: string): SearchSpace {
  if (BERT_FAMILY.includes(modelType)) {
    return {
      params: [
        { name: 'hyperparameters.learningRate', kind: 'float', low: 1e-5, high: 5e-4, log: true },
        { name: 'hyperparameters.batchSize', kind: 'categorical', choices: [16, 32] },
        { name: 'hyperparameters.epochs', kind: 'int', low: 2, high: 5 },
        { name: 'hyperparameters.warmup.value', kind: 'float', low: 0, high: 0.2 },
        { name: 'hyperparameters.weightDecay', kind: 'float', low: 0, high: 0.1 },
        { name: 'hyperparameters.layerwiseLrDecay', kind: 'float', low: 0.7, high: 1 },
      ],
    };
  }
  if (modelType === 'glove-pool') {
    return {
      params: [
        { name: 'hyperparameters.learningRate', kind: 'float', low: 3e-4, high: 1e-2, log: true },
        { name: 'hyperparameters.freeze.embeddings', kind: 'categorical', choices: [false, true] },
        { name: 'hyperparameters.batchSize', kind: 'categorical', choices: [16, 32, 64] },
        { name: 'hyperparameters.epochs', kind: 'int', low: 3, high: 10 },
      ],
    };
  }
  if (modelType === 'glove-cnn') {
    return {
      params: [
        { name: 'hyperparameters.learningRate', kind: 'float', low: 3e-4, high: 3e-3, log: true },
        { name: 'hyperparameters.batchSize', kind: 'categorical', choices: [32, 50, 64] },
        { name: 'hyperparameters.epochs', kind: 'int', low: 3, high: 10 },
        { name: 'hyperparameters.weightDecay', kind: 'float', low: 0, high: 0.01 },
        { name: 'hyperparameters.freeze.embeddings', kind: 'categorical', choices: [false, true] },
      ],
    };
  }
  throw new Error(`no default search space for model_type "${modelType}" (known: ${[...BERT_FAMILY, 'glove-pool', 'glove-cnn'].join(', ')}); give one with a space file`);
}

/** The validation metric a study optimises by default: macro-F1 for classifiers (rare classes count), MSE for regression. */
export function defaultObjective(task: TaskKind): { metric: MetricName; direction: Direction } {
  return task === 'regression' ? { metric: 'mse', direction: 'minimize' } : { metric: 'macro_f1', direction: 'maximize' };
}

/** Optuna's pruner defaults (MedianPruner; SuccessiveHalvingPruner with min_resource 1, η 4). */
export function defaultPruner(kind: PrunerKind): PrunerSpec {
  switch (kind) {
    case 'none':
      return { kind: 'none' };
    case 'median':
      return { kind: 'median', nStartupTrials: 5, nWarmupSteps: 0, intervalSteps: 1 };
    case 'asha':
      return { kind: 'asha', minResource: 1, reductionFactor: 4, minEarlyStoppingRate: 0 };
    default: {
      const never: never = kind;
      throw new Error(`unknown pruner ${String(never)}`);
    }
  }
}

/** Trials when neither trials nor minutes are given. */
export const DEFAULT_TRIALS = 12;

/**
 * TPE's random start-up trials: Optuna's 10 assumes a hundred trials; at the studio's budgets a third of
 * the trials (3 to 10) leaves the estimators trials to work with.
 */
export function defaultStartupTrials(trials: number | undefined): number {
  return trials === undefined ? 10 : Math.min(10, Math.max(3, Math.round(trials / 3)));
}

export interface StudyDefaultsInput {
  modelType: string;
  task: TaskKind;
  sampler?: SamplerKind;
  pruner?: PrunerKind;
  trials?: number;
  minutes?: number;
  seed?: number;
  space?: SearchSpace;
  /** Trial 0 = the base job's own values (StudySpec.baseTrial); default on for random and tpe. */
  baseTrial?: boolean;
}

export function defaultStudySpec(input: StudyDefaultsInput): StudySpec {
  const sampler = input.sampler ?? 'tpe';
  const space = input.space ?? defaultSearchSpace(input.modelType);
  // A grid without a budget runs every combination.
  const unbudgeted = sampler === 'grid' ? gridSize(space, MAX_GRID_SIZE) : DEFAULT_TRIALS;
  const trials = input.trials ?? (input.minutes === undefined ? unbudgeted : undefined);
  return {
    version: 1,
    space,
    sampler: { kind: sampler, seed: input.seed ?? 42, ...(sampler === 'tpe' ? { nStartupTrials: defaultStartupTrials(trials), nEiCandidates: 24 } : {}) },
    pruner: defaultPruner(input.pruner ?? 'median'),
    objective: defaultObjective(input.task),
    budget: { ...(trials !== undefined ? { trials } : {}), ...(input.minutes !== undefined ? { minutes: input.minutes } : {}) },
    ...(sampler === 'grid' ? {} : { baseTrial: input.baseTrial ?? true }),
  };
}
