/** Whether to stop a trial after it reported `step` (its value is already in trial.intermediate). */
import type { Study, Trial } from '../study';
import { ashaShouldPrune } from './asha';
import { medianShouldPrune } from './median';

export function shouldPrune(study: Study, trial: Trial, step: number): boolean {
  const pruner = study.spec.pruner;
  switch (pruner.kind) {
    case 'none':
      return false;
    case 'median':
      return medianShouldPrune(pruner, study, trial, step);
    case 'asha':
      return ashaShouldPrune(pruner, study, trial, step);
    default: {
      const never: never = pruner;
      throw new Error(`unknown pruner ${JSON.stringify(never)}`);
    }
  }
}
