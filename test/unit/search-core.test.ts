import { describe, expect, it } from 'vitest';
import { applyTrialParams } from '../../src/core/search/apply';
import { defaultSearchSpace, defaultStudySpec } from '../../src/core/search/defaults';
import { kernels, observationWeights } from '../../src/core/search/samplers/parzen';
import { enumerateGrid, gridSize, suggest } from '../../src/core/search/samplers';
import { suggestRandom, trialRng } from '../../src/core/search/samplers/random';
import { gamma, splitTrials } from '../../src/core/search/samplers/tpe';
import { nanPercentile } from '../../src/core/search/pruners/median';
import type { SearchSpace } from '../../src/core/search/space';
import { bestTrial } from '../../src/core/search/study';
import { trialsCsv } from '../../src/core/search/summary';
import { validateJobSpec } from '../../src/core/spec/validate';
import { simulate, toyObjective, toyStudy, TOY_SPACE } from './search-helpers';

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('grid sampler', () => {
  it('enumerates exactly the product, the last parameter fastest, then stops', () => {
    const space: SearchSpace = {
      params: [
        { name: 'hyperparameters.learningRate', kind: 'float', low: 1e-4, high: 1e-2, log: true },
        { name: 'hyperparameters.batchSize', kind: 'categorical', choices: [16, 32] },
        { name: 'hyperparameters.epochs', kind: 'int', low: 2, high: 4, grid: [2, 4] },
      ],
    };
    const grid = enumerateGrid(space);
    expect(grid).toHaveLength(3 * 2 * 2);
    expect(gridSize(space)).toBe(12);
    // log-spaced default points: 1e-4, 1e-3, 1e-2
    const lrs = [...new Set(grid.map((g) => g['hyperparameters.learningRate'] as number))];
    expect(lrs.map((v) => Math.log10(v))).toEqual([-4, -3, -2].map((x) => expect.closeTo(x, 12)));
    expect(grid.slice(0, 4).map((g) => [g['hyperparameters.batchSize'], g['hyperparameters.epochs']])).toEqual([[16, 2], [16, 4], [32, 2], [32, 4]]);
    expect(new Set(grid.map((g) => JSON.stringify(g))).size).toBe(12);

    const study = simulate(toyStudy(space, { kind: 'grid', seed: 0 }, { trials: 50 }), () => [0.5]);
    expect(study.trials.map((t) => t.params)).toEqual(grid);
    expect(suggest(study)).toBeNull();
  });

  it('a conditional parameter joins only the combinations where its condition holds', () => {
    const space: SearchSpace = {
      params: [
        { name: 'hyperparameters.freeze.headOnly', kind: 'categorical', choices: [true, false] },
        { name: 'hyperparameters.freeze.firstLayers', kind: 'int', low: 0, high: 2, when: { param: 'hyperparameters.freeze.headOnly', in: [false] } },
      ],
    };
    expect(enumerateGrid(space)).toEqual([
      { 'hyperparameters.freeze.headOnly': true },
      { 'hyperparameters.freeze.headOnly': false, 'hyperparameters.freeze.firstLayers': 0 },
      { 'hyperparameters.freeze.headOnly': false, 'hyperparameters.freeze.firstLayers': 1 },
      { 'hyperparameters.freeze.headOnly': false, 'hyperparameters.freeze.firstLayers': 2 },
    ]);
  });
});

