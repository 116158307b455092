/** The next trial's parameters for any sampler kind; null when a grid is exhausted. */
import { studyBaseTrial } from '../baseTrial';
import type { TrialParams } from '../space';
import type { Study } from '../study';
import { enumerateGrid } from './grid';
import { suggestRandom, trialRng } from './random';
import { suggestTpe } from './tpe';

export { enumerateGrid, gridSize } from './grid';

export function suggest(study: Study): TrialParams | null {
  const { sampler, space } = study.spec;
  const number = study.trials.length;
  const base = number === 0 ? studyBaseTrial(study.spec, study.baseJob) : null;
  if (base && 'params' in base) return base.params;
  switch (sampler.kind) {
    case 'grid':
      return enumerateGrid(space)[number] ?? null;
    case 'random':
      return suggestRandom(space, trialRng(sampler.seed, number));
    case 'tpe':
      return suggestTpe(study, space, trialRng(sampler.seed, number));
    default: {
      const never: never = sampler.kind;
      throw new Error(`unknown sampler ${String(never)}`);
    }
  }
}
