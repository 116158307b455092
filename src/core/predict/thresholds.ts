/**
 * Decision thresholds for binary and multi-label classifiers: the precision–recall curve of one label's
 * scores, the threshold that maximises a chosen metric on the validation split, and applying thresholds.
 * A row is predicted positive when its probability is >= the threshold.
 */
import type { TaskKind } from '../model/types';
import type { Thresholds } from '../export/types';

export type ThresholdMetric = 'f1' | 'f0.5' | 'f2' | 'accuracy' | 'balanced_accuracy' | 'macro_f1';
export const THRESHOLD_METRICS: ThresholdMetric[] = ['f1', 'f0.5', 'f2', 'accuracy', 'balanced_accuracy', 'macro_f1'];

export interface Counts { tp: number; fp: number; fn: number; tn: number }

export interface CurvePoint {
  threshold: number;
  precision: number;
  recall: number;
  /** The chosen metric at this threshold. */
  score: number;
}

const div = (a: number, b: number) => (b === 0 ? 0 : a / b);

export function metricFromCounts(c: Counts, metric: ThresholdMetric): number {
  const p = div(c.tp, c.tp + c.fp);
  const r = div(c.tp, c.tp + c.fn);
  const fBeta = (b: number) => div((1 + b * b) * p * r, b * b * p + r);
  switch (metric) {
    case 'f1': return fBeta(1);
    case 'f0.5': return fBeta(0.5);
    case 'f2': return fBeta(2);
    case 'accuracy': return div(c.tp + c.tn, c.tp + c.fp + c.fn + c.tn);
    case 'balanced_accuracy': return (r + div(c.tn, c.tn + c.fp)) / 2;
    // Both classes' F1, averaged (sklearn's f1_score(average='macro') on two classes): the negative
    // class's F1 is 2·tn / (2·tn + fn + fp).
    case 'macro_f1': return (fBeta(1) + div(2 * c.tn, 2 * c.tn + c.fn + c.fp)) / 2;
    default: {
      const never: never = metric;
      throw new Error(`unknown threshold metric ${String(never)}`);
    }
  }
}

export function countsAt(scores: ArrayLike<number>, truth: ArrayLike<number>, threshold: number): Counts {
  const c = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (let i = 0; i < scores.length; i++) {
    const pred = scores[i] >= threshold;
    const pos = truth[i] > 0.5;
    if (pred && pos) c.tp++; else if (pred) c.fp++; else if (pos) c.fn++; else c.tn++;
  }
  return c;
}

/**
 * One point per distinct score (each is a threshold where some prediction flips), highest threshold first,
 * in O(n log n): sort once, then sweep the counts.
 */
export function precisionRecallCurve(scores: ArrayLike<number>, truth: ArrayLike<number>, metric: ThresholdMetric = 'f1'): CurvePoint[] {
  if (scores.length !== truth.length) throw new Error(`Thresholds: ${scores.length} scores but ${truth.length} labels.`);
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[b] - scores[a]);
  const positives = Array.from(truth).filter((t) => t > 0.5).length;
  const negatives = scores.length - positives;
  const points: CurvePoint[] = [];
  let tp = 0, fp = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    if (truth[i] > 0.5) tp++; else fp++;
    // Emit only after the last of a run of equal scores: a threshold cannot separate ties.
    if (k + 1 < order.length && scores[order[k + 1]] === scores[i]) continue;
    const c = { tp, fp, fn: positives - tp, tn: negatives - fp };
    points.push({ threshold: scores[i], precision: div(tp, tp + fp), recall: div(tp, positives), score: metricFromCounts(c, metric) });
  }
  return points;
}

export interface TunedThreshold { threshold: number; score: number; defaultScore: number }

/**
 * The threshold that maximises `metric`. Among equal scores the one nearest 0.5 wins (the least surprising);
 * the returned threshold is the midpoint between the chosen score and the next lower one, so unseen
 * examples near the boundary are not decided by a hair.
 */
export function tuneThreshold(scores: ArrayLike<number>, truth: ArrayLike<number>, metric: ThresholdMetric = 'f1'): TunedThreshold {
  const defaultScore = metricFromCounts(countsAt(scores, truth, 0.5), metric);
  const curve = precisionRecallCurve(scores, truth, metric);
  if (curve.length === 0) return { threshold: 0.5, score: defaultScore, defaultScore };
  let best = 0;
  for (let k = 1; k < curve.length; k++) {
    const better = curve[k].score > curve[best].score + 1e-12;
    const tie = Math.abs(curve[k].score - curve[best].score) <= 1e-12 && Math.abs(curve[k].threshold - 0.5) < Math.abs(curve[best].threshold - 0.5);
    if (better || tie) best = k;
  }
  const next = curve[best + 1]?.threshold ?? 0;
  const threshold = (curve[best].threshold + next) / 2;
  return { threshold, score: metricFromCounts(countsAt(scores, truth, threshold), metric), defaultScore };
}

