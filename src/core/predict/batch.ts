/**
 * Turning logits into what people read: probabilities per task, prediction rows for the batch table, and
 * the downloadable CSV (the input columns, then prediction and one probability column per label), with
 * cells a spreadsheet would run as formulas neutralised.
 */
import { neutraliseFormula, writeCsv } from '../data/csv';
import type { TaskKind } from '../model/types';
import type { Thresholds } from '../export/types';
import { applyThresholds } from './thresholds';

/** Softmax (single-label), sigmoid (multi-label) or the raw value (regression), row by row of [n × k]. */
export function probabilities(logits: ArrayLike<number>, k: number, task: TaskKind): Float32Array {
  const out = new Float32Array(logits.length);
  if (task === 'regression') { out.set(Array.from(logits)); return out; }
  if (task === 'multi_label_classification') {
    for (let i = 0; i < logits.length; i++) out[i] = 1 / (1 + Math.exp(-logits[i]));
    return out;
  }
  for (let r = 0; r < logits.length / k; r++) {
    let m = -Infinity;
    for (let j = 0; j < k; j++) m = Math.max(m, logits[r * k + j]);
    let s = 0;
    for (let j = 0; j < k; j++) { out[r * k + j] = Math.exp(logits[r * k + j] - m); s += out[r * k + j]; }
    for (let j = 0; j < k; j++) out[r * k + j] /= s;
  }
  return out;
}

export interface Prediction {
  /** Predicted label names (one for single-label; zero or more for multi-label); empty for regression. */
  labels: string[];
  /** Probability per label (or the regressed value, length 1). */
  probs: number[];
}

export function predictRow(probRow: ArrayLike<number>, task: TaskKind, labelNames: string[], thresholds?: Thresholds): Prediction {
  const probs = Array.from(probRow);
  return { labels: applyThresholds(probs, task, labelNames, thresholds).map((j) => labelNames[j]), probs };
}

/** Column names the batch table and CSV add after the input columns. */
export function predictionColumns(task: TaskKind, labelNames: string[]): string[] {
  if (task === 'regression') return ['prediction'];
  return ['prediction', ...labelNames.map((l) => `p_${l}`)];
}

export function predictionCells(p: Prediction, task: TaskKind): string[] {
  if (task === 'regression') return [String(p.probs[0])];
  return [p.labels.join(task === 'multi_label_classification' ? ';' : ''), ...p.probs.map((v) => v.toFixed(6))];
}

/**
 * The downloadable CSV: input columns + prediction columns. Every text cell (the input, label names, headers)
 * is neutralised against formulas; the numbers we write are left as numbers, so a negative regression value
 * stays -0.5 and not '-0.5.
 */
export function predictionsCsv(inputColumns: string[], inputRows: string[][], predictions: Prediction[], task: TaskKind, labelNames: string[]): string {
  if (inputRows.length !== predictions.length) {
    throw new Error(`Batch prediction: ${inputRows.length} rows but ${predictions.length} predictions.`);
  }
  const columns = [...inputColumns, ...predictionColumns(task, labelNames)].map(neutraliseFormula);
  const rows = inputRows.map((r, i) => {
    const cells = predictionCells(predictions[i], task);
    const predicted = task === 'regression' ? cells : [neutraliseFormula(cells[0]), ...cells.slice(1)];
    return [...r.map(neutraliseFormula), ...predicted];
  });
  return writeCsv(columns, rows);
}
