/**
 * Presets per model family: one set of hyperparameters cannot serve a pre-trained BERT (small learning
 * rates, a few epochs) and a network over word vectors whose layers start random (Adam at 1e-3, ten epochs).
 * `presetHyperparametersFor(modelType, name)` is the one-click default of the studio and the CLI; Auto-tune
 * builds on it. The search spaces per family are in core/search/defaults.ts.
 *
 * The word-vector presets were measured on the two bundled datasets (docs/quality.md, `npm run bench:quality`).
 */
import type { TaskKind } from '../model/types';
import { presetHyperparameters, PRESETS, type Hyperparameters, type MetricName, type PresetName } from './jobSpec';

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

const TRANSFORMER_PRESETS: PresetInfo[] = PRESETS;

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
