/**
 * The search core against Optuna 3.1 (Debian's python3-optuna) as an independent reference: grid
 * enumeration, pruning decisions on the same curves, Parzen estimator kernels and densities, and TPE's
 * advantage over random search at the same budget. Skipped, with the reason, where Optuna is absent.
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng';
import { enumerateGrid } from '../../src/core/search/samplers';
import { kernels, observationWeights, parzenEstimator, toInternal } from '../../src/core/search/samplers/parzen';
import type { SearchParam, SearchSpace } from '../../src/core/search/space';
import { bestTrial, type PrunerSpec } from '../../src/core/search/study';
import { optuna, OPTUNA_MISSING, simulate, toyObjective, toyStudy, TOY_SPACE } from './search-helpers';

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const SEED_SPACE: SearchSpace = { params: [{ name: 'hyperparameters.seed', kind: 'int', low: 0, high: 9 }] };

/** Random curves of 6 steps, some with a gap, as reports a trial might make. */
function randomCurves(n: number, seed: number): (number | null)[][] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => {
    const start = rng.next();
    return Array.from({ length: 6 }, (_, s) => (rng.next() < 0.1 ? null : Number((start + 0.05 * s + 0.2 * (rng.next() - 0.5)).toFixed(4))));
  });
}

function prunedSteps(pruner: PrunerSpec, direction: 'maximize' | 'minimize', curves: (number | null)[][]): (number | null)[] {
  const study = simulate(toyStudy(SEED_SPACE, { kind: 'random', seed: 0 }, { trials: curves.length, pruner, direction }), (_, i) => curves[i]);
  return study.trials.map((t) => (t.state === 'pruned' ? Math.max(...Object.keys(t.intermediate).map(Number)) : null));
}

