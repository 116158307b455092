/**
 * StudySpec.baseTrial: trial 0 is the base job's own values of the searched parameters (Optuna's
 * enqueue_trial of the starting point), then the sampler as without it; a base value outside the space, or
 * a grid, leaves the sampler alone; the base trial wins ties, so a search never hands back a trial that is
 * not better on validation than the settings it started from.
 */
import { describe, expect, it } from 'vitest';
import { baseTrialParams } from '../../src/core/search/baseTrial';
import { defaultSearchSpace, defaultStudySpec } from '../../src/core/search/defaults';
import { suggest } from '../../src/core/search/samplers';
import type { SearchSpace } from '../../src/core/search/space';
import { bestTrial, createStudy, type SamplerKind } from '../../src/core/search/study';
import { validateStudySpec } from '../../src/core/search/validate';
import type { JobSpec } from '../../src/core/spec/jobSpec';
import { baseJob, simulate } from './search-helpers';

/** A base job with the bundled CNN's Standard settings (what Auto proposes for it). */
function cnnJob(patch: Partial<JobSpec['hyperparameters']> = {}): JobSpec {
  const job = baseJob();
  Object.assign(job.hyperparameters, { learningRate: 1e-3, batchSize: 50, epochs: 8, weightDecay: 0, ...patch });
  return job;
}

const study = (sampler: SamplerKind, job: JobSpec, baseTrial?: boolean) =>
  createStudy(defaultStudySpec({ modelType: 'glove-cnn', task: 'single_label_classification', sampler, trials: 6, seed: 7, baseTrial }), job);

describe('the base trial', () => {
  it('is on by default for tpe and random, and reads every searched parameter from the base job', () => {
    expect(defaultStudySpec({ modelType: 'glove-cnn', task: 'single_label_classification' }).baseTrial).toBe(true);
    expect(defaultStudySpec({ modelType: 'glove-cnn', task: 'single_label_classification', sampler: 'grid' }).baseTrial).toBeUndefined();
    expect(baseTrialParams(defaultSearchSpace('glove-cnn'), cnnJob())).toEqual({
      params: {
        'hyperparameters.learningRate': 1e-3, 'hyperparameters.batchSize': 50, 'hyperparameters.epochs': 8,
        'hyperparameters.weightDecay': 0, 'hyperparameters.freeze.embeddings': false,
      },
    });
  });

  it.each(['tpe', 'random'] as const)('%s: trial 0 is the base job, the later trials what the sampler draws without it', (sampler) => {
    const curve = (p: Record<string, unknown>) => [-Math.abs(Math.log10(p['hyperparameters.learningRate'] as number) + 2.7)];
    const withBase = simulate(study(sampler, cnnJob(), true), curve);
    const without = simulate(study(sampler, cnnJob(), false), curve);
    expect(withBase.trials[0].params).toEqual((baseTrialParams(withBase.spec.space, withBase.baseJob) as { params: unknown }).params);
    expect(without.trials[0].params).not.toEqual(withBase.trials[0].params);
    // Random draws are a function of (seed, trial number) only: every later trial is the same.
    if (sampler === 'random') expect(withBase.trials.slice(1).map((t) => t.params)).toEqual(without.trials.slice(1).map((t) => t.params));
    expect(new Set(withBase.trials.map((t) => JSON.stringify(t.params))).size).toBe(6);
  });

  it('wins ties: when no trial beats it on validation, the best trial is the base job', () => {
    const s = simulate(study('tpe', cnnJob(), true), () => [0.5]);
    expect(bestTrial(s)?.number).toBe(0);
  });

  it('is left to the sampler when a base value is outside the space, and says which', () => {
    const job = cnnJob({ learningRate: 0.05 });
    expect(baseTrialParams(defaultSearchSpace('glove-cnn'), job)).toEqual({ why: 'learningRate: 0.05 is outside 0.0003–0.003' });
    expect(suggest(study('tpe', job, true))).toEqual(suggest(study('tpe', job, false)));
    expect(baseTrialParams(defaultSearchSpace('glove-cnn'), cnnJob({ batchSize: 48 }))).toEqual({ why: 'batchSize: 48 is not one of 32, 50, 64' });
  });

  it('leaves out a conditional parameter that is inactive for the base job, and is ignored by a grid', () => {
    const space: SearchSpace = {
      params: [
        { name: 'hyperparameters.freeze.embeddings', kind: 'categorical', choices: [false, true] },
        { name: 'hyperparameters.learningRate', kind: 'float', low: 1e-4, high: 1e-2, log: true, when: { param: 'hyperparameters.freeze.embeddings', in: [true] } },
      ],
    };
    expect(baseTrialParams(space, cnnJob())).toEqual({ params: { 'hyperparameters.freeze.embeddings': false } });
    const grid = createStudy({ ...defaultStudySpec({ modelType: 'glove-cnn', task: 'single_label_classification', sampler: 'grid' }), baseTrial: true }, cnnJob());
    expect(suggest(grid)).toEqual(suggest({ ...grid, spec: { ...grid.spec, baseTrial: false } }));
  });

  it('must be a boolean in a study spec', () => {
    const spec = { ...defaultStudySpec({ modelType: 'glove-cnn', task: 'single_label_classification' }), baseTrial: 'yes' };
    expect(validateStudySpec(spec, cnnJob())).toEqual([{ path: 'baseTrial', message: 'must be true or false, got "yes"' }]);
  });
});
