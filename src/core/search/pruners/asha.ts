/**
 * Asynchronous successive halving, as Optuna 3.1's SuccessiveHalvingPruner with a fixed min_resource:
 * rung r sits at step minResource · η^(s + r). A trial reaching a rung records its value there and goes on
 * only if it is in the top ⌊n/η⌋ of the n values recorded at that rung so far (the first ones, while
 * fewer than η have reached it, only if they are the best). Records rung values on the trial.
 */
import type { AshaPrunerSpec, Study, Trial } from '../study';

function promotable(value: number, competing: number[], eta: number, maximize: boolean): boolean {
  let idx = Math.floor(competing.length / eta) - 1;
  if (idx === -1) idx = 0;
  const sorted = [...competing].sort((a, b) => a - b);
  return maximize ? value >= sorted[sorted.length - 1 - idx] : value <= sorted[idx];
}

export function ashaShouldPrune(spec: AshaPrunerSpec, study: Study, trial: Trial, step: number): boolean {
  const value = trial.intermediate[step];
  if (value === undefined) return false;
  const maximize = study.spec.objective.direction === 'maximize';
  trial.rungs ??= [];
  for (;;) {
    const rung = trial.rungs.length;
    const promotionStep = spec.minResource * spec.reductionFactor ** (spec.minEarlyStoppingRate + rung);
    if (step < promotionStep) return false;
    if (Number.isNaN(value)) return true;
    trial.rungs.push(value);
    const competing = study.trials
      .filter((t) => t.number !== trial.number && t.rungs !== undefined && t.rungs.length > rung)
      .map((t) => t.rungs![rung]);
    competing.push(value);
    if (!promotable(value, competing, spec.reductionFactor, maximize)) return true;
  }
}
