/**
 * The geometry of the Train stage's line charts (MetricChart), as pure functions: axis ticks, scales, and
 * each series decimated to what the plot's pixels can show. A 3,000-step run's curves are drawn with at most
 * two points per pixel column, so a redraw costs the same at step 30 and at step 30,000.
 */

export interface XY {
  x: number;
  y: number;
}

/** The first and last point exactly, and in between the lowest and highest y of each of `buckets` equal slices of x. */
export function decimateMinMax(xy: readonly XY[], buckets: number): XY[] {
  if (xy.length <= 2 * buckets + 2) return xy.slice();
  const x0 = xy[0].x;
  const span = xy[xy.length - 1].x - x0 || 1;
  const bucketOf = (x: number) => Math.min(buckets - 1, Math.floor(((x - x0) / span) * buckets));
  const out: XY[] = [xy[0]];
  let lo = -1;
  let hi = -1;
  let current = -1;
  const flush = () => {
    if (lo < 0) return;
    // In x order, so the line goes through both extremes as the data did.
    for (const i of lo === hi ? [lo] : [Math.min(lo, hi), Math.max(lo, hi)]) out.push(xy[i]);
  };
  for (let i = 1; i < xy.length - 1; i++) {
    const b = bucketOf(xy[i].x);
    if (b !== current) {
      flush();
      current = b;
      lo = hi = i;
    } else {
      if (xy[i].y < xy[lo].y) lo = i;
      if (xy[i].y > xy[hi].y) hi = i;
    }
  }
  flush();
  out.push(xy[xy.length - 1]);
  return out;
}

export interface Axis {
  /** The domain drawn, [lo, hi]. */
  lo: number;
  hi: number;
  ticks: number[];
}

/** 1, 2 or 5 times a power of ten: the tick spacing nearest to `count` ticks over `span` (as d3's tickStep). */
function niceStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const m = raw / power;
  return (m >= Math.SQRT2 * 5 ? 10 : m >= Math.sqrt(10) ? 5 : m >= Math.SQRT2 ? 2 : 1) * power;
}

const roundTick = (v: number) => Number(v.toPrecision(12));

/** A value axis: the data's range widened to whole ticks (as recharts' 'auto' domain did). */
export function valueAxis(min: number, max: number, count = 4): Axis {
  if (!(Number.isFinite(min) && Number.isFinite(max))) return { lo: 0, hi: 1, ticks: [0, 1] };
  if (min === max) {
    const pad = Math.abs(min) * 0.1 || 1;
    return valueAxis(min - pad, max + pad, count);
  }
  const step = niceStep(max - min, count);
  const lo = roundTick(Math.floor(min / step) * step);
  const hi = roundTick(Math.ceil(max / step) * step);
  const ticks: number[] = [];
  for (let k = 0; lo + k * step <= hi + step * 1e-9; k++) ticks.push(roundTick(lo + k * step));
  return { lo, hi, ticks };
}

/** The step axis: exactly the data's range, whole-number ticks. */
export function stepAxis(min: number, max: number, count = 5): Axis {
  if (!(Number.isFinite(min) && Number.isFinite(max))) return { lo: 0, hi: 1, ticks: [0, 1] };
  if (min === max) return { lo: min - 1, hi: max + 1, ticks: [min] };
  const step = Math.max(1, niceStep(max - min, count));
  const ticks: number[] = [];
  for (let t = Math.ceil(min / step) * step; t <= max; t += step) ticks.push(roundTick(t));
  return { lo: min, hi: max, ticks };
}

/** Maps an axis's domain onto pixels [from, to] (for y, from is the bottom: pixel 0 is the top). */
export function scale(axis: Axis, from: number, to: number): (v: number) => number {
  const k = (to - from) / (axis.hi - axis.lo || 1);
  return (v) => from + (v - axis.lo) * k;
}

/** An SVG path through the points (already in pixels), rounded to tenths of a pixel. */
export function pathOf(xy: readonly XY[]): string {
  let d = '';
  for (let i = 0; i < xy.length; i++) d += `${i === 0 ? 'M' : 'L'}${Math.round(xy[i].x * 10) / 10},${Math.round(xy[i].y * 10) / 10}`;
  return d;
}

/** Index of the point whose x is nearest to `x` in `xs` (sorted ascending); -1 when empty. */
export function nearestIndex(xs: readonly number[], x: number): number {
  if (xs.length === 0) return -1;
  let lo = 0;
  let hi = xs.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] <= x) lo = mid;
    else hi = mid;
  }
  return Math.abs(xs[hi] - x) < Math.abs(xs[lo] - x) ? hi : lo;
}
