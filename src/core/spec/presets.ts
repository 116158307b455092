/**
 * Presets per model family: one set of hyperparameters cannot serve a pre-trained BERT (small learning
 * rates, a few epochs) and a network over word vectors whose layers start random (Adam at 1e-3, ten epochs).
 * `presetHyperparametersFor(modelType, name)` is the one-click default of the studio and the CLI; Auto-tune
 * builds on it. Each family also states its search space as plain data (searchSpaceFor).
 *
 * The word-vector presets were measured on the two bundled datasets (docs/quality.md, `npm run bench:quality`).
 */
import type { TaskKind } from '../model/types';
import { presetHyperparameters, type Hyperparameters, type MetricName, type PresetName } from './jobSpec';

export type ModelFamily = 'transformer' | 'glove-pool' | 'glove-cnn';

export interface PresetInfo {
  name: PresetName;
  label: string;
  help: string;
}

/** The family of a config.json model_type: every BERT-like encoder shares the transformer presets. */
export function modelFamily(modelType: string | undefined): ModelFamily {
  if (modelType === 'glove-cnn' || modelType === 'glove-pool') return modelType;
  return 'transformer';
}

const TRANSFORMER_PRESETS: PresetInfo[] = [
  { name: 'quick', label: 'Quick', help: 'Trains only the classifier head for 2 epochs. Minutes, not hours; a good first look.' },
  { name: 'standard', label: 'Standard', help: 'The Hugging Face defaults: 3 epochs, batch 16, lr 2e-5, weight decay 0.01, 10 % warmup, linear decay, head lr 10×.' },
  { name: 'thorough', label: 'Thorough', help: 'Up to 6 epochs with cosine decay, layer-wise lr decay 0.9 and early stopping on validation loss.' },
];

const CNN_PRESETS: PresetInfo[] = [
  { name: 'quick', label: 'Quick', help: 'Word vectors frozen, filters and classifier trained for 3 epochs (Adam, lr 1e-3, batch 50): a static CNN in well under a minute.' },
  { name: 'standard', label: 'Standard', help: 'Kim (2014) fine-tuned: 8 epochs, Adam lr 1e-3 for vectors, filters and classifier, batch 50, dropout 0.5; the epoch with the best validation macro-F1 is kept.' },
  { name: 'thorough', label: 'Thorough', help: 'Up to 16 epochs, cosine decay, early stopping when validation macro-F1 stops improving for 3 epochs.' },
];

const POOL_PRESETS: PresetInfo[] = [
  { name: 'quick', label: 'Quick', help: 'Word vectors frozen, the dense layer and classifier trained for 3 epochs (Adam, lr 1e-3): seconds.' },
  { name: 'standard', label: 'Standard', help: '8 epochs, Adam lr 1e-3 for vectors and layers, batch 50 (the CNN\'s settings); the epoch with the best validation macro-F1 is kept.' },
  { name: 'thorough', label: 'Thorough', help: 'Up to 16 epochs, cosine decay, early stopping when validation macro-F1 stops improving for 3 epochs.' },
];

/** The presets offered for a model_type, with their help text. */
export function presetsFor(modelType: string | undefined): PresetInfo[] {
  switch (modelFamily(modelType)) {
    case 'glove-cnn': return CNN_PRESETS;
    case 'glove-pool': return POOL_PRESETS;
    default: return TRANSFORMER_PRESETS;
  }
}

/**
 * Networks over word vectors: new layers start random, so Adam at 1e-3 for everything (the vectors too,
 * as in Kim 2014's non-static CNN), batch 50, no warmup, no weight decay, several epochs, and the best epoch
 * by validation macro-F1 (the loss keeps falling after the classes stop improving). Both word-vector models
 * share these settings, so the bench compares architectures, not tuning.
 */
function wordVectorBase(standard: Hyperparameters): Hyperparameters {
  return {
    ...standard,
    epochs: 8,
    batchSize: 50,
    learningRate: 1e-3,
    headLearningRate: { mode: 'multiplier', value: 1 },
    weightDecay: 0,
    warmup: { mode: 'ratio', value: 0 },
    schedule: 'constant',
    maxGradNorm: 0,
    maxSequenceLength: 128,
    earlyStopping: { enabled: false, metric: 'macro_f1', patience: 3, minDelta: 0 },
    checkpoints: { strategy: 'epoch', everySteps: 200, keepLast: 1 },
  };
}

