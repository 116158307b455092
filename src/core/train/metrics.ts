/**
 * Evaluation metrics in plain TypeScript over plain arrays (no tensors): the trainer reads logits once
 * per evaluation batch with `await data()` and hands the numbers here.
 */
import type { MetricName } from '../spec/jobSpec';

export interface ClassScores {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  /** Number of true examples of this class. */
  support: number;
}

export interface SingleLabelMetrics {
  kind: 'single';
  loss: number;
  accuracy: number;
  macro_f1: number;
  perClass: ClassScores[];
  /** confusion[true][predicted], counts. */
  confusion: number[][];
  count: number;
}

export interface MultiLabelMetrics {
  kind: 'multi';
  loss: number;
  micro_f1: number;
  macro_f1: number;
  perClass: ClassScores[];
  /** Fraction of rows where every label is right. */
  exactMatch: number;
  count: number;
}

export interface RegressionMetrics {
  kind: 'regression';
  loss: number;
  mse: number;
  mae: number;
  r2: number;
  count: number;
}

export type EvalMetrics = SingleLabelMetrics | MultiLabelMetrics | RegressionMetrics;

/** The value of `name` in `m`, or undefined when the task has no such metric. */
export function metricValue(m: EvalMetrics, name: MetricName): number | undefined {
  const v = (m as unknown as Record<string, unknown>)[name];
  return typeof v === 'number' ? v : undefined;
}

const div = (a: number, b: number) => (b === 0 ? 0 : a / b);
const f1Of = (p: number, r: number) => (p + r === 0 ? 0 : (2 * p * r) / (p + r));

/** Index of the largest of `k` values at row `row` of a row-major [n, k] array. */
export function argmaxRow(values: ArrayLike<number>, row: number, k: number): number {
  let best = 0;
  for (let j = 1; j < k; j++) if (values[row * k + j] > values[row * k + best]) best = j;
  return best;
}

export function confusionMatrix(trueIds: ArrayLike<number>, predIds: ArrayLike<number>, numClasses: number): number[][] {
  const m = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  for (let i = 0; i < trueIds.length; i++) m[trueIds[i]][predIds[i]]++;
  return m;
}

/** Accuracy, per-class precision/recall/F1 and macro-F1 (unweighted mean over classes, as sklearn's 'macro'). */
export function singleLabelMetrics(
  trueIds: ArrayLike<number>, predIds: ArrayLike<number>, labelNames: string[], loss: number,
): SingleLabelMetrics {
  const k = labelNames.length;
  const confusion = confusionMatrix(trueIds, predIds, k);
  let correct = 0;
  const perClass = labelNames.map((label, c) => {
    const tp = confusion[c][c];
    correct += tp;
    let predicted = 0;
    let support = 0;
    for (let j = 0; j < k; j++) {
      predicted += confusion[j][c];
      support += confusion[c][j];
    }
    const precision = div(tp, predicted);
    const recall = div(tp, support);
    return { label, precision, recall, f1: f1Of(precision, recall), support };
  });
  return {
    kind: 'single',
    loss,
    accuracy: div(correct, trueIds.length),
    macro_f1: div(perClass.reduce((s, c) => s + c.f1, 0), k),
    perClass,
    confusion,
    count: trueIds.length,
  };
}

/**
 * Multi-label: `targets` multi-hot and `probabilities` sigmoid outputs, both row-major [n, k];
 * a label is predicted when its probability is ≥ threshold.
 */
export function multiLabelMetrics(
  targets: ArrayLike<number>, probabilities: ArrayLike<number>, labelNames: string[], loss: number, threshold = 0.5,
): MultiLabelMetrics {
  const k = labelNames.length;
  const n = k === 0 ? 0 : targets.length / k;
  const tp = new Array<number>(k).fill(0);
  const fp = new Array<number>(k).fill(0);
  const fn = new Array<number>(k).fill(0);
  let exact = 0;
  for (let i = 0; i < n; i++) {
    let allRight = true;
    for (let j = 0; j < k; j++) {
      const t = targets[i * k + j] >= 0.5;
      const p = probabilities[i * k + j] >= threshold;
      if (t && p) tp[j]++;
      else if (p) fp[j]++;
      else if (t) fn[j]++;
      if (t !== p) allRight = false;
    }
    if (allRight) exact++;
  }
  const perClass = labelNames.map((label, j) => {
    const precision = div(tp[j], tp[j] + fp[j]);
    const recall = div(tp[j], tp[j] + fn[j]);
    return { label, precision, recall, f1: f1Of(precision, recall), support: tp[j] + fn[j] };
  });
  const sum = (a: number[]) => a.reduce((s, x) => s + x, 0);
  const microP = div(sum(tp), sum(tp) + sum(fp));
  const microR = div(sum(tp), sum(tp) + sum(fn));
  return {
    kind: 'multi',
    loss,
    micro_f1: f1Of(microP, microR),
    macro_f1: div(sum(perClass.map((c) => c.f1)), k),
    perClass,
    exactMatch: div(exact, n),
    count: n,
  };
}

/** MSE, MAE and R² = 1 − SS_res / SS_tot (0 when the targets are constant). */
export function regressionMetrics(targets: ArrayLike<number>, predictions: ArrayLike<number>, loss: number): RegressionMetrics {
  const n = targets.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += targets[i];
  mean = div(mean, n);
  let se = 0;
  let ae = 0;
  let tot = 0;
  for (let i = 0; i < n; i++) {
    const d = predictions[i] - targets[i];
    se += d * d;
    ae += Math.abs(d);
    tot += (targets[i] - mean) ** 2;
  }
  return { kind: 'regression', loss, mse: div(se, n), mae: div(ae, n), r2: tot === 0 ? 0 : 1 - se / tot, count: n };
}
