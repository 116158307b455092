import { describe, expect, it } from 'vitest';
import { applyThresholds, countsAt, precisionRecallCurve, tuneThreshold, tuneThresholds } from '../../src/core/predict/thresholds';
import { predictRow, probabilities } from '../../src/core/predict/batch';

// Nine validation rows, scores for the positive class, hand-checked:
// at >= 0.45 → tp 4, fp 1, fn 1 → P 0.8, R 0.8, F1 0.8 (the best); at 0.5 → tp 3, fp 1, fn 2 → F1 2/3.
const scores = [0.9, 0.8, 0.7, 0.6, 0.45, 0.4, 0.3, 0.2, 0.1];
const truth = [1, 1, 0, 1, 1, 0, 0, 1, 0];

describe('threshold tuning', () => {
  it('gives the precision–recall curve point by point', () => {
    const curve = precisionRecallCurve(scores, truth);
    expect(curve.map((p) => p.threshold)).toEqual(scores);
    expect(curve[4]).toMatchObject({ threshold: 0.45, precision: 0.8, recall: 0.8 });
    expect(curve[4].score).toBeCloseTo(0.8, 12);
    expect(curve[7].precision).toBeCloseTo(5 / 8, 12);
    expect(curve[7].recall).toBe(1);
  });

  it('picks the F1-maximising threshold between two scores and reports the gain over 0.5', () => {
    const t = tuneThreshold(scores, truth, 'f1');
    expect(t.threshold).toBeCloseTo(0.425, 12);
    expect(t.score).toBeCloseTo(0.8, 12);
    expect(t.defaultScore).toBeCloseTo(2 / 3, 12);
  });

  it('tunes for another metric (accuracy) to a different threshold', () => {
    // accuracy: at 0.45 → 7/9, at 0.2 → 6/9, at 0.8 → 6/9: 0.45 stays best; balanced accuracy too.
    expect(tuneThreshold(scores, truth, 'accuracy').score).toBeCloseTo(7 / 9, 12);
    // F2 weighs recall: threshold 0.2 gives P 5/8, R 1 → F2 = 5·(5/8)/(4·5/8+1) = 0.8929 > 0.8 at 0.45.
    const f2 = tuneThreshold(scores, truth, 'f2');
    expect(f2.threshold).toBeCloseTo(0.15, 12);
    expect(f2.score).toBeCloseTo((5 * 0.625) / (4 * 0.625 + 1), 12);
  });

  it('never splits tied scores', () => {
    const curve = precisionRecallCurve([0.7, 0.7, 0.7, 0.2], [1, 0, 1, 0]);
    expect(curve.map((p) => p.threshold)).toEqual([0.7, 0.2]);
    expect(countsAt([0.7, 0.7, 0.7, 0.2], [1, 0, 1, 0], 0.7)).toEqual({ tp: 2, fp: 1, fn: 0, tn: 1 });
  });

  it('tunes binary on label 1 and multi-label per label', () => {
    const probs = scores.flatMap((s) => [1 - s, s]);
    const bin = tuneThresholds(probs, truth, 'single_label_classification', ['ham', 'spam']);
    expect(Object.keys(bin!.values)).toEqual(['spam']);
    expect(bin!.values.spam).toBeCloseTo(0.425, 12);
    // Multi-label: label a has the crafted scores, label b is perfectly separable at 0.3.
    const b = [0.35, 0.1, 0.32, 0.05, 0.31, 0.2, 0.29, 0.4, 0.0];
    const bTruth = b.map((v) => (v >= 0.3 ? 1 : 0));
    const multi = tuneThresholds(scores.flatMap((s, i) => [s, b[i]]), truth.flatMap((t, i) => [t, bTruth[i]]), 'multi_label_classification', ['a', 'b']);
    expect(multi!.values.a).toBeCloseTo(0.425, 12);
    expect(multi!.values.b).toBeCloseTo((0.31 + 0.29) / 2, 12);
    expect(multi!.tunedScore).toBeCloseTo((0.8 + 1) / 2, 12);
    expect(tuneThresholds([0.2, 0.3, 0.5], [0], 'single_label_classification', ['x', 'y', 'z'])).toBeUndefined();
  });

  it('applies thresholds to predictions', () => {
    const th = { metric: 'f1', values: { spam: 0.3 } };
    expect(applyThresholds([0.75, 0.25], 'single_label_classification', ['ham', 'spam'])).toEqual([0]);
    expect(applyThresholds([0.65, 0.35], 'single_label_classification', ['ham', 'spam'], th)).toEqual([1]);
    expect(predictRow([0.2, 0.9, 0.6], 'multi_label_classification', ['a', 'b', 'c'], { metric: 'f1', values: { b: 0.95, c: 0.5 } }).labels).toEqual(['c']);
    expect(predictRow([0.1, 0.7, 0.2], 'single_label_classification', ['a', 'b', 'c']).labels).toEqual(['b']);
  });

  it('turns logits into probabilities per task', () => {
    const p = probabilities([0, Math.log(3), 1000, 1000], 2, 'single_label_classification');
    expect(Array.from(p)).toEqual([expect.closeTo(0.25, 7), expect.closeTo(0.75, 7), 0.5, 0.5]);
    expect(probabilities([0, Math.log(3)], 2, 'multi_label_classification')[1]).toBeCloseTo(0.75, 7);
    expect(Array.from(probabilities([-2.5], 1, 'regression'))).toEqual([-2.5]);
  });
});
