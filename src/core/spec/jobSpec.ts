/**
 * The JobSpec: one serializable description of a fine-tuning job. It flows UI → worker → trainer →
 * checkpoint → model card, so everything that decides the result lives here and nothing else does.
 * Plain JSON data (no classes, no typed arrays) so it survives postMessage, IndexedDB and a job.json file.
 *
 * Build one with buildJobSpec (buildJobSpec.ts), check it with validateJobSpec (validate.ts), and read a
 * stored one through migrateJobSpec (migrate.ts). Every closed set of values below is one `as const`
 * list: the type is derived from it and validate.ts checks against the same list.
 */
import type { DataFingerprint } from '../data/fingerprint';
import type { LabelKind } from '../data/types';
import { BACKEND_NAMES } from '../model/backends/names';
import type { TaskKind } from '../model/types';

/**
 * 2: the quick-trial sample limits moved into the spec (DatasetRef.limits).
 * 3: hyperparameters.decisionThreshold, and `auto` (what Auto decided and why). Older specs: see migrate.ts.
 */
export const JOB_SPEC_VERSION = 3;

export const SCHEDULE_KINDS = ['linear', 'cosine', 'constant'] as const;
export type ScheduleKind = (typeof SCHEDULE_KINDS)[number];
export const BACKEND_PREFERENCES = ['auto', ...BACKEND_NAMES] as const;
export type BackendPreference = (typeof BACKEND_PREFERENCES)[number];
/** Metric names as they appear in evaluation results (see src/core/train/metrics.ts). */
export const METRIC_NAMES = ['loss', 'accuracy', 'macro_f1', 'micro_f1', 'mse', 'mae', 'r2'] as const;
export type MetricName = (typeof METRIC_NAMES)[number];
export const MODEL_SOURCES = ['hub', 'local', 'bundled'] as const;
export const HEAD_LR_MODES = ['multiplier', 'absolute'] as const;
export const WARMUP_MODES = ['ratio', 'steps'] as const;
/** When evaluations and checkpoints happen: at every epoch's end, or every N optimizer steps. */
export const INTERVAL_STRATEGIES = ['epoch', 'steps'] as const;
export const CLASS_WEIGHT_MODES = ['none', 'balanced', 'custom'] as const;
export const PRESET_NAMES = ['quick', 'standard', 'thorough'] as const;
/** Binary single-label: argmax (threshold 0.5), or the threshold tuned on validation after training. */
export const DECISION_THRESHOLDS = ['argmax', 'tuned'] as const;

type IntervalStrategy = (typeof INTERVAL_STRATEGIES)[number];

/**
 * Quick-trial sampling: train (and, optionally, evaluate) on a seeded sample of each split (see
 * limitSplits in src/core/train/splitLimits.ts). 0 = the whole split.
 */
export interface SplitLimits {
  /** Max train rows; 0 = all. */
  train: number;
  /** Max rows of validation and of test, each; 0 = all. Scores on a sample are rougher: a trial only. */
  evaluation: number;
}

export const NO_LIMITS: Readonly<SplitLimits> = Object.freeze({ train: 0, evaluation: 0 });

export interface DatasetRef {
  /** IndexedDB id of the dataset (UI) or the file path (CLI). */
  id: string;
  /** What a person recognises: the file name. */
  name: string;
  textColumn: string;
  textPairColumn?: string;
  labelColumn: string;
  labelKind: LabelKind;
  /** Rows per split the job trains and evaluates on (after cleaning and `limits`), for the model card. */
  splitCounts: { train: number; validation: number; test: number };
  /** How the split was made, e.g. 'random 80/10/10, seed 42' or 'column split'; names a quick-trial sample. */
  splitMethod: string;
  /** Quick-trial sample sizes, applied with hyperparameters.seed; NO_LIMITS trains on the whole splits. */
  limits: SplitLimits;
  /**
   * The rows the job trains on (after `limits`), so a resume on changed data is refused with what changed.
   * Set by the trainer when a job starts (withDataFingerprint); absent in specs stored by older versions.
   */
  fingerprint?: DataFingerprint;
}

