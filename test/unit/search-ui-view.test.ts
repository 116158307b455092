// The search view's numbers: importance against scipy (spearmanr, and η² by its definition in numpy),
// best-so-far, the scatter's points, the overlaid curves; and the form's field names and parsing.
import { describe, expect, it } from 'vitest';
import { createStudy, type Study, type StudySpec, type Trial } from '../../src/core/search/study';
import { averageRanks, bestSoFar, correlationRatio, overlaidCurves, parameterImportance, scatterPoints, spearman } from '../../src/ui/components/search/studyView';
import { fieldWords, newParam, parseChoices, withTrials } from '../../src/ui/components/search/searchDraft';
import { baseJob } from './search-helpers';

const SPEC: StudySpec = {
  version: 1,
  space: {
    params: [
      { name: 'hyperparameters.learningRate', kind: 'float', low: 1e-4, high: 1e-1, log: true },
      { name: 'hyperparameters.freeze.embeddings', kind: 'categorical', choices: [false, true] },
      { name: 'hyperparameters.epochs', kind: 'int', low: 1, high: 3 },
    ],
  },
  sampler: { kind: 'random', seed: 1 }, pruner: { kind: 'median', nStartupTrials: 1, nWarmupSteps: 0, intervalSteps: 1 },
  objective: { metric: 'macro_f1', direction: 'maximize' }, budget: { trials: 8 },
};

const LR = [0.001, 0.003, 0.0005, 0.01, 0.002, 0.003];
const FROZEN = [true, false, true, false, true, false];
const EPOCHS = [1, 2, 1, 2, 2, 1];
const VALUES = [0.80, 0.85, 0.70, 0.60, 0.90, 0.88];

function study(): Study {
  const s = createStudy(SPEC, baseJob());
  const t = (number: number, state: Trial['state'], value: number | null, intermediate: Record<string, number>): Trial => ({
    number, state, value, intermediate, durationS: 1, jobId: `trial-${number}`,
    params: { 'hyperparameters.learningRate': LR[number] ?? 0.05, 'hyperparameters.freeze.embeddings': FROZEN[number] ?? true, 'hyperparameters.epochs': EPOCHS[number] ?? 3 },
  });
  s.trials = VALUES.map((v, i) => t(i, 'complete', v, { 0: v - 0.1, 1: v }));
  // A pruned and a failed trial: neither has a value, so neither counts in importance, best-so-far or the scatter.
  s.trials.push(t(6, 'pruned', null, { 0: 0.2 }), t(7, 'failed', null, {}));
  return s;
}

describe('parameter importance', () => {
  it('ranks ties as scipy.stats.rankdata', () => {
    expect(averageRanks(LR)).toEqual([2, 4.5, 1, 6, 3, 4.5]);
  });

  it('matches scipy: Spearman ρ for numbers, η² for choices, over complete trials only', () => {
    // scipy.stats.spearmanr(LR, VALUES).statistic and spearmanr(EPOCHS, VALUES).statistic
    const rhoLr = -0.05797710356524484;
    const rhoEpochs = 0.09759000729485333;
    // Σ n_g (ȳ_g − ȳ)² / Σ (y − ȳ)², in numpy
    const etaFrozen = 0.01199510403916755;
    expect(spearman(LR, VALUES)).toBeCloseTo(rhoLr, 14);
    expect(spearman(EPOCHS, VALUES)).toBeCloseTo(rhoEpochs, 14);
    expect(correlationRatio(FROZEN.map(String), VALUES)).toBeCloseTo(etaFrozen, 14);

    const sum = rhoLr ** 2 + rhoEpochs ** 2 + etaFrozen;
    const imp = parameterImportance(study());
    expect(imp.map((r) => r.name)).toEqual(['hyperparameters.freeze.embeddings', 'hyperparameters.epochs', 'hyperparameters.learningRate']);
    expect(imp.map((r) => r.trials)).toEqual([6, 6, 6]);
    expect(imp[0].explained).toBeCloseTo(etaFrozen, 14);
    expect(imp[1].explained).toBeCloseTo(rhoEpochs ** 2, 14);
    expect(imp[2].explained).toBeCloseTo(rhoLr ** 2, 14);
    expect(imp.map((r) => r.share)).toEqual([etaFrozen / sum, rhoEpochs ** 2 / sum, rhoLr ** 2 / sum].map((x) => expect.closeTo(x, 14)));
  });

  it('shows nothing below 3 complete trials, and 0 for a constant parameter', () => {
    const s = study();
    s.trials = s.trials.slice(0, 2);
    expect(parameterImportance(s)).toEqual([]);
    expect(spearman([1, 1, 1], [1, 2, 3])).toBe(0);
    expect(correlationRatio(['a', 'b', 'c'], [2, 2, 2])).toBe(0);
  });
});