/**
 * Tunes thresholds from validation probabilities [n × k] (row-major) and labels (single: class id per row;
 * multi: multi-hot [n × k]). Binary single-label: one threshold on label 1; multi-label: one per label.
 * Returns undefined for tasks thresholds do not apply to (regression, more than two exclusive classes).
 */
export function tuneThresholds(probs: ArrayLike<number>, labels: ArrayLike<number>, task: TaskKind, labelNames: string[], metric: ThresholdMetric = 'f1'): Thresholds | undefined {
  const k = labelNames.length;
  const n = Math.floor(probs.length / Math.max(1, k));
  const column = (j: number) => Float64Array.from({ length: n }, (_, i) => probs[i * k + j]);
  if (task === 'single_label_classification' && k === 2) {
    const truth = Float64Array.from({ length: n }, (_, i) => (labels[i] === 1 ? 1 : 0));
    const t = tuneThreshold(column(1), truth, metric);
    return { metric, values: { [labelNames[1]]: t.threshold }, tunedScore: t.score, defaultScore: t.defaultScore };
  }
  if (task === 'multi_label_classification') {
    const values: Record<string, number> = {};
    let tuned = 0, dflt = 0;
    labelNames.forEach((name, j) => {
      const truth = Float64Array.from({ length: n }, (_, i) => labels[i * k + j]);
      const t = tuneThreshold(column(j), truth, metric);
      values[name] = t.threshold;
      tuned += t.score / k;
      dflt += t.defaultScore / k;
    });
    return { metric: `${metric} (mean over labels)`, values, tunedScore: tuned, defaultScore: dflt };
  }
  return undefined;
}

/**
 * The predicted label ids of one row of probabilities. Single-label: argmax, except binary with a tuned
 * threshold on label 1. Multi-label: every label at or above its threshold (0.5 when none was tuned).
 */
export function applyThresholds(row: ArrayLike<number>, task: TaskKind, labelNames: string[], thresholds?: Thresholds): number[] {
  if (task === 'regression') return [];
  if (task === 'multi_label_classification') {
    const out: number[] = [];
    labelNames.forEach((name, j) => { if (row[j] >= (thresholds?.values[name] ?? 0.5)) out.push(j); });
    return out;
  }
  const t = labelNames.length === 2 ? thresholds?.values[labelNames[1]] : undefined;
  if (t !== undefined) return [row[1] >= t ? 1 : 0];
  let best = 0;
  for (let j = 1; j < labelNames.length; j++) if (row[j] > row[best]) best = j;
  return [best];
}

export interface ConfidencePoint {
  /** Minimum top-class probability for a prediction to count as confident. */
  cutoff: number;
  /** Share of rows at or above the cut-off. */
  coverage: number;
  /** Accuracy on those rows (0 when there are none). */
  accuracy: number;
  count: number;
}

/** Cut-offs worth showing for k classes: from the uniform guess 1/k up, in steps of 0.1. */
export function defaultCutoffs(k: number): number[] {
  const out: number[] = [];
  for (let c = Math.ceil(10 / Math.max(2, k)) / 10; c < 0.95; c = Math.round((c + 0.1) * 10) / 10) out.push(c);
  return out;
}

/**
 * Single-label with more than two classes: exactly one class wins, so per-class thresholds do not decide
 * anything; what can be traded is coverage for accuracy. For each cut-off, the share of rows whose top-class
 * probability reaches it and the accuracy on them (probs row-major [n × k], trueIds one class id per row).
 */
export function confidenceCurve(probs: ArrayLike<number>, trueIds: ArrayLike<number>, k: number, cutoffs = defaultCutoffs(k)): ConfidencePoint[] {
  const n = trueIds.length;
  if (probs.length !== n * k) throw new Error(`Confidence cut-off: ${probs.length} probabilities for ${n} rows of ${k} classes.`);
  const top: number[] = [];
  const right: boolean[] = [];
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let j = 1; j < k; j++) if (probs[i * k + j] > probs[i * k + best]) best = j;
    top.push(probs[i * k + best]);
    right.push(best === trueIds[i]);
  }
  return cutoffs.map((cutoff) => {
    let count = 0, correct = 0;
    for (let i = 0; i < n; i++) if (top[i] >= cutoff) { count++; if (right[i]) correct++; }
    return { cutoff, coverage: div(count, n), accuracy: div(correct, count), count };
  });
}
