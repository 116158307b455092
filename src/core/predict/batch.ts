/**
 * Turning logits into what people read: probabilities per task, prediction rows for the batch table, and
 * the downloadable CSV (the input columns, then prediction and one `score_<label>` column per label), with
 * cells a spreadsheet would run as formulas neutralised. The studio's download and the CLI's `predict` both
 * write it with predictionsCsv, so a file has the same columns whichever made it.
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
  /**
   * Single-label with a confidence cut-off: whether the top class's probability is below it (the label is still
   * the top class). Undefined when no cut-off is set.
   */
  uncertain?: boolean;
}

export function predictRow(probRow: ArrayLike<number>, task: TaskKind, labelNames: string[], thresholds?: Thresholds): Prediction {
  const probs = Array.from(probRow);
  const labels = applyThresholds(probs, task, labelNames, thresholds).map((j) => labelNames[j]);
  const cutoff = hasConfidenceCutoff(task, thresholds) ? thresholds!.minConfidence! : undefined;
  return cutoff === undefined ? { labels, probs } : { labels, probs, uncertain: Math.max(...probs) < cutoff };
}

function hasConfidenceCutoff(task: TaskKind, thresholds?: Thresholds): boolean {
  return task === 'single_label_classification' && thresholds?.minConfidence !== undefined;
}

/** The column of one class's probability, in the studio's download and the CLI's output alike. */
export function scoreColumn(label: string): string {
  return `score_${label}`;
}

/** Column names the batch table and CSV add after the input columns (`uncertain` only with a confidence cut-off). */
export function predictionColumns(task: TaskKind, labelNames: string[], thresholds?: Thresholds): string[] {
  if (task === 'regression') return ['prediction'];
  return ['prediction', ...(hasConfidenceCutoff(task, thresholds) ? ['uncertain'] : []), ...labelNames.map(scoreColumn)];
}

export function predictionCells(p: Prediction, task: TaskKind): string[] {
  if (task === 'regression') return [String(p.probs[0])];
  const uncertain = p.uncertain === undefined ? [] : [p.uncertain ? 'yes' : 'no'];
  return [p.labels.join(task === 'multi_label_classification' ? ';' : ''), ...uncertain, ...p.probs.map((v) => v.toFixed(6))];
}

/**
 * The downloadable CSV: input columns + prediction columns. Every text cell (the input, label names, headers)
 * is neutralised against formulas; the numbers we write are left as numbers, so a negative regression value
 * stays -0.5 and not '-0.5.
 */
export function predictionsCsv(
  inputColumns: string[], inputRows: string[][], predictions: Prediction[], task: TaskKind, labelNames: string[], thresholds?: Thresholds,
): string {
  if (inputRows.length !== predictions.length) {
    throw new Error(`Batch prediction: ${inputRows.length} rows but ${predictions.length} predictions.`);
  }
  const columns = [...inputColumns, ...predictionColumns(task, labelNames, thresholds)].map(neutraliseFormula);
  const rows = inputRows.map((r, i) => {
    const cells = predictionCells(predictions[i], task);
    const predicted = task === 'regression' ? cells : [neutraliseFormula(cells[0]), ...cells.slice(1)];
    return [...r.map(neutraliseFormula), ...predicted];
  });
  return writeCsv(columns, rows);
}