export interface ModelRef {
  /** Where the pre-trained model comes from. */
  source: (typeof MODEL_SOURCES)[number];
  /** Hub repo id (e.g. 'google/bert_uncased_L-2_H-128_A-2'), folder name or bundled key. */
  id: string;
  revision?: string;
}

export interface Hyperparameters {
  epochs: number;
  batchSize: number;
  /** Peak learning rate of the pre-trained body. */
  learningRate: number;
  /** The classifier head's learning rate: a multiple of `learningRate` or an absolute value. */
  headLearningRate: { mode: (typeof HEAD_LR_MODES)[number]; value: number };
  weightDecay: number;
  /** Warmup as a fraction of total optimizer steps, or as a step count. */
  warmup: { mode: (typeof WARMUP_MODES)[number]; value: number };
  schedule: ScheduleKind;
  /** Layer-wise lr decay: encoder layer i of L gets lr · decay^(L − 1 − i), embeddings lr · decay^L; pooler and head are not decayed. 1 = off. */
  layerwiseLrDecay: number;
  freeze: {
    embeddings: boolean;
    /** Freeze encoder layers 0 … firstLayers−1. */
    firstLayers: number;
    /** Train only the head (and pooler); overrides the two above. */
    headOnly: boolean;
  };
  /** Start with only the head trainable and unfreeze one more layer (top down) each epoch. */
  gradualUnfreezing: boolean;
  /** Clip gradients to this global L2 norm; 0 = no clipping. */
  maxGradNorm: number;
  gradientAccumulationSteps: number;
  maxSequenceLength: number;
  evaluation: { strategy: IntervalStrategy; everySteps: number };
  earlyStopping: { enabled: boolean; metric: MetricName; patience: number; minDelta: number };
  checkpoints: { strategy: IntervalStrategy; everySteps: number; keepLast: number };
  classWeights: { mode: (typeof CLASS_WEIGHT_MODES)[number]; custom: number[] };
  /** Repeat minority-class rows of the train split until classes are balanced (seeded). */
  oversampling: boolean;
  /**
   * Binary single-label only: 'tuned' = after training, the threshold on label 1 that maximises macro-F1
   * on the validation split decides test metrics and predictions (and is exported); 'argmax' = 0.5.
   */
  decisionThreshold: (typeof DECISION_THRESHOLDS)[number];
  seed: number;
  backend: BackendPreference;
}

export interface JobSpec {
  version: typeof JOB_SPEC_VERSION;
  /** A person's name for the job, e.g. 'sms spam, bert-tiny'. */
  name: string;
  dataset: DatasetRef;
  model: ModelRef;
  task: { kind: TaskKind; labelNames: string[] };
  hyperparameters: Hyperparameters;
  /** Present when Auto chose the hyperparameters: each decision and why (see src/core/auto). */
  auto?: { decisions: AutoDecision[] };
}

/** One choice Auto made: the JobSpec field (dotted path, as FIELD_HELP), its value, and why. */
export interface AutoDecision {
  field: string;
  value: string | number | boolean;
  why: string;
  /** Set when a person changed the field after Auto chose it (the value they chose is in the spec). */
  overridden?: boolean;
}

export interface SpecIssue {
  /** Dotted path of the field, e.g. 'hyperparameters.batchSize'. */
  path: string;
  message: string;
}

export type PresetName = (typeof PRESET_NAMES)[number];

const STANDARD: Hyperparameters = {
  epochs: 3,
  batchSize: 16,
  learningRate: 2e-5,
  headLearningRate: { mode: 'multiplier', value: 10 },
  weightDecay: 0.01,
  warmup: { mode: 'ratio', value: 0.1 },
  schedule: 'linear',
  layerwiseLrDecay: 1,
  freeze: { embeddings: false, firstLayers: 0, headOnly: false },
  gradualUnfreezing: false,
  maxGradNorm: 1,
  gradientAccumulationSteps: 1,
  maxSequenceLength: 128,
  evaluation: { strategy: 'epoch', everySteps: 100 },
  earlyStopping: { enabled: false, metric: 'loss', patience: 2, minDelta: 0 },
  checkpoints: { strategy: 'epoch', everySteps: 200, keepLast: 2 },
  classWeights: { mode: 'none', custom: [] },
  oversampling: false,
  decisionThreshold: 'argmax',
  seed: 42,
  backend: 'auto',
};

