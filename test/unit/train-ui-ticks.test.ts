/** The run charts' axis labels: distinct ticks on a narrow learning-rate range, exponents for tiny values. */
import { describe, expect, it } from 'vitest';
import { formatTick } from '../../src/ui/components/train/formatTick';

describe('chart ticks', () => {
  it('keep neighbouring ticks of a narrow range distinct (the learning-rate axis read "0.002" on every tick)', () => {
    // The ticks recharts picks for a constant 0.002 learning rate, and for a decay from 0.002.
    for (const ticks of [[0.0015, 0.00175, 0.002, 0.00225, 0.0025], [0, 0.0005, 0.001, 0.0015, 0.002]]) {
      const labels = ticks.map(formatTick);
      expect(new Set(labels).size).toBe(ticks.length);
      labels.forEach((l, i) => expect(Number(l)).toBeCloseTo(ticks[i], 12));
    }
    expect([0.0015, 0.00175, 0.002].map(formatTick)).toEqual(['0.0015', '0.00175', '0.002']);
  });

  it('write tiny values with exponents and keep the rest short', () => {
    expect([2e-5, 1.75e-5, 1e-6].map(formatTick)).toEqual(['2e-5', '1.75e-5', '1e-6']);
    expect([0, 0.5, 0.693, 1.25, 12.5, 2048].map(formatTick)).toEqual(['0', '0.5', '0.693', '1.25', '12.5', '2048']);
  });
});
