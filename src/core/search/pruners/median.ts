/**
 * Optuna 3.1's MedianPruner (PercentilePruner at 50): once `nStartupTrials` trials have completed and the
 * trial is past `nWarmupSteps`, at the first report in each `intervalSteps` window, prune the trial when its
 * best value so far is worse than the median of the completed trials' values at the same step.
 */
import type { MedianPrunerSpec, Study, Trial } from '../study';

/** numpy.nanpercentile(values, q) with linear interpolation; NaN when no value is a number. */
export function nanPercentile(values: number[], q: number): number {
  const xs = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (xs.length === 0) return NaN;
  const pos = (q / 100) * (xs.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo);
}

/** Whether `step` is the first report at or after the latest pruning check point (Optuna's _is_first_in_interval_step). */
export function isFirstInIntervalStep(step: number, reportedSteps: number[], nWarmupSteps: number, intervalSteps: number): boolean {
  const nearestLowerPruningStep = Math.floor((step - nWarmupSteps) / intervalSteps) * intervalSteps + nWarmupSteps;
  let secondLast = -1;
  for (const s of reportedSteps) if (s > secondLast && s !== step) secondLast = s;
  return secondLast < nearestLowerPruningStep;
}

export function medianShouldPrune(spec: MedianPrunerSpec, study: Study, trial: Trial, step: number): boolean {
  const completed = study.trials.filter((t) => t.state === 'complete' && t.number !== trial.number);
  if (completed.length === 0 || completed.length < spec.nStartupTrials) return false;
  if (step < spec.nWarmupSteps) return false;
  const steps = Object.keys(trial.intermediate).map(Number);
  if (!isFirstInIntervalStep(step, steps, spec.nWarmupSteps, spec.intervalSteps)) return false;
  const maximize = study.spec.objective.direction === 'maximize';
  const own = Object.values(trial.intermediate).filter((v) => !Number.isNaN(v));
  if (own.length === 0) return true;
  const best = maximize ? Math.max(...own) : Math.min(...own);
  const atStep = completed.map((t) => t.intermediate[step]).filter((v): v is number => v !== undefined);
  if (atStep.length < 1) return false;
  const median = nanPercentile(atStep, 50);
  if (Number.isNaN(median)) return false;
  return maximize ? best < median : best > median;
}