describe.skipIf(OPTUNA_MISSING !== null)(`search core against Optuna 3.1${OPTUNA_MISSING ? ` — skipped: ${OPTUNA_MISSING}` : ''}`, () => {
  it('grid: the same combinations as GridSampler, in its order when the parameters are listed by name', () => {
    const values = { 'hyperparameters.batchSize': [16, 32], 'hyperparameters.epochs': [2, 3, 4], 'hyperparameters.schedule': ['linear', 'cosine'] };
    const space: SearchSpace = {
      params: [
        { name: 'hyperparameters.batchSize', kind: 'categorical', choices: values['hyperparameters.batchSize'] },
        { name: 'hyperparameters.epochs', kind: 'int', low: 2, high: 4, grid: values['hyperparameters.epochs'] },
        { name: 'hyperparameters.schedule', kind: 'categorical', choices: values['hyperparameters.schedule'] },
      ],
    };
    expect(enumerateGrid(space)).toEqual(optuna({ task: 'grid', space: values }));
  });

  it.each([
    ['median, defaults', { kind: 'median', nStartupTrials: 5, nWarmupSteps: 0, intervalSteps: 1 }, 'maximize'],
    ['median, warm-up 2, interval 2', { kind: 'median', nStartupTrials: 3, nWarmupSteps: 2, intervalSteps: 2 }, 'maximize'],
    ['median, minimising', { kind: 'median', nStartupTrials: 2, nWarmupSteps: 1, intervalSteps: 1 }, 'minimize'],
    ['successive halving η 2', { kind: 'asha', minResource: 1, reductionFactor: 2, minEarlyStoppingRate: 0 }, 'maximize'],
    ['successive halving η 3, rate 1, minimising', { kind: 'asha', minResource: 1, reductionFactor: 3, minEarlyStoppingRate: 1 }, 'minimize'],
  ] as const)('%s: prunes the same trials at the same steps as Optuna', (_, pruner, direction) => {
    const handMade = [[0.5, 0.6, 0.7, 0.7, 0.7, 0.7], [0.4, 0.5, 0.6, 0.6, 0.6, 0.6], [0.3, 0.4, 0.5, 0.5, 0.5, 0.5], [0.9, 0.2, 0.2, 0.2, 0.2, 0.2], [0.1, 0.55, 0.1, null, 0.1, 0.1]];
    const curves = [...handMade, ...randomCurves(25, 11)];
    const ours = prunedSteps(pruner as PrunerSpec, direction, curves);
    const theirs = optuna<(number | null)[]>({ task: 'prune', pruner, direction, curves });
    expect(ours).toEqual(theirs);
    // the comparison means something: some trials are pruned and some are not
    expect(ours.some((s) => s !== null)).toBe(true);
    expect(ours.some((s) => s === null)).toBe(true);
  });

  it.each([
    ['float, log scale', { name: 'hyperparameters.learningRate', kind: 'float', low: 1e-5, high: 1e-1, log: true }, [1e-3, 2e-3, 5e-5, 0.05], [1e-5, 3e-4, 1e-3, 0.09]],
    ['float, linear', { name: 'hyperparameters.warmup.value', kind: 'float', low: 0, high: 0.2 }, [0.01, 0.02, 0.19], [0, 0.05, 0.1, 0.2]],
    ['int', { name: 'hyperparameters.epochs', kind: 'int', low: 1, high: 20 }, [3, 4, 18], [1, 3, 10, 20]],
    ['int, log scale', { name: 'hyperparameters.batchSize', kind: 'int', low: 4, high: 256, log: true }, [8, 16, 16], [4, 16, 100, 256]],
    ['categorical', { name: 'hyperparameters.schedule', kind: 'categorical', choices: ['linear', 'cosine', 'constant'] }, ['cosine', 'cosine', 'linear'], ['linear', 'cosine', 'constant']],
    ['no observations', { name: 'hyperparameters.warmup.value', kind: 'float', low: 0, high: 0.2 }, [], [0, 0.1]],
  ] as const)('Parzen estimator (%s): the same kernels, weights and log densities as Optuna', (_, param, obs, points) => {
    const p = param as unknown as SearchParam;
    const internalObs = obs.map((v) => toInternal(p, v));
    const internalPoints = points.map((v) => toInternal(p, v));
    const ref = optuna<{ weights: number[]; logPdf: number[]; mus?: number[]; sigmas?: number[] }>({
      task: 'parzen', dist: param, obs: p.kind === 'categorical' ? internalObs : obs, points: p.kind === 'categorical' ? internalPoints : points,
    });
    const w = [...observationWeights(obs.length), 1];
    const total = w.reduce((a, b) => a + b, 0);
    expect(w.map((x) => x / total)).toEqual(ref.weights.map((x) => expect.closeTo(x, 12)));
    if (p.kind !== 'categorical') {
      const isInt = p.kind === 'int';
      const lo = p.log ? Math.log(isInt ? p.low - 0.5 : p.low) : isInt ? p.low - 0.5 : p.low;
      const hi = p.log ? Math.log(isInt ? p.high + 0.5 : p.high) : isInt ? p.high + 0.5 : p.high;
      const k = kernels(internalObs, lo, hi);
      expect(k.mus).toEqual(ref.mus!.map((x) => expect.closeTo(x, 10)));
      expect(k.sigmas).toEqual(ref.sigmas!.map((x) => expect.closeTo(x, 10)));
    }
    const ours = parzenEstimator(p, internalObs).logPdf(internalPoints);
    // erfc to ~1e-7 relative: log densities agree to 1e-5
    expect(ours).toEqual(ref.logPdf.map((x) => expect.closeTo(x, 5)));
  });

  it('TPE beats random over 20 seeds at 30 trials, as Optuna’s does on the same function, and is no worse than Optuna’s', () => {
    const seeds = Array.from({ length: 20 }, (_, i) => i);
    const ours = { tpe: [] as number[], random: [] as number[] };
    for (const seed of seeds) {
      for (const kind of ['tpe', 'random'] as const) {
        const s = simulate(toyStudy(TOY_SPACE, { kind, seed, nStartupTrials: 10 }, { trials: 30 }), (p) => [toyObjective(p)]);
        ours[kind].push(bestTrial(s)!.value!);
      }
    }
    const theirs = optuna<{ tpe: number[]; random: number[] }>({ task: 'tpe-vs-random', seeds, trials: 30, startup: 10 });
    expect(mean(theirs.tpe)).toBeGreaterThan(mean(theirs.random));
    expect(mean(ours.tpe)).toBeGreaterThan(mean(ours.random));
    // regret (the optimum is 0): ours within 1.5× of Optuna's TPE
    expect(-mean(ours.tpe)).toBeLessThan(1.5 * -mean(theirs.tpe));
  }, 120_000);
});
