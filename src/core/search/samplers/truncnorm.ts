/**
 * The truncated normal distribution TPE's Parzen estimators are made of: log density, log probability
 * mass of an interval, and sampling. Doubles only; erfc to ~1e-7 relative error is plenty for comparing
 * densities.
 */
import type { Rng } from '../../rng';
import { normal } from './random';

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** Complementary error function (Numerical Recipes' Chebyshev fit, fractional error < 1.2e-7). */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 +
    t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return x >= 0 ? r : 2 - r;
}

/** Standard normal CDF. */
export function ndtr(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

/** log(Φ(b) − Φ(a)) for a < b (standardised bounds), computed in the tail where it is accurate. */
export function logGaussMass(a: number, b: number): number {
  // Both bounds right of 0: use the upper tail, where Φ(−a) − Φ(−b) does not cancel.
  const mass = a > 0 ? ndtr(-a) - ndtr(-b) : ndtr(b) - ndtr(a);
  return Math.log(Math.max(mass, Number.MIN_VALUE));
}

/** Log density at x of N(mu, sigma²) truncated to [low, high]. */
export function truncnormLogPdf(x: number, mu: number, sigma: number, low: number, high: number): number {
  if (x < low || x > high) return -Infinity;
  const z = (x - mu) / sigma;
  return -0.5 * z * z - LOG_SQRT_2PI - Math.log(sigma) - logGaussMass((low - mu) / sigma, (high - mu) / sigma);
}

/**
 * A draw from N(mu, sigma²) truncated to [low, high], by rejection. The estimators keep mu inside the
 * bounds and sigma ≤ high − low, so at least a third of the draws are accepted; the clamp is a backstop.
 */
export function truncnormSample(rng: Rng, mu: number, sigma: number, low: number, high: number): number {
  for (let i = 0; i < 1000; i++) {
    const x = mu + sigma * normal(rng);
    if (x >= low && x <= high) return x;
  }
  return Math.min(high, Math.max(low, mu));
}