describe('random sampler', () => {
  it('draws inside the bounds, log-uniformly on a log scale, every integer and choice; same seed → same trials', () => {
    const space = TOY_SPACE;
    const draws = Array.from({ length: 4000 }, (_, i) => suggestRandom(space, trialRng(7, i)));
    const lrs = draws.map((d) => Math.log10(d['hyperparameters.learningRate'] as number));
    expect(Math.min(...lrs)).toBeGreaterThanOrEqual(-5);
    expect(Math.max(...lrs)).toBeLessThanOrEqual(-1);
    // log-uniform: a quarter of the draws in each quarter of the decades
    expect(lrs.filter((x) => x < -4).length / lrs.length).toBeCloseTo(0.25, 1);
    expect(mean(lrs)).toBeCloseTo(-3, 1);
    const ints = new Set(draws.map((d) => d['hyperparameters.epochs']));
    expect([...ints].sort((a, b) => (a as number) - (b as number))).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const linear = draws.filter((d) => d['hyperparameters.schedule'] === 'linear').length / draws.length;
    expect(linear).toBeCloseTo(1 / 3, 1);
    const again = Array.from({ length: 50 }, (_, i) => suggestRandom(space, trialRng(7, i)));
    expect(again).toEqual(draws.slice(0, 50));
    expect(suggestRandom(space, trialRng(8, 0))).not.toEqual(draws[0]);
  });
});