describe('search view series', () => {
  it('best so far steps up with each new best and holds through pruned and failed trials', () => {
    expect(bestSoFar(study())).toEqual([
      { trial: 0, value: 0.80, best: 0.80 }, { trial: 1, value: 0.85, best: 0.85 }, { trial: 2, value: 0.70, best: 0.85 },
      { trial: 3, value: 0.60, best: 0.85 }, { trial: 4, value: 0.90, best: 0.90 }, { trial: 5, value: 0.88, best: 0.90 },
      { trial: 6, value: null, best: 0.90 }, { trial: 7, value: null, best: 0.90 },
    ]);
  });

  it('scatters complete trials against one parameter, booleans as their names', () => {
    expect(scatterPoints(study(), 'hyperparameters.freeze.embeddings').map((p) => [p.trial, p.x, p.y]))
      .toEqual(VALUES.map((v, i) => [i, String(FROZEN[i]), v]));
    expect(scatterPoints(study(), 'hyperparameters.learningRate').map((p) => p.x)).toEqual(LR);
  });

  it('overlays every trial that reported, by evaluation step', () => {
    const rows = overlaidCurves(study());
    expect(rows.map((r) => r.step)).toEqual([0, 1]);
    expect(rows[0].t6).toBe(0.2);
    expect(rows[1].t6).toBeUndefined();
    expect(rows[1].t4).toBe(0.9);
    expect(rows[0].t4).toBeCloseTo(0.8, 12);
  });
});

describe('search form', () => {
  it('names a field in words', () => {
    expect(fieldWords('space.params[0].low', SPEC)).toBe('Learning rate, low');
    expect(fieldWords('space.params[1].choices[1]', SPEC)).toBe('Freeze embeddings, choice 2');
    expect(fieldWords('budget.trials', SPEC)).toBe('Budget: trials');
    expect(fieldWords('space.params', SPEC)).toBe('What to tune');
  });

  it('parses typed choices by the field kind, keeping what does not parse for the validator to name', () => {
    expect(parseChoices('16, 32,,64', 'hyperparameters.batchSize')).toEqual([16, 32, 64]);
    expect(parseChoices('16, big', 'hyperparameters.batchSize')).toEqual([16, 'big']);
    expect(parseChoices('false, true, maybe', 'hyperparameters.freeze.embeddings')).toEqual([false, true, 'maybe']);
    expect(parseChoices('linear, cosine', 'hyperparameters.schedule')).toEqual(['linear', 'cosine']);
  });

  it('adds a parameter around the base job value, and TPE start-up trials follow the budget', () => {
    const job = baseJob();
    expect(newParam('hyperparameters.learningRate', job)).toEqual({ name: 'hyperparameters.learningRate', kind: 'float', low: job.hyperparameters.learningRate / 3, high: job.hyperparameters.learningRate * 3, log: true });
    expect(newParam('hyperparameters.epochs', job)).toEqual({ name: 'hyperparameters.epochs', kind: 'int', low: Math.max(1, Math.round(job.hyperparameters.epochs / 2)), high: job.hyperparameters.epochs * 2 });
    expect(newParam('hyperparameters.schedule', job)).toEqual({ name: 'hyperparameters.schedule', kind: 'categorical', choices: ['linear', 'cosine', 'constant'] });
    const tpe = { ...SPEC, sampler: { kind: 'tpe' as const, seed: 1, nStartupTrials: 3 } };
    expect(withTrials(tpe, 30).sampler.nStartupTrials).toBe(10);
    expect(withTrials(tpe, 6).sampler.nStartupTrials).toBe(3);
    expect(withTrials(tpe, undefined).budget).toEqual({});
  });
});
