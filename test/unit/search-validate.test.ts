import { describe, expect, it } from 'vitest';
import { defaultStudySpec } from '../../src/core/search/defaults';
import { validateStudySpec, type ModelLimits } from '../../src/core/search/validate';
import { baseJob } from './search-helpers';

const BERT: ModelLimits = { modelType: 'bert', numLayers: 2, maxPositions: 512 };
const GLOVE: ModelLimits = { modelType: 'glove-pool', numLayers: 0, maxPositions: 512 };

function spec(patch: Record<string, unknown> = {}) {
  return { ...defaultStudySpec({ modelType: 'bert', task: 'single_label_classification', trials: 4 }), ...patch };
}
const issues = (s: unknown, model: ModelLimits = BERT) => validateStudySpec(s, baseJob(), model);
const paths = (s: unknown, model?: ModelLimits) => issues(s, model).map((i) => i.path);

describe('validateStudySpec', () => {
  it('accepts the default study for every model family', () => {
    expect(issues(spec())).toEqual([]);
    expect(issues(defaultStudySpec({ modelType: 'glove-pool', task: 'single_label_classification' }), GLOVE)).toEqual([]);
  });

  it('an empty or missing space names space.params', () => {
    expect(issues(spec({ space: { params: [] } }))).toEqual([{ path: 'space.params', message: 'is empty: name at least one hyperparameter to tune' }]);
    expect(paths(spec({ space: {} }))).toEqual(['space.params']);
  });

  it('a budget of 0, or none, names the budget field', () => {
    expect(issues(spec({ budget: { trials: 0 } }))).toEqual([{ path: 'budget.trials', message: 'must be a whole number ≥ 1, got 0' }]);
    expect(issues(spec({ budget: { minutes: 0 } }))).toEqual([{ path: 'budget.minutes', message: 'must be a number > 0, got 0' }]);
    expect(paths(spec({ budget: {} }))).toEqual(['budget']);
  });

  it('names each bad parameter field: unknown path, kind, bounds, choices, log range, conditions', () => {
    const bad = spec({
      space: {
        params: [
          { name: 'hyperparameters.learningRate', kind: 'float', low: 1e-4, high: 1e-5, log: true },
          { name: 'hyperparameters.dropout', kind: 'float', low: 0, high: 0.5 },
          { name: 'hyperparameters.batchSize', kind: 'int', low: 0, high: 64 },
          { name: 'hyperparameters.freeze.embeddings', kind: 'float', low: 0, high: 1 },
          { name: 'hyperparameters.schedule', kind: 'categorical', choices: ['linear', 'exponential'] },
          { name: 'hyperparameters.weightDecay', kind: 'float', low: 0, high: 0.1, log: true },
          { name: 'hyperparameters.epochs', kind: 'float', low: 1, high: 3 },
          { name: 'hyperparameters.freeze.firstLayers', kind: 'int', low: 0, high: 1, when: { param: 'hyperparameters.freeze.headOnly', in: [false] } },
          { name: 'hyperparameters.learningRate', kind: 'categorical', choices: [1e-3, 1e-3] },
        ],
      },
    });
    const found = issues(bad);
    const at = (p: string) => found.filter((i) => i.path === p).map((i) => i.message);
    expect(at('space.params[0].high')).toEqual(['must be greater than low (0.0001), got 0.00001; use a categorical parameter for a single value']);
    expect(at('space.params[1].name')[0]).toMatch(/^"hyperparameters\.dropout" is not a tunable hyperparameter; tunable: hyperparameters\.epochs/);
    expect(at('space.params[2].low')).toEqual(['hyperparameters.batchSize must be a whole number from 1 to 4096, got 0']);
    expect(at('space.params[3].kind')).toEqual(['hyperparameters.freeze.embeddings takes true/false: use "categorical"']);
    expect(at('space.params[4].choices[1]')).toEqual(['hyperparameters.schedule must be linear, cosine or constant']);
    expect(at('space.params[5].low')).toEqual(['a log-scale range must start above 0, got 0']);
    expect(at('space.params[6].kind')).toEqual(['hyperparameters.epochs is a whole number: use "int" or "categorical"']);
    expect(at('space.params[7].when.param')).toEqual(['"hyperparameters.freeze.headOnly" is not an earlier parameter of the space']);
    expect(at('space.params[8].name')).toEqual(['hyperparameters.learningRate is listed twice']);
    expect(at('space.params[8].choices[1]')).toEqual(['0.001 is listed twice']);
  });

  it('a parameter outside what the model allows names the parameter and the model', () => {
    const layers = spec({ space: { params: [{ name: 'hyperparameters.freeze.firstLayers', kind: 'int', low: 0, high: 4 }] } });
    expect(issues(layers)).toEqual([{ path: 'space.params[0]', message: 'bert has 2 encoder layers: cannot freeze the first 4' }]);
    const long = spec({ space: { params: [{ name: 'hyperparameters.maxSequenceLength', kind: 'categorical', choices: [128, 1024] }] } });
    expect(issues(long)).toEqual([{ path: 'space.params[0]', message: 'bert takes at most 512 tokens: 1024 is too long' }]);
    const decay = spec({ space: { params: [{ name: 'hyperparameters.layerwiseLrDecay', kind: 'float', low: 0.8, high: 1 }] } });
    expect(issues(decay, GLOVE)).toEqual([{ path: 'space.params[0].name', message: 'hyperparameters.layerwiseLrDecay has no effect on glove-pool: it has no encoder layers' }]);
    // the JobSpec's own limits hold too: a learning rate above 1
    const lr = spec({ space: { params: [{ name: 'hyperparameters.learningRate', kind: 'float', low: 1e-3, high: 10, log: true }] } });
    expect(issues(lr)).toEqual([{ path: 'space.params[0].high', message: 'hyperparameters.learningRate must be a number > 0 and ≤ 1, got 10' }]);
  });

  it('sampler, pruner and objective fields', () => {
    expect(issues(spec({ sampler: { kind: 'bayes', seed: -1 } })).map((i) => `${i.path}: ${i.message}`)).toEqual([
      'sampler.kind: must be grid, random or tpe, got "bayes"', 'sampler.seed: must be a whole number ≥ 0, got -1',
    ]);
    expect(paths(spec({ pruner: { kind: 'median', nStartupTrials: 5, nWarmupSteps: -1, intervalSteps: 0 } }))).toEqual(['pruner.nWarmupSteps', 'pruner.intervalSteps']);
    expect(paths(spec({ pruner: { kind: 'asha', minResource: 1, reductionFactor: 1, minEarlyStoppingRate: 0 } }))).toEqual(['pruner.reductionFactor']);
    expect(issues(spec({ objective: { metric: 'r2', direction: 'maximize' } }))[0]).toEqual({
      path: 'objective.metric', message: 'must be one of loss, accuracy, macro_f1 for single_label_classification, got "r2"',
    });
    expect(issues(spec({ objective: { metric: 'loss', direction: 'maximize' } }))[0]).toEqual({
      path: 'objective.direction', message: 'loss is better lower: the direction must be minimize, got "maximize"',
    });
  });

  it('a grid of more than 10 000 combinations is refused', () => {
    const big = spec({
      sampler: { kind: 'grid', seed: 0 },
      space: { params: ['learningRate', 'weightDecay', 'warmup.value'].map((n) => ({ name: `hyperparameters.${n}`, kind: 'float', low: 0.001, high: 0.1, gridPoints: 30 })) },
    });
    expect(issues(big)).toEqual([{ path: 'space', message: 'the grid has more than 10000 combinations: use fewer grid points, or the random or tpe sampler' }]);
  });
});