/** Fresh copies each call, so callers may mutate what they get. */
export function presetHyperparameters(name: PresetName): Hyperparameters {
  const base = structuredClone(STANDARD);
  switch (name) {
    case 'standard':
      return base;
    case 'quick':
      // Only the head learns: fast and safe on small data; a randomly initialised head wants a big lr.
      return {
        ...base,
        epochs: 2,
        batchSize: 32,
        learningRate: 1e-3,
        headLearningRate: { mode: 'multiplier', value: 1 },
        warmup: { mode: 'ratio', value: 0 },
        freeze: { embeddings: true, firstLayers: 0, headOnly: true },
        maxSequenceLength: 64,
      };
    case 'thorough':
      return {
        ...base,
        epochs: 6,
        schedule: 'cosine',
        layerwiseLrDecay: 0.9,
        evaluation: { strategy: 'epoch', everySteps: 100 },
        earlyStopping: { enabled: true, metric: 'loss', patience: 2, minDelta: 0.001 },
        checkpoints: { strategy: 'epoch', everySteps: 200, keepLast: 3 },
      };
    default: {
      const never: never = name;
      throw new Error(`unknown preset ${String(never)}`);
    }
  }
}

export const DEFAULT_HYPERPARAMETERS: Readonly<Hyperparameters> = STANDARD;

export const PRESETS: { name: PresetName; label: string; help: string }[] = [
  { name: 'quick', label: 'Quick', help: 'Trains only the classifier head for 2 epochs. Minutes, not hours; a good first look.' },
  { name: 'standard', label: 'Standard', help: 'The Hugging Face defaults: 3 epochs, batch 16, lr 2e-5, weight decay 0.01, 10 % warmup, linear decay, head lr 10×.' },
  { name: 'thorough', label: 'Thorough', help: 'Up to 6 epochs with cosine decay, layer-wise lr decay 0.9 and early stopping on validation loss.' },
];

