import { describe, expect, it } from 'vitest';
import { FIELD_HELP, mergeHyperparameters, presetHyperparameters } from '../../src/core/spec/jobSpec';
import { validateJobSpec } from '../../src/core/spec/validate';
import { tinySpec } from './train-helpers';

describe('JobSpec', () => {
  it('Standard is the HF default recipe', () => {
    expect(presetHyperparameters('standard')).toMatchObject({
      epochs: 3, batchSize: 16, learningRate: 2e-5, weightDecay: 0.01, warmup: { mode: 'ratio', value: 0.1 },
      schedule: 'linear', headLearningRate: { mode: 'multiplier', value: 10 }, maxGradNorm: 1,
    });
    expect(presetHyperparameters('quick').freeze.headOnly).toBe(true);
  });

  it('a valid spec has no issues and survives JSON', () => {
    const spec = tinySpec();
    expect(validateJobSpec(spec)).toEqual([]);
    expect(validateJobSpec(JSON.parse(JSON.stringify(spec)))).toEqual([]);
  });

  it('names every bad field by its path', () => {
    const spec = tinySpec({ batchSize: 0, learningRate: -1, checkpoints: { strategy: 'steps', everySteps: 0, keepLast: 2 } });
    (spec.task.labelNames as string[]) = ['only'];
    spec.hyperparameters.earlyStopping.metric = 'r2';
    const paths = validateJobSpec(spec).map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining([
      'task.labelNames', 'hyperparameters.batchSize', 'hyperparameters.learningRate',
      'hyperparameters.checkpoints.everySteps', 'hyperparameters.earlyStopping.metric',
    ]));
    expect(validateJobSpec(null)).toEqual([{ path: '', message: 'the job spec must be a JSON object' }]);
    expect(validateJobSpec({ ...tinySpec(), version: 9 })[0].message).toMatch(/version 9/);
  });

  it('custom class weights need one positive weight per label', () => {
    const spec = tinySpec({ classWeights: { mode: 'custom', custom: [1] } });
    expect(validateJobSpec(spec)).toEqual([{ path: 'hyperparameters.classWeights.custom', message: 'needs one positive weight per label (2)' }]);
  });

  it('merges partial hyperparameters one level deep and documents every hyperparameter', () => {
    const m = mergeHyperparameters(presetHyperparameters('standard'), { epochs: 5, earlyStopping: { enabled: true } });
    expect(m.epochs).toBe(5);
    expect(m.earlyStopping).toEqual({ enabled: true, metric: 'loss', patience: 2, minDelta: 0 });
    const documented = Object.keys(FIELD_HELP).filter((k) => k.startsWith('hyperparameters.')).map((k) => k.split('.')[1]);
    for (const key of Object.keys(presetHyperparameters('standard'))) expect(documented, key).toContain(key);
  });
});
