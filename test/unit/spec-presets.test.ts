import { describe, expect, it } from 'vitest';
import { buildJobSpec } from '../../src/core/spec/buildJobSpec';
import { presetHyperparameters, type JobSpec, type PresetName } from '../../src/core/spec/jobSpec';
import { validateJobSpec } from '../../src/core/spec/validate';
import { modelFamily, presetHyperparametersFor, presetsFor } from '../../src/core/spec/presets';
import type { TaskKind } from '../../src/core/model/types';

const PRESET_NAMES: PresetName[] = ['quick', 'standard', 'thorough'];

function specWith(task: TaskKind, hp: JobSpec['hyperparameters']): JobSpec {
  return buildJobSpec({
    name: 'x', model: { source: 'bundled', id: 'offline-glove-cnn' },
    dataset: { id: 'd', name: 'd.csv', textColumn: 'text', labelColumn: 'label', labelKind: task === 'regression' ? 'regression' : task === 'multi_label_classification' ? 'multi' : 'single', splitCounts: { train: 1, validation: 1, test: 1 }, splitMethod: 'm' },
    labelNames: task === 'regression' ? ['score'] : ['a', 'b'],
    hyperparameters: hp,
  });
}

describe('presets per model family', () => {
  it('keeps the transformer presets exactly (BERT, DistilBERT, RoBERTa, unknown types)', () => {
    for (const type of ['bert', 'distilbert', 'roberta', undefined, 'something-new']) {
      expect(modelFamily(type)).toBe('transformer');
      for (const name of PRESET_NAMES) expect(presetHyperparametersFor(type, name)).toEqual(presetHyperparameters(name));
    }
    expect(presetsFor('bert').map((p) => p.name)).toEqual(PRESET_NAMES);
  });

  it('gives the word-vector models Adam at 1e-3 with the best epoch by validation macro-F1', () => {
    const cnn = presetHyperparametersFor('glove-cnn', 'standard');
    expect(cnn).toMatchObject({ learningRate: 1e-3, headLearningRate: { mode: 'multiplier', value: 1 }, batchSize: 50, weightDecay: 0, warmup: { value: 0 }, schedule: 'constant' });
    expect(cnn.earlyStopping).toMatchObject({ enabled: false, metric: 'macro_f1' });
    expect(presetHyperparametersFor('glove-cnn', 'quick').freeze.embeddings).toBe(true);
    expect(presetHyperparametersFor('glove-cnn', 'thorough').earlyStopping.enabled).toBe(true);
    expect(presetHyperparametersFor('glove-pool', 'standard')).toEqual(cnn); // the same settings: the bench compares architectures
    expect(presetsFor('glove-cnn').find((p) => p.name === 'standard')!.help).toMatch(/Kim \(2014\)/);
  });

  it('every preset of every family is a valid job for every task (regression picks the best epoch by loss)', () => {
    for (const type of ['bert', 'glove-pool', 'glove-cnn']) {
      for (const name of PRESET_NAMES) {
        for (const task of ['single_label_classification', 'multi_label_classification', 'regression'] as const) {
          const hp = presetHyperparametersFor(type, name, task);
          expect(validateJobSpec(specWith(task, hp)), `${type} ${name} ${task}`).toEqual([]);
          if (type !== 'bert') expect(hp.earlyStopping.metric).toBe(task === 'regression' ? 'loss' : 'macro_f1');
        }
      }
    }
  });

  it('returns fresh copies', () => {
    const a = presetHyperparametersFor('glove-cnn', 'standard');
    a.freeze.embeddings = true;
    a.earlyStopping.patience = 99;
    expect(presetHyperparametersFor('glove-cnn', 'standard').freeze.embeddings).toBe(false);
    expect(presetHyperparametersFor('glove-cnn', 'standard').earlyStopping.patience).toBe(3);
  });
});
