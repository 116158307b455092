import { describe, expect, it } from 'vitest';
import type { TrainingData } from '../../src/core/data/types';
import { limitSplits } from '../../src/core/train/splitLimits';

const limitTrainExamples = (d: TrainingData, max: number, seed: number) => limitSplits(d, { train: max, evaluation: 0 }, seed);

function data(n: number): TrainingData {
  return {
    labelKind: 'single', labelNames: ['a', 'b'],
    texts: Array.from({ length: n }, (_, i) => `t${i}`),
    labels: Float32Array.from({ length: n }, (_, i) => i % 2),
    // every 5th row validation, every 7th test (when not validation), the rest train
    split: Uint8Array.from({ length: n }, (_, i) => (i % 5 === 0 ? 1 : i % 7 === 0 ? 2 : 0)),
    rowNumbers: Int32Array.from({ length: n }, (_, i) => i + 1),
  };
}

describe('limitSplits', () => {
  it('keeps exactly max train rows, every validation/test row, and aligned arrays', () => {
    const d = data(100);
    const out = limitTrainExamples(d, 10, 42);
    const count = (code: number, x: TrainingData) => x.split.filter((s) => s === code).length;
    expect(count(0, out)).toBe(10);
    expect(count(1, out)).toBe(count(1, d));
    expect(count(2, out)).toBe(count(2, d));
    for (let j = 0; j < out.texts.length; j++) {
      const r = out.rowNumbers[j] - 1;
      expect(out.texts[j]).toBe(`t${r}`);
      expect(out.labels[j]).toBe(r % 2);
      expect(out.split[j]).toBe(d.split[r]);
    }
    // original order kept
    expect([...out.rowNumbers]).toEqual([...out.rowNumbers].sort((a, b) => a - b));
  });
  it('is deterministic per seed and differs across seeds', () => {
    const d = data(200);
    const a = limitTrainExamples(d, 20, 1).rowNumbers.join();
    expect(limitTrainExamples(d, 20, 1).rowNumbers.join()).toBe(a);
    expect(limitTrainExamples(d, 20, 2).rowNumbers.join()).not.toBe(a);
  });
  it('returns the data unchanged when there is nothing to cut', () => {
    const d = data(30);
    expect(limitTrainExamples(d, 0, 1)).toBe(d);
    expect(limitTrainExamples(d, 1000, 1)).toBe(d);
  });
  it('cuts multi-hot label rows whole', () => {
    const d: TrainingData = { ...data(40), labelKind: 'multi', labelNames: ['x', 'y', 'z'],
      labels: Float32Array.from({ length: 120 }, (_, i) => (Math.floor(i / 3) + (i % 3)) % 2) };
    const out = limitTrainExamples(d, 5, 3);
    expect(out.labels.length).toBe(out.texts.length * 3);
    for (let j = 0; j < out.texts.length; j++) {
      const r = out.rowNumbers[j] - 1;
      expect([...out.labels.subarray(j * 3, j * 3 + 3)]).toEqual([...d.labels.subarray(r * 3, r * 3 + 3)]);
    }
  });
  it('cuts validation and test to the evaluation limit each, leaving train whole', () => {
    const d = data(300);
    const out = limitSplits(d, { train: 0, evaluation: 7 }, 5);
    const count = (code: number, x: TrainingData) => x.split.filter((s) => s === code).length;
    expect(count(1, out)).toBe(7);
    expect(count(2, out)).toBe(7);
    expect(count(0, out)).toBe(count(0, d));
  });
});
