import { describe, expect, it } from 'vitest';
import { decimateMinMax, nearestIndex, pathOf, stepAxis, valueAxis, type XY } from '../../src/ui/components/train/lineChart';

/** A noisy decaying loss curve with a few spikes, one point per step. */
function lossCurve(n: number): XY[] {
  let seed = 7;
  const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  return Array.from({ length: n }, (_, i) => ({ x: i + 1, y: 2 * Math.exp(-i / 800) + 0.3 * rand() + (i % 997 === 500 ? 5 : 0) }));
}

describe('decimateMinMax', () => {
  const xy = lossCurve(30_000);
  const buckets = 364;
  const out = decimateMinMax(xy, buckets);

  it('keeps at most two points per bucket plus the first and last, in x order', () => {
    expect(out.length).toBeLessThanOrEqual(2 * buckets + 2);
    expect(out.length).toBeGreaterThan(buckets);
    expect(out[0]).toBe(xy[0]);
    expect(out.at(-1)).toBe(xy.at(-1));
    for (let i = 1; i < out.length; i++) expect(out[i].x).toBeGreaterThan(out[i - 1].x);
  });

  it('keeps every bucket\'s lowest and highest value (the spikes a pixel column shows)', () => {
    const kept = new Set(out);
    const span = xy.at(-1)!.x - xy[0].x;
    const byBucket = new Map<number, XY[]>();
    for (const p of xy.slice(1, -1)) {
      const b = Math.min(buckets - 1, Math.floor(((p.x - xy[0].x) / span) * buckets));
      byBucket.set(b, [...(byBucket.get(b) ?? []), p]);
    }
    expect(byBucket.size).toBe(buckets);
    for (const ps of byBucket.values()) {
      const ys = ps.map((p) => p.y);
      expect(ps.some((p) => kept.has(p) && p.y === Math.min(...ys))).toBe(true);
      expect(ps.some((p) => kept.has(p) && p.y === Math.max(...ys))).toBe(true);
    }
    // So the overall extremes survive too.
    expect(Math.max(...out.map((p) => p.y))).toBe(Math.max(...xy.map((p) => p.y)));
    expect(Math.min(...out.map((p) => p.y))).toBe(Math.min(...xy.map((p) => p.y)));
  });

  it('picks exactly each bucket\'s lowest and highest point, in x order, a lone point once', () => {
    const ys = [5, 1, 9, 3, 4, 2, 8, 0, 7, 6, 3, 5];
    const twelve = ys.map((y, x) => ({ x, y }));
    // x 1–5 fall in bucket 0 (lowest 1 at x 1, highest 9 at x 2), x 6–10 in bucket 1 (highest 8 at x 6, lowest 0 at x 7).
    expect(decimateMinMax(twelve, 2).map((p) => p.x)).toEqual([0, 1, 2, 6, 7, 11]);
    // Uneven steps, y = 0, 1, 2, 0, 1, 2, …: bucket 0 (x 1–4) keeps x 2 (2) and x 3 (0), bucket 1 only x 50,
    // bucket 2 (x 97–99) x 97 (0) and x 99 (2).
    const uneven = [0, 1, 2, 3, 4, 50, 97, 98, 99, 100].map((x, i) => ({ x, y: i % 3 }));
    expect(decimateMinMax(uneven, 3).map((p) => p.x)).toEqual([0, 2, 3, 50, 97, 99, 100]);
  });

  it('returns short series as they are', () => {
    const few = lossCurve(50);
    expect(decimateMinMax(few, buckets)).toEqual(few);
  });
});

describe('axes', () => {
  it('widens a value axis to whole ticks of 1, 2 or 5 × 10^k', () => {
    expect(valueAxis(0.23, 0.91)).toEqual({ lo: 0.2, hi: 1, ticks: [0.2, 0.4, 0.6, 0.8, 1] });
    expect(valueAxis(3e-5, 1.1e-4).ticks).toEqual([2e-5, 4e-5, 6e-5, 8e-5, 1e-4, 1.2e-4]);
    const flat = valueAxis(2, 2);
    expect(flat.lo).toBeLessThan(2);
    expect(flat.hi).toBeGreaterThan(2);
  });

  it('spans the steps exactly, with whole-number ticks', () => {
    expect(stepAxis(1, 3345)).toEqual({ lo: 1, hi: 3345, ticks: [500, 1000, 1500, 2000, 2500, 3000] });
    expect(stepAxis(1, 3).ticks).toEqual([1, 2, 3]);
    expect(stepAxis(5, 5)).toEqual({ lo: 4, hi: 6, ticks: [5] });
  });
});

describe('pathOf and nearestIndex', () => {
  it('draws a path through the points and finds the point nearest the pointer', () => {
    expect(pathOf([{ x: 1, y: 2 }, { x: 3.14159, y: 4 }])).toBe('M1,2L3.1,4');
    expect(nearestIndex([1, 5, 10, 20], 6)).toBe(1);
    expect(nearestIndex([1, 5, 10, 20], 16)).toBe(3);
    expect(nearestIndex([1, 5, 10, 20], -3)).toBe(0);
    expect(nearestIndex([], 3)).toBe(-1);
  });
});
