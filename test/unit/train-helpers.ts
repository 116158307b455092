/** Shared fixtures for the trainer tests: a tiny random BERT and a synthetic, learnable dataset. */
import type { TrainingData } from '../../src/core/data/types';
import type { EncodedExample } from '../../src/core/model/batching';
import { loadSequenceClassifier } from '../../src/core/model/load';
import { createRng } from '../../src/core/rng';
import { JOB_SPEC_VERSION, NO_LIMITS, presetHyperparameters, type Hyperparameters, type JobSpec } from '../../src/core/spec/jobSpec';

export const TINY_CONFIG = {
  model_type: 'bert', vocab_size: 40, hidden_size: 8, num_hidden_layers: 2, num_attention_heads: 2,
  intermediate_size: 16, max_position_embeddings: 32, type_vocab_size: 2,
};

export function tinyModel(seed = 1) {
  return loadSequenceClassifier({ config: TINY_CONFIG, seed, labels: ['neg', 'pos'], task: 'single_label_classification' }).model;
}

/**
 * n rows of 3–10 random tokens; label 1 when token 7 occurs (a rule a tiny encoder can learn).
 * Split: every 5th row validation, every 7th test, the rest train.
 */
export function syntheticData(n: number, seed = 3): { data: TrainingData; encoded: EncodedExample[] } {
  const rng = createRng(seed);
  const encoded: EncodedExample[] = [];
  const labels = new Float32Array(n);
  const split = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const len = 3 + Math.floor(rng.next() * 8);
    const ids = [2];
    for (let j = 0; j < len; j++) ids.push(8 + Math.floor(rng.next() * 30));
    if (i % 2 === 0) ids[1 + Math.floor(rng.next() * len)] = 7;
    ids.push(3);
    encoded.push({ ids: Int32Array.from(ids) });
    labels[i] = ids.includes(7) ? 1 : 0;
    split[i] = i % 5 === 4 ? 1 : i % 7 === 6 ? 2 : 0;
  }
  const data: TrainingData = {
    labelKind: 'single', labelNames: ['neg', 'pos'], texts: encoded.map((_, i) => `row ${i}`), labels, split,
    rowNumbers: Int32Array.from({ length: n }, (_, i) => i + 1),
  };
  return { data, encoded };
}

export function tinySpec(patch: Partial<Hyperparameters> = {}): JobSpec {
  return {
    version: JOB_SPEC_VERSION,
    name: 'test job',
    dataset: {
      id: 'synthetic', name: 'synthetic.csv', textColumn: 'text', labelColumn: 'label', labelKind: 'single',
      splitCounts: { train: 0, validation: 0, test: 0 }, splitMethod: 'fixed', limits: NO_LIMITS,
    },
    model: { source: 'local', id: 'tiny' },
    task: { kind: 'single_label_classification', labelNames: ['neg', 'pos'] },
    hyperparameters: {
      ...presetHyperparameters('standard'),
      epochs: 2, batchSize: 8, learningRate: 1e-2, headLearningRate: { mode: 'multiplier', value: 1 }, maxSequenceLength: 16,
      ...patch,
    },
  };
}
