/**
 * Auto's rules, each with an exact expectation: imbalance at its boundary, the 95 % length, learning
 * rate by size, the threshold that maximises macro-F1 (checked against scikit-learn), duplicates kept in
 * one split, and the one-class warning.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { autoPlan, reconcileDecisions, summarizeLengths } from '../../src/core/auto';
import { estimateSeconds } from '../../src/core/auto/estimate';
import { transformerLearningRate } from '../../src/core/auto/family';
import { findImbalance, imbalanceDecisions } from '../../src/core/auto/imbalance';
import { percentileLength } from '../../src/core/auto/lengths';
import type { AutoInputs } from '../../src/core/auto/types';
import { tuneThreshold } from '../../src/core/predict/thresholds';
import { migrateJobSpec } from '../../src/core/spec/migrate';
import { assertValidJobSpec } from '../../src/core/spec/validate';
import { oneClassWarning } from '../../src/core/train/decisionThreshold';
import { singleLabelMetrics } from '../../src/core/train/metrics';
import { PYTHON, PYTORCH_TAG } from './pytorch';
import { tinySpec } from './train-helpers';

const range = (n: number, from = 1) => Array.from({ length: n }, (_, i) => i + from);

function inputs(over: Partial<AutoInputs> = {}): AutoInputs {
  return {
    model: { modelType: 'bert', numLayers: 2, hiddenSize: 128, maxPositions: 512 },
    task: 'single_label_classification', labelNames: ['ham', 'spam'], trainLabelCounts: [300, 100],
    trainTokenLengths: range(100), trainRows: 400, duplicateRows: 0, ...over,
  };
}

const decision = (plan: ReturnType<typeof autoPlan>, field: string) => plan.decisions.find((d) => d.field === field);

describe('Auto: imbalance', () => {
  it('a class is rare when the largest has more than 3× its rows: 300/100 is not, 301/100 is', () => {
    expect(findImbalance(['a', 'b'], [300, 100])).toMatchObject({ rare: false, ratio: 1 / 3 });
    expect(findImbalance(['a', 'b'], [301, 100])?.rare).toBe(true);
    const off = autoPlan(inputs({ trainLabelCounts: [300, 100] }));
    expect(off.hyperparameters.classWeights.mode).toBe('none');
    expect(off.hyperparameters.decisionThreshold).toBe('argmax');
    const on = autoPlan(inputs({ trainLabelCounts: [301, 100] }));
    expect(on.hyperparameters.classWeights.mode).toBe('balanced');
    expect(on.hyperparameters.decisionThreshold).toBe('tuned');
    expect(decision(on, 'hyperparameters.classWeights.mode')?.why).toContain('the smallest class "spam" has 100 train rows, 33 % of the largest "ham" (301)');
  });

  it('more than two classes: class weights, no threshold; regression and multi-label: neither', () => {
    const three = imbalanceDecisions('single_label_classification', ['a', 'b', 'c'], [500, 400, 20]);
    expect(three.map((d) => [d.field, d.value])).toEqual([['hyperparameters.classWeights.mode', 'balanced']]);
    expect(imbalanceDecisions('multi_label_classification', ['a', 'b'], [500, 20])).toEqual([]);
    expect(imbalanceDecisions('regression', [], [])).toEqual([]);
  });
});

describe('Auto: sequence length', () => {
  it('covers 95 %: lengths 1…100 → 95th percentile 95, proposed 96 (a multiple of 8), 4 texts cut', () => {
    expect(percentileLength(Float64Array.from(range(100)), 0.95)).toBe(95);
    const s = summarizeLengths(range(100).reverse(), 512);
    expect(s).toMatchObject({ p95: 95, longest: 100, proposed: 96, cut: 4, total: 100 });
    expect(s.bins.reduce((a, b) => a + b.count, 0)).toBe(100);
    expect(s.bins[0]).toEqual({ from: 0, to: 6, count: 5 }); // width ceil(101 / 20) = 6: lengths 1–5
  });

  it('is capped by the model\'s positions and says so; never below 8', () => {
    const capped = autoPlan(inputs({ model: { modelType: 'bert', numLayers: 2, hiddenSize: 128, maxPositions: 64 } }));
    expect(capped.hyperparameters.maxSequenceLength).toBe(64);
    expect(capped.lengths.cut).toBe(36);
    expect(decision(capped, 'hyperparameters.maxSequenceLength')?.why).toContain('capped by the model\'s 64 positions; 36 of 100 train texts (36.0 %) are longer and get cut');
    expect(summarizeLengths([3, 4, 5], 512).proposed).toBe(8);
  });
});

describe('Auto: the model family', () => {
  it('BERT-like: learning rate by hidden size (Turc et al. 2019\'s grid, top for the smallest)', () => {
    expect([128, 256, 512, 768, 1024].map(transformerLearningRate)).toEqual([3e-4, 1e-4, 5e-5, 3e-5, 2e-5]);
    const tiny = autoPlan(inputs());
    expect(tiny.hyperparameters).toMatchObject({ learningRate: 3e-4, epochs: 4, earlyStopping: { metric: 'macro_f1', enabled: false } });
    expect(decision(tiny, 'hyperparameters.learningRate')?.why).toContain('Turc et al. 2019');
    const base = autoPlan(inputs({ model: { modelType: 'bert', numLayers: 12, hiddenSize: 768, maxPositions: 512 } }));
    expect(base.hyperparameters).toMatchObject({ learningRate: 3e-5, epochs: 3 });
  });

  it('word-vector models: their Standard preset (lr 1e-3, batch 50), plus the data\'s decisions', () => {
    const cnn = autoPlan(inputs({ model: { modelType: 'glove-cnn', numLayers: 0, hiddenSize: 100, maxPositions: 512 }, trainLabelCounts: [3860, 597] }));
    expect(cnn.hyperparameters).toMatchObject({ learningRate: 1e-3, batchSize: 50, maxSequenceLength: 96, classWeights: { mode: 'balanced' }, decisionThreshold: 'tuned' });
  });

  it('the plan is a valid JobSpec\'s hyperparameters, and a changed field is marked overridden', () => {
    const plan = autoPlan(inputs({ trainLabelCounts: [900, 100] }));
    const spec = { ...tinySpec(), hyperparameters: plan.hyperparameters, auto: { decisions: plan.decisions } };
    expect(() => assertValidJobSpec(spec)).not.toThrow();
    const changed = reconcileDecisions(plan.decisions, { ...plan.hyperparameters, learningRate: 1e-3 });
    expect(changed.filter((d) => d.overridden).map((d) => d.field)).toEqual(['hyperparameters.learningRate']);
    expect(reconcileDecisions(changed, plan.hyperparameters).some((d) => d.overridden)).toBe(false);
  });

  it('a version-2 job (before Auto) migrates to version 3 with the argmax rule it ran with, and no auto block', () => {
    const current = tinySpec();
    const { decisionThreshold: _, ...oldHp } = current.hyperparameters;
    const v2 = { ...current, version: 2, hyperparameters: oldHp };
    const migrated = migrateJobSpec(v2) as typeof current;
    expect(migrated).toEqual({ ...current, version: 3 });
    expect(() => assertValidJobSpec(migrated)).not.toThrow();
    expect(() => assertValidJobSpec(v2)).toThrow('unsupported job spec version 2 (expected 3)');
  });

  it('a tuned threshold on three classes is refused, naming the field', () => {
    const spec = { ...tinySpec({ decisionThreshold: 'tuned' }), task: { kind: 'single_label_classification' as const, labelNames: ['a', 'b', 'c'] } };
    expect(() => assertValidJobSpec(spec)).toThrow('hyperparameters.decisionThreshold: a tuned threshold needs a binary single-label task (two classes)');
  });

  it('duplicates: the decision says how many rows repeat a text and what happens to them', () => {
    expect(decision(autoPlan(inputs({ duplicateRows: 7 })), 'dataset.splitMethod')?.why).toMatch(/^7 row\(s\) repeat an earlier row's exact text: each such text is kept, with all its copies in one split/);
  });

  it('time estimate: epochs × rows × mean tokens after the cut over the family\'s tokens/s', () => {
    const plan = autoPlan(inputs());
    // bert-tiny: 4e8 / (2 × 128²) = 12,207 tokens/s; 4 epochs × (400 + 100/3) rows × mean(min(len, 96)) = 50.42 tokens.
    const meanTokens = range(100).reduce((s, x) => s + Math.min(x, 96), 0) / 100;
    const want = (4 * (400 + 100 / 3) * meanTokens) / (4e8 / (2 * 128 * 128));
    expect(estimateSeconds({ model: inputs().model, hp: plan.hyperparameters, lengths: range(100), trainRows: 400, validationRows: 100 })).toBeCloseTo(want, 9);
  });
});

// Twelve validation probabilities of the positive class. Macro-F1 by threshold, by hand: at ≥ 0.6 the
// positives are the first six (truth 1 1 1 0 1 1) → tp 5, fp 1, fn 1, tn 5 → F1(pos) 5/6, F1(neg) 5/6,
// macro 0.8333 (the best); at 0.5 (default) 0.55 joins → tp 5, fp 2, fn 1, tn 4 → (10/13 + 8/11)/2 = 0.7483.
const probs = [0.95, 0.9, 0.85, 0.8, 0.7, 0.6, 0.55, 0.45, 0.35, 0.3, 0.2, 0.1];
const truth = [1, 1, 1, 0, 1, 1, 0, 0, 1, 0, 0, 0];

describe('Auto: the decision threshold maximises validation macro-F1', () => {
  it('by hand: the best macro-F1 is 5/6, reached between 0.55 and 0.6', () => {
    const t = tuneThreshold(probs, truth, 'macro_f1');
    expect(t.score).toBeCloseTo(5 / 6, 12);
    expect(t.threshold).toBeCloseTo(0.575, 12);
    expect(t.defaultScore).toBeCloseTo((10 / 13 + 8 / 11) / 2, 12);
  });

  it('matches scikit-learn: the best f1_score(average="macro") over every threshold of precision_recall_curve', { tags: [PYTORCH_TAG] }, () => {
    const py = `
import json, sys
import numpy as np
from sklearn.metrics import f1_score, precision_recall_curve
p, y = json.loads(sys.argv[1]), json.loads(sys.argv[2])
_, _, thr = precision_recall_curve(y, p)
scores = [(f1_score(y, (np.array(p) >= t).astype(int), average='macro'), t) for t in thr]
best = max(s for s, _ in scores)
print(json.dumps({'best': best, 'at': [t for s, t in scores if abs(s - best) < 1e-12]}))`;
    const r = spawnSync(PYTHON, ['-c', py, JSON.stringify(probs), JSON.stringify(truth)], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const ref = JSON.parse(r.stdout) as { best: number; at: number[] };
    const t = tuneThreshold(probs, truth, 'macro_f1');
    expect(t.score).toBeCloseTo(ref.best, 12);
    // Our threshold sits just below one of sklearn's maximising thresholds (the midpoint to the next score).
    expect(ref.at.some((s) => s > t.threshold && probs.filter((p) => p >= t.threshold).length === probs.filter((p) => p >= s).length)).toBe(true);
  });
});

describe('Auto: a model that predicts one class is flagged', () => {
  it('one predicted class on a split with two → a warning naming the class and the rows; two predicted → none', () => {
    const names = ['ham', 'spam'];
    const collapsed = singleLabelMetrics([0, 0, 0, 1], [0, 0, 0, 0], names, 0.3);
    expect(oneClassWarning(collapsed, 'validation', 12)).toMatchObject({
      type: 'warning', code: 'one-class', split: 'validation', step: 12,
      message: expect.stringContaining('The model predicts "ham" for every one of the 4 validation rows'),
    });
    expect(oneClassWarning(singleLabelMetrics([0, 0, 0, 1], [0, 0, 1, 1], names, 0.3), 'validation', 12)).toBeNull();
    expect(oneClassWarning(singleLabelMetrics([0, 0], [0, 0], names, 0.3), 'validation', 1)).toBeNull(); // one true class: nothing to miss
  });
});