describe('TPE sampler', () => {
  it('Optuna’s γ and weights; kernels widen to the larger neighbour gap, the prior spans the range', () => {
    expect([1, 10, 11, 100, 300].map(gamma)).toEqual([1, 1, 2, 10, 25]);
    expect(observationWeights(3)).toEqual([1, 1, 1]);
    const w = observationWeights(27);
    expect(w).toHaveLength(27);
    expect(w[0]).toBeCloseTo(1 / 27, 12);
    expect(w[1]).toBeCloseTo(1, 12);
    const { mus, sigmas } = kernels([0.2, 0.3, 0.9], 0, 1);
    expect(mus).toEqual([0.2, 0.3, 0.9, 0.5]);
    // sorted 0 | .2 .3 .5 .9 | 1: .2 looks inwards (.1), .3 → max(.1,.2), .5 → max(.2,.4), .9 inwards (.4); prior 1
    expect(sigmas.map((s) => Number(s.toFixed(10)))).toEqual([0.2, 0.2, 0.4, 1]);
  });

  it('ranks complete trials first, then pruned ones by how far they ran, and ignores failed ones', () => {
    const study = toyStudy(TOY_SPACE, { kind: 'tpe', seed: 0 });
    const t = (number: number, state: 'complete' | 'pruned' | 'failed', value: number | null, intermediate: Record<number, number>) => ({
      number, params: {}, state, value, intermediate, durationS: 0, jobId: `t${number}`,
    });
    study.trials.push(
      t(0, 'pruned', null, { 0: 0.99, 1: 0.98 }), t(1, 'complete', 0.5, {}), t(2, 'pruned', null, { 0: 0.99 }),
      t(3, 'failed', null, {}), ...Array.from({ length: 8 }, (_, i) => t(4 + i, 'complete', 0.1 + i * 0.01, {})),
    );
    // 11 observed → γ = 2: the two best complete trials (0.5 and 0.17), never a pruned one however high
    const { below, above } = splitTrials(study);
    expect(below.map((x) => x.number)).toEqual([1, 11]);
    expect(above.map((x) => x.number)).toEqual([0, 2, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('on a function of log-lr, an int and a categorical, TPE’s best after 30 trials beats random’s on average over 20 seeds', () => {
    const best: Record<'tpe' | 'random', number[]> = { tpe: [], random: [] };
    for (let seed = 0; seed < 20; seed++) {
      for (const kind of ['tpe', 'random'] as const) {
        const s = simulate(toyStudy(TOY_SPACE, { kind, seed, nStartupTrials: 10 }, { trials: 30 }), (p) => [toyObjective(p)]);
        best[kind].push(bestTrial(s)!.value!);
      }
    }
    expect(mean(best.tpe)).toBeGreaterThan(mean(best.random) + 0.2);
    expect(best.tpe.filter((v, i) => v > best.random[i]).length).toBeGreaterThanOrEqual(14);
  });

  it('same seed → same trials; the first nStartupTrials are the random sampler’s', () => {
    const run = (seed: number) => simulate(toyStudy(TOY_SPACE, { kind: 'tpe', seed, nStartupTrials: 5 }, { trials: 15 }), (p) => [toyObjective(p)]).trials.map((t) => t.params);
    expect(run(3)).toEqual(run(3));
    expect(run(3)).not.toEqual(run(4));
    const random = simulate(toyStudy(TOY_SPACE, { kind: 'random', seed: 3 }, { trials: 5 }), (p) => [toyObjective(p)]).trials.map((t) => t.params);
    expect(run(3).slice(0, 5)).toEqual(random);
  });

  it('samples a conditional parameter only where its condition holds, from the trials that had it', () => {
    const space: SearchSpace = {
      params: [
        { name: 'hyperparameters.freeze.headOnly', kind: 'categorical', choices: [true, false] },
        { name: 'hyperparameters.freeze.firstLayers', kind: 'int', low: 0, high: 3, when: { param: 'hyperparameters.freeze.headOnly', in: [false] } },
      ],
    };
    const s = simulate(toyStudy(space, { kind: 'tpe', seed: 1, nStartupTrials: 4 }, { trials: 20 }), (p) =>
      [p['hyperparameters.freeze.headOnly'] ? 0.5 : 0.6 + 0.1 * (p['hyperparameters.freeze.firstLayers'] as number)]);
    for (const t of s.trials) expect('hyperparameters.freeze.firstLayers' in t.params).toBe(t.params['hyperparameters.freeze.headOnly'] === false);
    // it learns: most later trials train the body and freeze 2–3 layers
    const late = s.trials.slice(10);
    expect(late.filter((t) => (t.params['hyperparameters.freeze.firstLayers'] as number) >= 2).length).toBeGreaterThanOrEqual(6);
  });
});

describe('median pruner (hand-made curves)', () => {
  it('prunes a trial whose best value so far is below the median of completed trials at that step, after warm-up', () => {
    const curves = [[0.5, 0.6, 0.7], [0.4, 0.5, 0.6], [0.3, 0.4, 0.5], [0.9, 0.2, 0.2], [0.1, 0.55, 0.1], [0.0, 0.0, 0.0]];
    const study = simulate(
      toyStudy({ params: [{ name: 'hyperparameters.seed', kind: 'int', low: 0, high: 9 }] }, { kind: 'random', seed: 0 },
        { trials: curves.length, pruner: { kind: 'median', nStartupTrials: 2, nWarmupSteps: 1, intervalSteps: 1 } }),
      (_, i) => curves[i],
    );
    // 2: 0.4 < median(0.6, 0.5) at step 1. 3: its best (0.9) is compared, never pruned. 4: 0.55 ≥ median(.6,.5,.2)
    // at step 1, < median(.7,.6,.2) at step 2. 5: step 0 is warm-up; at step 1, 0 < median.
    expect(study.trials.map((t) => t.state)).toEqual(['complete', 'complete', 'pruned', 'complete', 'pruned', 'pruned']);
    expect(study.trials.map((t) => Object.keys(t.intermediate).length)).toEqual([3, 3, 2, 3, 3, 2]);
  });

  it('minimising: prunes above the median; nothing before nStartupTrials complete', () => {
    const curves = [[1.0, 0.8], [1.2, 1.1], [2.0, 2.0], [0.9, 0.7], [1.5, 1.4]];
    const study = simulate(
      toyStudy({ params: [{ name: 'hyperparameters.seed', kind: 'int', low: 0, high: 9 }] }, { kind: 'random', seed: 0 },
        { trials: curves.length, direction: 'minimize', pruner: { kind: 'median', nStartupTrials: 3, nWarmupSteps: 0, intervalSteps: 1 } }),
      (_, i) => curves[i],
    );
    expect(study.trials.map((t) => t.state)).toEqual(['complete', 'complete', 'complete', 'complete', 'pruned']);
  });

  it('numpy nanpercentile interpolation', () => {
    expect(nanPercentile([3, 1, 2, NaN], 50)).toBe(2);
    expect(nanPercentile([4, 1, 2, 3], 50)).toBe(2.5);
    expect(nanPercentile([NaN], 50)).toBeNaN();
  });
});

describe('successive halving (hand-made curves)', () => {
  it('records rung values at minResource·η^r and stops trials outside the top 1/η', () => {
    const curves = [[0.5, 0.5, 0.5, 0.5, 0.5], [0.4, 0.4, 0.4, 0.4, 0.4], [0.6, 0.6, 0.6, 0.6, 0.6], [0.55, 0.45, 0.7, 0.7, 0.7]];
    const study = simulate(
      toyStudy({ params: [{ name: 'hyperparameters.seed', kind: 'int', low: 0, high: 9 }] }, { kind: 'random', seed: 0 },
        { trials: curves.length, pruner: { kind: 'asha', minResource: 1, reductionFactor: 2, minEarlyStoppingRate: 0 } }),
      (_, i) => curves[i],
    );
    // rungs at steps 1, 2, 4. Trial 1: 0.4 is not ≥ the best of [0.5, 0.4]. Trial 3: 0.45 is not in the top 2 of 4.
    expect(study.trials.map((t) => t.state)).toEqual(['complete', 'pruned', 'complete', 'pruned']);
    expect(study.trials.map((t) => t.rungs)).toEqual([[0.5, 0.5, 0.5], [0.4], [0.6, 0.6, 0.6], [0.45]]);
  });
});

describe('applyTrialParams and the default spaces', () => {
  it('writes each value at its JobSpec path and leaves the base untouched', () => {
    const base = toyStudy(TOY_SPACE, { kind: 'random', seed: 0 }).baseJob;
    const spec = applyTrialParams(base, { 'hyperparameters.learningRate': 3e-4, 'hyperparameters.freeze.embeddings': true, 'hyperparameters.warmup.value': 0.05 });
    expect(spec.hyperparameters.learningRate).toBe(3e-4);
    expect(spec.hyperparameters.freeze).toEqual({ ...base.hyperparameters.freeze, embeddings: true });
    expect(spec.hyperparameters.warmup).toEqual({ mode: 'ratio', value: 0.05 });
    expect(base.hyperparameters.learningRate).toBe(2e-5);
    expect(() => applyTrialParams(base, { 'dataset.id': 'x' })).toThrow(/dataset\.id is not a tunable hyperparameter/);
  });

  it('every default space yields valid JobSpecs for 50 random draws, and the default study is valid JSON data', () => {
    const base = toyStudy(TOY_SPACE, { kind: 'random', seed: 0 }).baseJob;
    for (const type of ['bert', 'distilbert', 'roberta', 'glove-pool', 'glove-cnn']) {
      const space = defaultSearchSpace(type);
      for (let i = 0; i < 50; i++) expect(validateJobSpec(applyTrialParams(base, suggestRandom(space, trialRng(1, i))))).toEqual([]);
    }
    const spec = defaultStudySpec({ modelType: 'bert', task: 'single_label_classification', trials: 12 });
    expect(spec).toMatchObject({ sampler: { kind: 'tpe', nStartupTrials: 4 }, pruner: { kind: 'median' }, objective: { metric: 'macro_f1', direction: 'maximize' }, budget: { trials: 12 } });
    expect(JSON.parse(JSON.stringify(spec))).toEqual(spec);
    expect(defaultStudySpec({ modelType: 'glove-pool', task: 'single_label_classification', sampler: 'grid' }).budget.trials).toBe(3 * 2 * 3 * 3);
    expect(() => defaultSearchSpace('gpt2')).toThrow(/no default search space for model_type "gpt2"/);
  });

  it('trials.csv: trial, state, value, duration_s and one column per parameter', () => {
    const s = simulate(toyStudy(TOY_SPACE, { kind: 'random', seed: 2 }, { trials: 2 }), (p) => [toyObjective(p)]);
    const lines = trialsCsv(s).trim().split('\n');
    expect(lines[0]).toBe('trial,state,value,duration_s,learningRate,epochs,schedule');
    expect(lines).toHaveLength(3);
    expect(lines[1].split(',').slice(0, 2)).toEqual(['0', 'complete']);
    expect(Number(lines[1].split(',')[4])).toBe(s.trials[0].params['hyperparameters.learningRate']);
  });
});