function wordVectorPreset(name: PresetName): Hyperparameters {
  const base = wordVectorBase(presetHyperparameters('standard'));
  switch (name) {
    case 'standard':
      return base;
    case 'quick':
      return { ...base, epochs: 3, freeze: { embeddings: true, firstLayers: 0, headOnly: false } };
    case 'thorough':
      return { ...base, epochs: 16, schedule: 'cosine', earlyStopping: { ...base.earlyStopping, enabled: true } };
    default: {
      const never: never = name;
      throw new Error(`unknown preset ${String(never)}`);
    }
  }
}

/** The metric that picks the best epoch: macro-F1 for classifiers, the loss for regression. */
function bestEpochMetric(hp: Hyperparameters, task: TaskKind): Hyperparameters {
  const metric: MetricName = task === 'regression' && hp.earlyStopping.metric === 'macro_f1' ? 'loss' : hp.earlyStopping.metric;
  return { ...hp, earlyStopping: { ...hp.earlyStopping, metric } };
}

/**
 * A preset's hyperparameters for a model_type (a fresh copy each call). `task` only matters for the
 * metric that picks the best epoch (regression has no macro-F1).
 */
export function presetHyperparametersFor(modelType: string | undefined, name: PresetName, task: TaskKind = 'single_label_classification'): Hyperparameters {
  switch (modelFamily(modelType)) {
    case 'glove-cnn':
    case 'glove-pool': return bestEpochMetric(wordVectorPreset(name), task);
    default: return presetHyperparameters(name);
  }
}

/** One dimension of a search space, as plain data. */
export type SearchDimension =
  | { kind: 'log'; min: number; max: number }
  | { kind: 'int'; min: number; max: number }
  | { kind: 'choice'; values: number[] };

/**
 * What Auto-tune may vary for a family, and how a point maps onto Hyperparameters (applySearchPoint).
 * Dimension names are not Hyperparameters paths: `taskLearningRate` is the rate of the new layers (filters
 * and classifier) and `embeddingLrMultiplier` the vectors' rate as a multiple of it (0 = frozen).
 */
export interface SearchSpace {
  family: ModelFamily;
  dimensions: Record<string, SearchDimension>;
}

const WORD_VECTOR_DIMENSIONS: Record<string, SearchDimension> = {
  taskLearningRate: { kind: 'log', min: 3e-4, max: 3e-3 },
  embeddingLrMultiplier: { kind: 'choice', values: [0, 0.1, 0.3, 1] },
  batchSize: { kind: 'choice', values: [32, 50, 64] },
  epochs: { kind: 'int', min: 4, max: 12 },
  weightDecay: { kind: 'choice', values: [0, 1e-3, 1e-2] },
};

/**
 * The search space of a model family, or undefined where this module proposes none (transformers: the
 * Auto-tune search defines its own). Ranges around the measured presets (docs/quality.md): Adam rates
 * within 3× of 1e-3, frozen to fully trained vectors, a few batch sizes and 4–12 epochs.
 */
export function searchSpaceFor(modelType: string | undefined): SearchSpace | undefined {
  const family = modelFamily(modelType);
  if (family === 'transformer') return undefined;
  return { family, dimensions: structuredClone(WORD_VECTOR_DIMENSIONS) };
}

/** A point of a word-vector search space (values by dimension name) on top of a preset's hyperparameters. */
export function applySearchPoint(base: Hyperparameters, point: Readonly<Record<string, number>>): Hyperparameters {
  const hp = structuredClone(base);
  const task = point.taskLearningRate;
  const multiplier = point.embeddingLrMultiplier;
  if (task !== undefined) {
    const m = multiplier ?? 1;
    // The vectors' (body) rate is task × m; a frozen table keeps a valid positive rate that is never used.
    hp.learningRate = m > 0 ? task * m : task;
    hp.headLearningRate = { mode: 'absolute', value: task };
  }
  if (multiplier !== undefined) hp.freeze = { ...hp.freeze, embeddings: multiplier === 0 };
  if (point.batchSize !== undefined) hp.batchSize = point.batchSize;
  if (point.epochs !== undefined) hp.epochs = point.epochs;
  if (point.weightDecay !== undefined) hp.weightDecay = point.weightDecay;
  return hp;
}
