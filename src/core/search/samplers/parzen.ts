/**
 * One parameter's Parzen estimator, as Optuna 3.1's univariate `_ParzenEstimator`: a weighted mixture with
 * one truncated-normal kernel per observation plus a prior kernel (numbers, in log space for log
 * parameters), or one smoothed one-hot row per observation plus a uniform prior row (categoricals).
 * Kernel widths: the larger gap to a sorted neighbour, clipped to [(high − low) / min(100, n + 1), high − low].
 */
import type { Rng } from '../../rng';
import type { SearchParam } from '../space';
import { logGaussMass, truncnormLogPdf, truncnormSample } from './truncnorm';

const PRIOR_WEIGHT = 1;

/** Optuna's default_weights: equal up to 25 observations, then the oldest ramp down. */
export function observationWeights(n: number): number[] {
  if (n < 25) return new Array<number>(n).fill(1);
  const ramp = Array.from({ length: n - 25 }, (_, i) => (n - 25 === 1 ? 1 / n : 1 / n + (i * (1 - 1 / n)) / (n - 26)));
  return [...ramp, ...new Array<number>(25).fill(1)];
}

/** Observations → internal numbers: log for log parameters, the choice's index for categoricals. */
export function toInternal(param: SearchParam, value: number | string | boolean): number {
  if (param.kind === 'categorical') return param.choices.findIndex((c) => c === value);
  return param.log ? Math.log(value as number) : (value as number);
}

export interface ParzenEstimator {
  sample(rng: Rng, size: number): number[];
  /** Log density (numbers) or log probability (integers, categoricals) of internal values. */
  logPdf(xs: number[]): number[];
  /** Internal value → the parameter's value (rounded and clipped integers, exp for log). */
  external(x: number): number | string | boolean;
}

function normalise(ws: number[]): number[] {
  const s = ws.reduce((a, b) => a + b, 0);
  return ws.map((w) => w / s);
}

function pickComponent(rng: Rng, weights: number[]): number {
  const u = rng.next();
  let acc = 0;
  for (let i = 0; i < weights.length; i++) {
    acc += weights[i];
    if (u < acc) return i;
  }
  return weights.length - 1;
}

function logSumExp(xs: number[]): number {
  const m = Math.max(...xs);
  if (m === -Infinity) return -Infinity;
  return m + Math.log(xs.reduce((a, x) => a + Math.exp(x - m), 0));
}

/** Mixture weights: one per observation and the prior last. */
function mixtureWeights(n: number): number[] {
  return normalise([...observationWeights(n), PRIOR_WEIGHT]);
}

function categoricalEstimator(param: Extract<SearchParam, { kind: 'categorical' }>, obs: number[]): ParzenEstimator {
  const k = param.choices.length;
  const weights = mixtureWeights(obs.length);
  const fill = PRIOR_WEIGHT / (obs.length + 1);
  const rows = [...obs, -1].map((o) => normalise(Array.from({ length: k }, (_, c) => fill + (c === o ? 1 : 0))));
  const mixed = Array.from({ length: k }, (_, c) => rows.reduce((a, row, i) => a + weights[i] * row[c], 0));
  return {
    sample: (rng, size) => Array.from({ length: size }, () => pickComponent(rng, rows[pickComponent(rng, weights)])),
    logPdf: (xs) => xs.map((x) => Math.log(mixed[x])),
    external: (x) => param.choices[x],
  };
}

/** Kernel centres and widths for numeric observations (Optuna's _calculate_numerical_params, univariate). */
export function kernels(obs: number[], low: number, high: number): { mus: number[]; sigmas: number[] } {
  const mus = [...obs, 0.5 * (low + high)];
  const n = obs.length;
  const order = mus.map((_, i) => i).sort((a, b) => mus[a] - mus[b]);
  const sorted = [low, ...order.map((i) => mus[i]), high];
  const sortedSigmas = order.map((_, j) => Math.max(sorted[j + 1] - sorted[j], sorted[j + 2] - sorted[j + 1]));
  if (sorted.length >= 4) {
    // consider_endpoints=False: the outermost kernels look only inwards.
    sortedSigmas[0] = sorted[2] - sorted[1];
    sortedSigmas[sortedSigmas.length - 1] = sorted[sorted.length - 2] - sorted[sorted.length - 3];
  }
  const sigmas = new Array<number>(mus.length);
  order.forEach((i, j) => { sigmas[i] = sortedSigmas[j]; });
  const maxSigma = high - low;
  const minSigma = (high - low) / Math.min(100, 1 + mus.length);
  for (let i = 0; i < sigmas.length; i++) sigmas[i] = Math.min(maxSigma, Math.max(minSigma, sigmas[i]));
  sigmas[n] = high - low;
  return { mus, sigmas };
}

function numericEstimator(param: Extract<SearchParam, { kind: 'float' | 'int' }>, obs: number[]): ParzenEstimator {
  const isInt = param.kind === 'int';
  const discrete = isInt && !param.log;
  // Integers widen the range by half a step on each side so the end values are as wide as the others.
  const low = isInt ? (param.log ? Math.log(param.low - 0.5) : param.low - 0.5) : (param.log ? Math.log(param.low) : param.low);
  const high = isInt ? (param.log ? Math.log(param.high + 0.5) : param.high + 0.5) : (param.log ? Math.log(param.high) : param.high);
  const weights = mixtureWeights(obs.length);
  const { mus, sigmas } = kernels(obs, low, high);
  const logW = weights.map(Math.log);
  const external = (x: number): number => {
    if (!isInt) return param.log ? Math.min(param.high, Math.max(param.low, Math.exp(x))) : x;
    const v = Math.round(param.log ? Math.exp(x) : x);
    return Math.min(param.high, Math.max(param.low, v));
  };
  const logPdfOne = (x: number): number => logSumExp(mus.map((mu, i) => {
    if (!discrete) return logW[i] + truncnormLogPdf(x, mu, sigmas[i], low, high);
    // Integers: the kernel's mass over [x − ½, x + ½] within the bounds.
    const s = sigmas[i];
    const mass = logGaussMass((Math.max(x - 0.5, low) - mu) / s, (Math.min(x + 0.5, high) - mu) / s) - logGaussMass((low - mu) / s, (high - mu) / s);
    return logW[i] + mass;
  }));
  return {
    sample: (rng, size) => Array.from({ length: size }, () => {
      const i = pickComponent(rng, weights);
      const x = truncnormSample(rng, mus[i], sigmas[i], low, high);
      // Back to the internal scale the densities use: integers are rounded first.
      const ext = external(x);
      return param.log ? Math.log(ext) : ext;
    }),
    logPdf: (xs) => xs.map(logPdfOne),
    external,
  };
}

export function parzenEstimator(param: SearchParam, obs: number[]): ParzenEstimator {
  return param.kind === 'categorical' ? categoricalEstimator(param, obs) : numericEstimator(param, obs);
}
