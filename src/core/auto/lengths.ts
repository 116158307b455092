/**
 * Sequence length: the histogram of the train texts' token counts, and the max length that covers about
 * 95 % of them. Cutting the longest 5 % costs little accuracy (the start of a text carries most of its
 * class) and saves time: attention costs grow with the square of the length, a CNN's with the length.
 */
import type { LengthBin, LengthSummary } from './types';

/** Share of the train texts the proposed max length keeps whole. */
export const LENGTH_COVERAGE = 0.95;
/** Proposed lengths are multiples of this (kernels like round shapes) and never below it. */
const LENGTH_STEP = 8;
const HISTOGRAM_BINS = 20;

/** The nearest-rank percentile (numpy's 'inverted_cdf'): the smallest length ≥ q of the values. */
export function percentileLength(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[rank - 1];
}

/** Equal-width bins from 0 to past the longest text, the width a whole number of tokens. */
export function lengthHistogram(sorted: ArrayLike<number>, bins = HISTOGRAM_BINS): LengthBin[] {
  const longest = sorted.length ? sorted[sorted.length - 1] : 0;
  const width = Math.max(1, Math.ceil((longest + 1) / bins));
  const out: LengthBin[] = Array.from({ length: Math.ceil((longest + 1) / width) }, (_, b) => ({ from: b * width, to: (b + 1) * width, count: 0 }));
  for (let i = 0; i < sorted.length; i++) out[Math.floor(sorted[i] / width)].count++;
  return out;
}

/**
 * The proposed max length: the 95th percentile rounded up to a multiple of 8, at least 8, at most what
 * the model's position table allows; and how many of the texts it cuts.
 */
export function summarizeLengths(lengths: ArrayLike<number>, maxPositions: number): LengthSummary {
  const sorted = Float64Array.from(lengths).sort();
  const p95 = percentileLength(sorted, LENGTH_COVERAGE);
  const rounded = Math.max(LENGTH_STEP, Math.ceil(p95 / LENGTH_STEP) * LENGTH_STEP);
  const proposed = Math.min(maxPositions, rounded);
  let cut = 0;
  for (let i = sorted.length - 1; i >= 0 && sorted[i] > proposed; i--) cut++;
  return { bins: lengthHistogram(sorted), p95, longest: sorted.length ? sorted[sorted.length - 1] : 0, proposed, cut, total: sorted.length };
}
