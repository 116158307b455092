/**
 * Random search, and the draws every sampler shares. Each trial gets its own generator, a pure function
 * of (study seed, trial number): the same seed gives the same trials, and a resumed study draws the trials
 * it had not reached exactly as an uninterrupted one would, without storing generator state.
 */
import { createRng, type Rng } from '../../rng';
import { isActive, type SearchParam, type SearchSpace, type TrialParams } from '../space';

export function trialRng(seed: number, trialNumber: number): Rng {
  // Mix the two so neighbouring seeds and trial numbers give unrelated streams (mulberry32 starts from its state).
  const h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(trialNumber + 1, 0xc2b2ae35);
  const rng = createRng(h >>> 0);
  rng.next();
  return rng;
}

/** Uniform in [low, high). */
export function uniform(rng: Rng, low: number, high: number): number {
  return low + rng.next() * (high - low);
}

/** Standard normal (Box–Muller). */
export function normal(rng: Rng): number {
  const u = 1 - rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
}

/** One value from a parameter's prior, as Optuna's RandomSampler draws it. */
export function sampleRandom(param: SearchParam, rng: Rng): number | string | boolean {
  switch (param.kind) {
    case 'categorical':
      return param.choices[Math.min(param.choices.length - 1, Math.floor(rng.next() * param.choices.length))];
    case 'float':
      if (param.log) return Math.min(param.high, Math.exp(uniform(rng, Math.log(param.low), Math.log(param.high))));
      return uniform(rng, param.low, param.high);
    case 'int': {
      // Integers by rounding a draw over [low − ½, high + ½] (log-uniform when `log`), so each is equally wide.
      const lo = param.low - 0.5;
      const hi = param.high + 0.5;
      const v = param.log ? Math.exp(uniform(rng, Math.log(lo), Math.log(hi))) : uniform(rng, lo, hi);
      return Math.min(param.high, Math.max(param.low, Math.round(v)));
    }
    default: {
      const never: never = param;
      throw new Error(`unknown parameter kind ${JSON.stringify(never)}`);
    }
  }
}

/** Every active parameter drawn independently from its prior. */
export function suggestRandom(space: SearchSpace, rng: Rng): TrialParams {
  const params: TrialParams = {};
  for (const p of space.params) if (isActive(p, params)) params[p.name] = sampleRandom(p, rng);
  return params;
}
