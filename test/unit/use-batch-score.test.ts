/**
 * The Use stage's numbers: one column name for class scores (the CLI's `score_<label>`), a confidence cut-off
 * with an "uncertain" outcome for single-label models of more than two classes, and a batch file scored
 * against its own label column (accuracy, macro-F1, confusion matrix) — checked by hand-counted examples.
 */
import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { predictionColumns, predictionsCsv, predictRow, scoreColumn } from '../../src/core/predict/batch';
import { labelTargets, scoreBatch } from '../../src/core/predict/batchScore';
import { confidenceCurve, defaultCutoffs } from '../../src/core/predict/thresholds';

const TOPICS = ['world', 'sports', 'business', 'tech'];

describe('prediction columns', () => {
  it('name class scores score_<label>, as the CLI does', () => {
    expect(scoreColumn('spam')).toBe('score_spam');
    expect(predictionColumns('single_label_classification', ['ham', 'spam'])).toEqual(['prediction', 'score_ham', 'score_spam']);
    expect(predictionColumns('multi_label_classification', ['a', 'b'])).toEqual(['prediction', 'score_a', 'score_b']);
    expect(predictionColumns('regression', [])).toEqual(['prediction']);
  });
});

describe('a confidence cut-off for a 4-class model', () => {
  const cutoff = { metric: 'confidence cut-off', values: {}, minConfidence: 0.5 };

  it('keeps the top class and marks it uncertain below the cut-off', () => {
    expect(predictRow([0.41, 0.3, 0.2, 0.09], 'single_label_classification', TOPICS, cutoff)).toEqual({ labels: ['world'], probs: [0.41, 0.3, 0.2, 0.09], uncertain: true });
    expect(predictRow([0.1, 0.7, 0.1, 0.1], 'single_label_classification', TOPICS, cutoff).uncertain).toBe(false);
    expect(predictRow([0.1, 0.7, 0.1, 0.1], 'single_label_classification', TOPICS).uncertain).toBeUndefined();
  });

  it('adds an uncertain column to the CSV only when a cut-off is set', () => {
    const preds = [[0.41, 0.3, 0.2, 0.09], [0.1, 0.7, 0.1, 0.1]].map((p) => predictRow(p, 'single_label_classification', TOPICS, cutoff));
    const csv = Papa.parse<string[]>(predictionsCsv(['text'], [['a'], ['b']], preds, 'single_label_classification', TOPICS, cutoff).trim()).data;
    expect(csv[0]).toEqual(['text', 'prediction', 'uncertain', 'score_world', 'score_sports', 'score_business', 'score_tech']);
    expect(csv[1].slice(0, 3)).toEqual(['a', 'world', 'yes']);
    expect(csv[2].slice(0, 3)).toEqual(['b', 'sports', 'no']);
  });

  it('trades coverage for accuracy: hand-counted on 5 rows', () => {
    // top probabilities 0.9 (right), 0.6 (wrong), 0.55 (right), 0.4 (wrong), 0.3 (right)
    const probs = [
      0.9, 0.05, 0.03, 0.02,
      0.2, 0.6, 0.1, 0.1,
      0.15, 0.1, 0.55, 0.2,
      0.4, 0.3, 0.2, 0.1,
      0.25, 0.25, 0.2, 0.3,
    ];
    const truth = [0, 0, 2, 1, 3];
    const curve = confidenceCurve(probs, truth, 4, [0, 0.5, 0.7]);
    expect(curve).toEqual([
      { cutoff: 0, coverage: 1, accuracy: 3 / 5, count: 5 },
      { cutoff: 0.5, coverage: 3 / 5, accuracy: 2 / 3, count: 3 },
      { cutoff: 0.7, coverage: 1 / 5, accuracy: 1, count: 1 },
    ]);
    expect(defaultCutoffs(4)).toEqual([0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]);
    expect(defaultCutoffs(10)).toEqual([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]);
  });
});

describe('scoring a batch against its label column', () => {
  it('gives accuracy, macro-F1 and the confusion matrix over the rows with known labels, naming the others', () => {
    const rows: [string, number[]][] = [
      ['world', [0.7, 0.1, 0.1, 0.1]], ['world', [0.1, 0.7, 0.1, 0.1]], ['sports', [0.1, 0.7, 0.1, 0.1]], ['business', [0.1, 0.1, 0.7, 0.1]],
      ['tech', [0.1, 0.1, 0.7, 0.1]], ['tech', [0.1, 0.1, 0.1, 0.7]], ['', [0.7, 0.1, 0.1, 0.1]], ['cooking', [0.7, 0.1, 0.1, 0.1]],
    ];
    const preds = rows.map(([, p]) => predictRow(p, 'single_label_classification', TOPICS));
    const s = scoreBatch(preds, rows.map(([l]) => l), 'single_label_classification', TOPICS);
    expect(s.scored).toBe(6);
    expect(s.skipped).toEqual([7, 8]);
    if (s.metrics.kind !== 'single') throw new Error('single-label metrics expected');
    expect(s.metrics.confusion).toEqual([[1, 1, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 1, 1]]);
    expect(s.metrics.accuracy).toBeCloseTo(4 / 6, 12);
    // per-class F1: world P1 R.5 → 2/3; sports P.5 R1 → 2/3; business P.5 R1 → 2/3; tech P1 R.5 → 2/3
    expect(s.metrics.macro_f1).toBeCloseTo(2 / 3, 12);
    expect(s.confident).toBeUndefined();
  });

  it('reports accuracy on the confident rows when a cut-off is set', () => {
    const cutoff = { metric: 'confidence cut-off', values: {}, minConfidence: 0.6 };
    const preds = [[0.7, 0.1, 0.1, 0.1], [0.5, 0.3, 0.1, 0.1], [0.1, 0.8, 0.05, 0.05]].map((p) => predictRow(p, 'single_label_classification', TOPICS, cutoff));
    const s = scoreBatch(preds, ['world', 'sports', 'business'], 'single_label_classification', TOPICS);
    expect(s.metrics.kind === 'single' && s.metrics.accuracy).toBeCloseTo(1 / 3, 12);
    expect(s.confident).toEqual({ count: 2, accuracy: 0.5 });
  });

  it('scores multi-label rows with the thresholds applied, and regression by its values', () => {
    const th = { metric: 'f1', values: { a: 0.3, b: 0.5 } };
    const preds = [[0.4, 0.6], [0.2, 0.9], [0.35, 0.1]].map((p) => predictRow(p, 'multi_label_classification', ['a', 'b'], th));
    const s = scoreBatch(preds, ['a;b', 'a', 'a'], 'multi_label_classification', ['a', 'b']);
    if (s.metrics.kind !== 'multi') throw new Error('multi-label metrics expected');
    // a: predicted rows 1, 3 (truth 1, 2, 3) → tp 2 fn 1; b: predicted 1, 2 (truth 1) → tp 1 fp 1
    expect(s.metrics.perClass.map((c) => [c.precision, c.recall])).toEqual([[1, 2 / 3], [0.5, 1]]);
    expect(s.metrics.exactMatch).toBeCloseTo(2 / 3, 12);
    const r = scoreBatch([{ labels: [], probs: [2] }, { labels: [], probs: [4] }], ['1', '4'], 'regression', []);
    expect(r.metrics).toMatchObject({ kind: 'regression', mse: 0.5, mae: 0.5 });
    expect(labelTargets(['x', 'nan', ''], [], 'regression').bad).toEqual([1, 2, 3]);
  });
});
