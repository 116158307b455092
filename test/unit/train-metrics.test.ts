import { describe, expect, it } from 'vitest';
import { multiLabelMetrics, regressionMetrics, singleLabelMetrics, metricValue } from '../../src/core/train/metrics';
import { balancedClassWeights, classCounts, epochBatches, oversampleRows } from '../../src/core/train/data';
import { checkpointsToPrune, type CheckpointSummary } from '../../src/core/train/checkpoint';
import { groupPeakLr, trainableGroups } from '../../src/core/train/groups';
import { presetHyperparameters } from '../../src/core/spec/jobSpec';

describe('metrics (hand-computed)', () => {
  it('single-label: confusion matrix, per-class P/R/F1, macro-F1, accuracy', () => {
    // truth:  a a a a b b c c c c ; pred: a a b c b a c c c a
    const t = [0, 0, 0, 0, 1, 1, 2, 2, 2, 2];
    const p = [0, 0, 1, 2, 1, 0, 2, 2, 2, 0];
    const m = singleLabelMetrics(t, p, ['a', 'b', 'c'], 0.5);
    expect(m.confusion).toEqual([[2, 1, 1], [1, 1, 0], [1, 0, 3]]);
    expect(m.accuracy).toBeCloseTo(6 / 10, 12);
    // a: P 2/4, R 2/4, F1 .5 ; b: P 1/2, R 1/2, F1 .5 ; c: P 3/4, R 3/4, F1 .75
    expect(m.perClass.map((c) => [c.precision, c.recall, c.f1, c.support])).toEqual([[0.5, 0.5, 0.5, 4], [0.5, 0.5, 0.5, 2], [0.75, 0.75, 0.75, 4]]);
    expect(m.macro_f1).toBeCloseTo((0.5 + 0.5 + 0.75) / 3, 12);
    expect(metricValue(m, 'macro_f1')).toBe(m.macro_f1);
    expect(metricValue(m, 'r2')).toBeUndefined();
  });

  it('single-label: a class never predicted has precision 0 (not NaN)', () => {
    const m = singleLabelMetrics([0, 1, 1], [0, 0, 0], ['x', 'y'], 0);
    expect(m.perClass[1]).toMatchObject({ precision: 0, recall: 0, f1: 0, support: 2 });
    expect(m.perClass[0].f1).toBeCloseTo(2 * (1 / 3) / (1 + 1 / 3), 12); // P 1/3, R 1
  });

  it('multi-label: micro/macro F1 and exact match at threshold 0.5', () => {
    const targets = [1, 0, 1, 1, 0, 0];
    const probs = [0.9, 0.6, 0.2, 0.7, 0.1, 0.5];
    // label 0: tp 2 ; label 1: fp 1 ; label 2: fn 1, fp 1 (0.5 ≥ 0.5)
    const m = multiLabelMetrics(targets, probs, ['x', 'y', 'z'], 0.1);
    expect(m.perClass.map((c) => c.f1)).toEqual([1, 0, 0]);
    expect(m.macro_f1).toBeCloseTo(1 / 3, 12);
    expect(m.micro_f1).toBeCloseTo((2 * 0.5 * (2 / 3)) / (0.5 + 2 / 3), 12); // P 2/4, R 2/3
    expect(m.exactMatch).toBe(0);
  });

  it('regression: MSE, MAE, R²', () => {
    const m = regressionMetrics([1, 2, 3, 4], [1, 2, 4, 2], 0);
    expect(m.mse).toBeCloseTo((0 + 0 + 1 + 4) / 4, 12);
    expect(m.mae).toBeCloseTo(3 / 4, 12);
    expect(m.r2).toBeCloseTo(1 - 5 / 5, 12); // SS_tot = 2.25+.25+.25+2.25 = 5
  });
});

