import { describe, expect, it } from 'vitest';
import { lrAt, lrMultiplier, stepsPerEpochFor, warmupStepsFor } from '../../src/core/train/schedule';

// Values computed by hand from transformers' lr_lambda formulas (optimization.py).
describe('learning-rate schedules', () => {
  it('linear with warmup: ramps up from 0, then decays linearly to 0 at the last step', () => {
    const got = Array.from({ length: 11 }, (_, s) => lrMultiplier(s, 10, 2, 'linear'));
    expect(got).toEqual([0, 0.5, 1, 7 / 8, 6 / 8, 5 / 8, 4 / 8, 3 / 8, 2 / 8, 1 / 8, 0]);
    expect(lrMultiplier(12, 10, 2, 'linear')).toBe(0); // clamped past the end
  });

  it('cosine with warmup: half a cosine from 1 to 0', () => {
    expect(lrMultiplier(1, 10, 2, 'cosine')).toBe(0.5);
    expect(lrMultiplier(2, 10, 2, 'cosine')).toBe(1);
    expect(lrMultiplier(4, 10, 2, 'cosine')).toBeCloseTo(0.5 * (1 + Math.SQRT1_2), 15); // progress 1/4
    expect(lrMultiplier(6, 10, 2, 'cosine')).toBeCloseTo(0.5, 15); // progress 1/2
    expect(lrMultiplier(10, 10, 2, 'cosine')).toBeCloseTo(0, 15);
  });

  it('constant with warmup', () => {
    expect([0, 1, 2, 3, 4, 9].map((s) => lrMultiplier(s, 10, 4, 'constant'))).toEqual([0, 0.25, 0.5, 0.75, 1, 1]);
  });

  it('no warmup starts at the peak; lrAt scales by the peak rate', () => {
    expect(lrMultiplier(0, 4, 0, 'linear')).toBe(1);
    expect(lrAt(1, 4, 0, 'linear', 2e-5)).toBeCloseTo(1.5e-5, 20);
    expect(lrAt(0, 4, 0, 'cosine', 3)).toBe(3);
  });

  it('warmup steps and steps per epoch as in HF TrainingArguments/Trainer', () => {
    expect(warmupStepsFor({ mode: 'ratio', value: 0.1 }, 25)).toBe(3); // ceil(2.5)
    expect(warmupStepsFor({ mode: 'steps', value: 7 }, 25)).toBe(7);
    expect(stepsPerEpochFor(100, 16, 1)).toBe(7); // 7 batches, last one of 4
    expect(stepsPerEpochFor(100, 16, 2)).toBe(4); // 7 batches in groups of 2, last group 1 batch
    expect(stepsPerEpochFor(3, 16, 4)).toBe(1);
  });
});
