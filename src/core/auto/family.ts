/**
 * The model family's part of Auto: word-vector models start from their Standard preset (presets.ts,
 * measured by bench:quality); BERT-like encoders get a learning rate by size.
 *
 * Why by size: Turc et al. 2019 ("Well-Read Students Learn Better", the BERT miniatures) fine-tuned every
 * size from L=2/H=128 to BERT-base over the grid {3e-4, 1e-4, 5e-5, 3e-5} (batch 8–128, 4 epochs; see
 * google-research/bert's README), and the small models' best rates sit at the top of that grid while
 * BERT-base's sit at the bottom (Devlin et al. 2019 recommend {5e-5, 3e-5, 2e-5} for it). A tiny model at
 * BERT-base's 2e-5 barely moves in three epochs: that is the 0.39 macro-F1 the issue measured.
 */
import { presetHyperparametersFor, modelFamily } from '../spec/presets';
import type { TaskKind } from '../model/types';
import type { Hyperparameters } from '../spec/jobSpec';
import type { AutoDecision, AutoModelInfo } from './types';

/** Hidden size → learning rate, from the top of Turc et al.'s grid for the smallest to Devlin et al.'s for base/large. */
export const TRANSFORMER_LR_BY_HIDDEN: { maxHidden: number; lr: number }[] = [
  { maxHidden: 128, lr: 3e-4 },
  { maxHidden: 256, lr: 1e-4 },
  { maxHidden: 512, lr: 5e-5 },
  { maxHidden: 768, lr: 3e-5 },
  { maxHidden: Infinity, lr: 2e-5 },
];

export function transformerLearningRate(hiddenSize: number): number {
  return TRANSFORMER_LR_BY_HIDDEN.find((r) => hiddenSize <= r.maxHidden)!.lr;
}

function transformerPlan(model: AutoModelInfo, task: TaskKind): { hp: Hyperparameters; decisions: AutoDecision[] } {
  const base = presetHyperparametersFor(model.modelType, 'standard', task);
  const lr = transformerLearningRate(model.hiddenSize);
  const small = model.hiddenSize <= 512;
  const epochs = small ? 4 : 3;
  const metric = task === 'regression' ? 'loss' : 'macro_f1';
  const hp: Hyperparameters = { ...base, learningRate: lr, epochs, earlyStopping: { ...base.earlyStopping, enabled: false, metric } };
  const size = `${model.numLayers} layers, hidden ${model.hiddenSize}`;
  return {
    hp,
    decisions: [
      { field: 'hyperparameters.learningRate', value: lr, why: `BERT-like encoder, ${size}: small BERTs want larger rates than BERT-base's 2e-5 (Turc et al. 2019 fine-tuned the BERT miniatures over {3e-4, 1e-4, 5e-5, 3e-5}; the smallest do best at the top). Hidden ≤ 128 → 3e-4, ≤ 256 → 1e-4, ≤ 512 → 5e-5, ≤ 768 → 3e-5, larger → 2e-5; the head learns 10× faster.` },
      { field: 'hyperparameters.epochs', value: epochs, why: small ? 'Small encoder: 4 epochs, as the BERT miniatures were fine-tuned.' : 'Base-size encoder: 3 epochs (Devlin et al. 2019 use 2–4).' },
      { field: 'hyperparameters.earlyStopping.metric', value: metric, why: metric === 'macro_f1' ? 'The epoch with the best validation macro-F1 is kept (every class counts the same, rare ones too).' : 'Regression: the epoch with the lowest validation loss is kept.' },
    ],
  };
}

function wordVectorPlan(model: AutoModelInfo, task: TaskKind): { hp: Hyperparameters; decisions: AutoDecision[] } {
  const hp = presetHyperparametersFor(model.modelType, 'standard', task);
  const kind = model.modelType === 'glove-cnn' ? 'Kim (2014) CNN over GloVe vectors' : 'bag of GloVe vectors';
  return {
    hp,
    decisions: [
      { field: 'hyperparameters.learningRate', value: hp.learningRate, why: `${kind}: its layers start random, so Adam at ${hp.learningRate} for everything (the vectors too), batch ${hp.batchSize}, no warmup — the family's Standard preset, measured by npm run bench:quality.` },
      { field: 'hyperparameters.epochs', value: hp.epochs, why: `${hp.epochs} epochs; the epoch with the best validation ${hp.earlyStopping.metric === 'macro_f1' ? 'macro-F1' : 'loss'} is kept.` },
    ],
  };
}

/** The family's hyperparameters and the decisions behind them. */
export function familyPlan(model: AutoModelInfo, task: TaskKind): { hp: Hyperparameters; decisions: AutoDecision[] } {
  return modelFamily(model.modelType) === 'transformer' ? transformerPlan(model, task) : wordVectorPlan(model, task);
}