describe('imbalance, data order, groups, pruning', () => {
  const labels = Float32Array.from([0, 0, 0, 0, 0, 0, 1, 1, 2, 0]);
  const rows = Int32Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8]);

  it('balanced class weights are n / (k · count)', () => {
    const counts = classCounts(labels, rows, 3);
    expect(counts).toEqual([6, 2, 1]);
    const w = balancedClassWeights(counts);
    expect(w[0]).toBeCloseTo(9 / 18, 12);
    expect(w[1]).toBeCloseTo(9 / 6, 12);
    expect(w[2]).toBeCloseTo(9 / 3, 12);
  });

  it('oversampling balances the train rows, only repeats real rows of the class, and is seeded', () => {
    const out = oversampleRows(rows, labels, 3, 42);
    expect(classCounts(labels, out, 3)).toEqual([6, 6, 6]);
    expect(Array.from(out.slice(0, 9))).toEqual(Array.from(rows));
    expect(Array.from(out.slice(9)).every((r) => r === 6 || r === 7 || r === 8)).toBe(true);
    expect(Array.from(oversampleRows(rows, labels, 3, 42))).toEqual(Array.from(out));
  });

  it('epoch batches are a seeded permutation of the train rows, different per epoch', () => {
    const e0 = epochBatches(rows, 4, 1, 0);
    expect(e0.map((b) => b.length)).toEqual([4, 4, 1]);
    expect(e0.flatMap((b) => Array.from(b)).sort()).toEqual(Array.from(rows));
    const big = Int32Array.from({ length: 1000 }, (_, i) => 2 * i);
    const flat = (e: number) => epochBatches(big, 4, 1, e).flatMap((b) => Array.from(b));
    expect(flat(0)).toEqual(flat(0));
    expect(flat(0)).not.toEqual(flat(1));
    expect(flat(0).every((r) => r % 2 === 0)).toBe(true);
    expect(epochBatches(big, 4, 2, 0).flatMap((b) => Array.from(b))).not.toEqual(flat(0));
  });

  it('groups: head lr multiplier or absolute, layer-wise decay, freezing and gradual unfreezing', () => {
    const hp = { ...presetHyperparameters('standard'), layerwiseLrDecay: 0.5 };
    expect(groupPeakLr('head', hp, 2)).toBeCloseTo(2e-4, 15);
    expect(groupPeakLr('layer.1', hp, 2)).toBeCloseTo(2e-5, 15);
    expect(groupPeakLr('layer.0', hp, 2)).toBeCloseTo(1e-5, 15);
    expect(groupPeakLr('embeddings', hp, 2)).toBeCloseTo(5e-6, 15);
    expect(groupPeakLr('head', { ...hp, headLearningRate: { mode: 'absolute', value: 3e-3 } }, 2)).toBe(3e-3);
    const groups = ['embeddings', 'layer.0', 'layer.1', 'pooler', 'head'].map((name) => ({ name, params: [], pretrained: true }));
    expect(trainableGroups(groups, hp, 0)).toEqual(['embeddings', 'layer.0', 'layer.1', 'pooler', 'head']);
    expect(trainableGroups(groups, { ...hp, freeze: { embeddings: true, firstLayers: 1, headOnly: false } }, 0)).toEqual(['layer.1', 'pooler', 'head']);
    const gradual = { ...hp, gradualUnfreezing: true };
    expect(trainableGroups(groups, gradual, 0)).toEqual(['pooler', 'head']);
    expect(trainableGroups(groups, gradual, 1)).toEqual(['layer.1', 'pooler', 'head']);
    expect(trainableGroups(groups, gradual, 2)).toEqual(['layer.0', 'layer.1', 'pooler', 'head']);
    expect(trainableGroups(groups, gradual, 3)).toEqual(['embeddings', 'layer.0', 'layer.1', 'pooler', 'head']);
  });

  it('pruning keeps the last K by step plus the best', () => {
    const s = (step: number): CheckpointSummary => ({ id: `j/step-${step}`, jobId: 'j', createdAt: '', step, epoch: 0, metric: null, bytes: 0 });
    expect(checkpointsToPrune([s(30), s(10), s(20), s(40)], 2, 'j/step-10')).toEqual(['j/step-20']);
    expect(checkpointsToPrune([s(10), s(20)], 2, null)).toEqual([]);
  });
});
