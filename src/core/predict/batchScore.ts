/**
 * Scoring a batch prediction against the labels the file already has: the same metrics the trainer reports
 * (accuracy, macro-F1, per-class scores, confusion matrix; multi-label micro/macro-F1; regression MSE/MAE/R²),
 * over the rows whose label the model knows. Rows with an empty or unknown label are counted and named, not
 * silently dropped.
 */
import type { TaskKind } from '../model/types';
import { multiLabelMetrics, regressionMetrics, singleLabelMetrics, type EvalMetrics } from '../train/metrics';
import type { Prediction } from './batch';

/** Splits a multi-label cell ("a;b", "a|b", "a, b"). */
export function splitLabels(cell: string): string[] {
  return cell.split(/[;|,]/).map((s) => s.trim()).filter(Boolean);
}

/**
 * Label targets of each row: class id (single-label), multi-hot (multi-label) or the number (regression).
 * Rows whose label is empty or not one the model knows are listed (1-based) in `bad` and get no target.
 */
export function labelTargets(cells: string[], labelNames: string[], task: TaskKind): { values: number[]; bad: number[] } {
  const values: number[] = [];
  const bad: number[] = [];
  cells.forEach((cell, i) => {
    if (task === 'regression') {
      const v = Number(cell.trim());
      if (cell.trim() === '' || !Number.isFinite(v)) bad.push(i + 1); else values.push(v);
      return;
    }
    const multi = task === 'multi_label_classification';
    const ids = (multi ? splitLabels(cell) : [cell.trim()]).map((p) => labelNames.indexOf(p));
    if (ids.some((id) => id < 0) || (!multi && ids.length !== 1)) { bad.push(i + 1); return; }
    if (multi) values.push(...labelNames.map((_, j) => (ids.includes(j) ? 1 : 0)));
    else values.push(ids[0]);
  });
  return { values, bad };
}

export interface BatchScore {
  /** Metrics over the scored rows (loss is not known from probabilities and is NaN). */
  metrics: EvalMetrics;
  scored: number;
  /** 1-based rows not scored: empty label, or a label the model does not know. */
  skipped: number[];
  /** With a confidence cut-off: accuracy on the rows that were not "uncertain", and how many they were. */
  confident?: { count: number; accuracy: number };
}

/** Scores `predictions` against the label column's `cells` (one per prediction, same order). */
export function scoreBatch(predictions: Prediction[], cells: string[], task: TaskKind, labelNames: string[]): BatchScore {
  if (cells.length !== predictions.length) throw new Error(`Batch scoring: ${cells.length} labels for ${predictions.length} predictions.`);
  const { values, bad } = labelTargets(cells, labelNames, task);
  const skip = new Set(bad);
  const kept = predictions.filter((_, i) => !skip.has(i + 1));
  const scored = kept.length;
  if (task === 'regression') return { metrics: regressionMetrics(values, kept.map((p) => p.probs[0]), NaN), scored, skipped: bad };
  if (task === 'multi_label_classification') {
    // The predicted labels (tuned thresholds already applied) as 0/1 "probabilities" at threshold 0.5.
    const predicted = kept.flatMap((p) => labelNames.map((l) => (p.labels.includes(l) ? 1 : 0)));
    return { metrics: multiLabelMetrics(values, predicted, labelNames, NaN), scored, skipped: bad };
  }
  const predIds = kept.map((p) => labelNames.indexOf(p.labels[0]));
  const metrics = singleLabelMetrics(values, predIds, labelNames, NaN);
  if (kept.every((p) => p.uncertain === undefined)) return { metrics, scored, skipped: bad };
  const sure = kept.map((p, i) => ({ p, i })).filter(({ p }) => !p.uncertain);
  const correct = sure.filter(({ i }) => predIds[i] === values[i]).length;
  return { metrics, scored, skipped: bad, confident: { count: sure.length, accuracy: sure.length ? correct / sure.length : 0 } };
}
