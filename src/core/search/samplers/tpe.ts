/**
 * Bayesian search with the Tree-structured Parzen Estimator, as Optuna 3.1's TPESampler (univariate):
 * the first `nStartupTrials` trials are random; after that the finished trials are ranked, the best
 * γ(n) = min(⌈0.1·n⌉, 25) form the "good" set and the rest the "bad" set, and for each parameter in turn
 * `nEiCandidates` values are drawn from the good Parzen estimator l(x) and the one maximising l(x) / g(x)
 * (the expected-improvement ratio) is taken. Pruned trials rank after every complete trial, further-run
 * ones first, by their last reported value; failed and running trials are ignored.
 */
import type { Rng } from '../../rng';
import { isActive, type SearchSpace, type TrialParams } from '../space';
import { lastIntermediate, type Study, type Trial } from '../study';
import { parzenEstimator, toInternal } from './parzen';
import { sampleRandom } from './random';

export const DEFAULT_TPE_STARTUP_TRIALS = 10;
export const DEFAULT_EI_CANDIDATES = 24;

export function gamma(n: number): number {
  return Math.min(Math.ceil(0.1 * n), 25);
}

/** Sort key (lexicographic, smaller is better): [−step, loss] with step = ∞ for complete trials, as Optuna. */
function rankKey(trial: Trial, sign: number): [number, number] {
  if (trial.state === 'complete') return [-Infinity, sign * trial.value!];
  const last = lastIntermediate(trial);
  if (!last) return [1, 0];
  return [-last.step, Number.isNaN(last.value) ? Infinity : sign * last.value];
}

/** The finished trials split into good (below) and bad (above), each in trial order. */
export function splitTrials(study: Study): { below: Trial[]; above: Trial[] } {
  const sign = study.spec.objective.direction === 'minimize' ? 1 : -1;
  const observed = study.trials.filter((t) => (t.state === 'complete' && t.value !== null) || t.state === 'pruned');
  const keys = observed.map((t) => rankKey(t, sign));
  // Stable sort by key; ties keep trial order (numpy's argsort(kind="stable")).
  const order = observed.map((_, i) => i).sort((a, b) => keys[a][0] - keys[b][0] || keys[a][1] - keys[b][1] || a - b);
  const nBelow = gamma(observed.length);
  const isBelow = new Set(order.slice(0, nBelow));
  return { below: observed.filter((_, i) => isBelow.has(i)), above: observed.filter((_, i) => !isBelow.has(i)) };
}

export function suggestTpe(study: Study, space: SearchSpace, rng: Rng): TrialParams {
  const nStartup = study.spec.sampler.nStartupTrials ?? DEFAULT_TPE_STARTUP_TRIALS;
  const nCandidates = study.spec.sampler.nEiCandidates ?? DEFAULT_EI_CANDIDATES;
  const observed = study.trials.filter((t) => (t.state === 'complete' && t.value !== null) || t.state === 'pruned').length;
  const params: TrialParams = {};
  if (observed < nStartup) {
    for (const p of space.params) if (isActive(p, params)) params[p.name] = sampleRandom(p, rng);
    return params;
  }
  const { below, above } = splitTrials(study);
  for (const p of space.params) {
    if (!isActive(p, params)) continue;
    // Trials where this (conditional) parameter was not sampled say nothing about it.
    const obs = (ts: Trial[]) => ts.filter((t) => t.params[p.name] !== undefined).map((t) => toInternal(p, t.params[p.name]));
    const good = parzenEstimator(p, obs(below));
    const bad = parzenEstimator(p, obs(above));
    const candidates = good.sample(rng, nCandidates);
    const l = good.logPdf(candidates);
    const g = bad.logPdf(candidates);
    let best = 0;
    for (let i = 1; i < candidates.length; i++) if (l[i] - g[i] > l[best] - g[best]) best = i;
    params[p.name] = good.external(candidates[best]);
  }
  return params;
}