/** Short label and help text per field, keyed by dotted path, for the UI's form and tooltips. */
export const FIELD_HELP: Record<string, { label: string; help: string }> = {
  'name': { label: 'Job name', help: 'A name you will recognise in the job list and the model card.' },
  'dataset.id': { label: 'Dataset', help: 'The dataset this job trains on.' },
  'dataset.limits.train': { label: 'Max train examples', help: 'Train on a seeded sample of this many train rows (0 = all): minutes instead of hours to see whether the setup works.' },
  'dataset.limits.evaluation': { label: 'Max validation / test examples', help: 'Score on a seeded sample of this many rows of each of validation and test (0 = all). Faster, but the scores are rougher — keep 0 for a real run.' },
  'model.id': { label: 'Model', help: 'The pre-trained model to start from (Hub id, local folder or bundled model).' },
  'task.kind': { label: 'Task', help: 'Single-label, multi-label classification, or regression.' },
  'task.labelNames': { label: 'Labels', help: 'Class names in id order; they become id2label in config.json.' },
  'hyperparameters.epochs': { label: 'Epochs', help: 'Passes over the training split. 2–4 is typical for fine-tuning.' },
  'hyperparameters.batchSize': { label: 'Batch size', help: 'Examples per step. Larger is faster per example but needs more memory.' },
  'hyperparameters.learningRate': { label: 'Learning rate', help: 'Peak step size for the pre-trained body. 1e-5 to 5e-5 is usual; too high forgets pre-training.' },
  'hyperparameters.headLearningRate': { label: 'Head learning rate', help: 'The new classifier head starts random and can learn faster: a multiple of the body rate, or an absolute value.' },
  'hyperparameters.weightDecay': { label: 'Weight decay', help: 'AdamW decoupled decay; not applied to biases and LayerNorm weights.' },
  'hyperparameters.warmup': { label: 'Warmup', help: 'Ramp the learning rate up from 0 over this fraction of steps (or step count) to avoid early instability.' },
  'hyperparameters.schedule': { label: 'Schedule', help: 'After warmup: linear decay to 0, cosine decay to 0, or constant.' },
  'hyperparameters.layerwiseLrDecay': { label: 'Layer-wise lr decay', help: 'Lower layers get smaller rates (rate × decay per layer below the top). 1 = off; 0.8–0.95 typical.' },
  'hyperparameters.freeze.embeddings': { label: 'Freeze embeddings', help: 'Keep the word/position embeddings fixed; saves memory and time.' },
  'hyperparameters.freeze.firstLayers': { label: 'Freeze first N layers', help: 'Keep the lowest N encoder layers fixed.' },
  'hyperparameters.freeze.headOnly': { label: 'Train head only', help: 'Freeze the whole encoder and train only the classifier. Fastest, least accurate.' },
  'hyperparameters.gradualUnfreezing': { label: 'Gradual unfreezing', help: 'Start with the head only and unfreeze one more layer from the top each epoch (ULMFiT).' },
  'hyperparameters.maxGradNorm': { label: 'Gradient clipping', help: 'Scale gradients down when their global norm exceeds this (1.0 is the HF default; 0 = off).' },
  'hyperparameters.gradientAccumulationSteps': { label: 'Gradient accumulation', help: 'Sum gradients over this many batches before a step: a larger effective batch without more memory.' },
  'hyperparameters.maxSequenceLength': { label: 'Max sequence length', help: 'Longer texts are cut to this many tokens. Shorter is faster; check the length histogram.' },
  'hyperparameters.evaluation': { label: 'Evaluate', help: 'Score the validation split every epoch or every N steps.' },
  'hyperparameters.earlyStopping': { label: 'Early stopping', help: 'Stop when the chosen validation metric has not improved by min delta for `patience` evaluations.' },
  'hyperparameters.checkpoints': { label: 'Checkpoints', help: 'Save every epoch or N steps; keep the last K plus the best. Lets you resume after closing the tab.' },
  'hyperparameters.classWeights': { label: 'Class weights', help: 'Weight the loss per class: balanced = n / (classes × count) helps rare classes count.' },
  'hyperparameters.oversampling': { label: 'Oversample minority classes', help: 'Repeat rare-class rows in the training split (never in validation/test) until classes are balanced.' },
  'hyperparameters.decisionThreshold': { label: 'Decision threshold', help: 'Binary tasks: argmax (0.5), or tuned — after training, the threshold that maximises macro-F1 on the validation split decides test scores and predictions.' },
  'hyperparameters.seed': { label: 'Seed', help: 'Fixes data order, dropout and head initialisation: the same seed gives the same run.' },
  'hyperparameters.backend': { label: 'Backend', help: 'Where the math runs: auto picks WebGPU on a real GPU, else WebAssembly.' },
};

/** Metrics where smaller is better (for early stopping and "best checkpoint"). */
export function metricIsLowerBetter(metric: MetricName): boolean {
  return metric === 'loss' || metric === 'mse' || metric === 'mae';
}

/** The metrics that make sense for a task. */
export function metricsForTask(kind: TaskKind): MetricName[] {
  switch (kind) {
    case 'single_label_classification':
      return ['loss', 'accuracy', 'macro_f1'];
    case 'multi_label_classification':
      return ['loss', 'micro_f1', 'macro_f1'];
    case 'regression':
      return ['loss', 'mse', 'mae', 'r2'];
    default: {
      const never: never = kind;
      throw new Error(`unknown task ${String(never)}`);
    }
  }
}

export function taskKindFor(labelKind: LabelKind): TaskKind {
  if (labelKind === 'single') return 'single_label_classification';
  if (labelKind === 'multi') return 'multi_label_classification';
  return 'regression';
}

/** Overlay a partial set of hyperparameters (e.g. from a job.json or CLI flags) onto a base, one level deep. */
export function mergeHyperparameters(base: Hyperparameters, patch: Partial<Record<keyof Hyperparameters, unknown>>): Hyperparameters {
  const out = structuredClone(base) as unknown as Record<string, unknown>;
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) continue;
    const cur = out[k];
    out[k] = cur && typeof cur === 'object' && !Array.isArray(cur) && v && typeof v === 'object' && !Array.isArray(v)
      ? { ...cur, ...v }
      : v;
  }
  return out as unknown as Hyperparameters;
}
