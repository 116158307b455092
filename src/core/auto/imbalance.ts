/**
 * Imbalance: when a class is rare, a model trained on the plain loss can score well by ignoring it (on a
 * 7 %-positive set the Quick and Standard presets predicted the majority class for every row). Auto then
 * weights the loss per class (balanced: n / (classes × count), sklearn's class_weight='balanced') and, for a
 * binary task, moves the decision threshold to the one that maximises macro-F1 on the validation split.
 */
import { IMBALANCE_RATIO } from '../data/split';
import type { TaskKind } from '../model/types';
import type { AutoDecision } from './types';

export interface ImbalanceFinding {
  /** Smallest class / largest class, in train rows. */
  ratio: number;
  smallest: { label: string; count: number };
  largest: { label: string; count: number };
  /** True when the largest class has more than IMBALANCE_RATIO (3) times the rows of the smallest. */
  rare: boolean;
}

/** Smallest and largest class of a single-label train split; null with fewer than two classes. */
export function findImbalance(labelNames: string[], counts: number[]): ImbalanceFinding | null {
  if (labelNames.length < 2 || counts.length !== labelNames.length) return null;
  let lo = 0, hi = 0;
  counts.forEach((c, i) => {
    if (c < counts[lo]) lo = i;
    if (c > counts[hi]) hi = i;
  });
  const ratio = counts[hi] === 0 ? 1 : counts[lo] / counts[hi];
  return {
    ratio, rare: counts[hi] > IMBALANCE_RATIO * counts[lo],
    smallest: { label: labelNames[lo], count: counts[lo] }, largest: { label: labelNames[hi], count: counts[hi] },
  };
}

const pct = (x: number) => `${Math.round(x * 100)} %`;

/** The class-weight and decision-threshold decisions for a task and its train class counts. */
export function imbalanceDecisions(task: TaskKind, labelNames: string[], counts: number[]): AutoDecision[] {
  if (task !== 'single_label_classification') return [];
  const f = findImbalance(labelNames, counts);
  if (!f) return [];
  const sizes = `the smallest class "${f.smallest.label}" has ${f.smallest.count} train rows, ${pct(f.ratio)} of the largest "${f.largest.label}" (${f.largest.count})`;
  const limit = `under 1/${IMBALANCE_RATIO} counts as rare`;
  const out: AutoDecision[] = [f.rare
    ? { field: 'hyperparameters.classWeights.mode', value: 'balanced', why: `Rare class: ${sizes}; ${limit}. Balanced class weights (n / (classes × count)) make its mistakes count as much as the common class's.` }
    : { field: 'hyperparameters.classWeights.mode', value: 'none', why: `Classes are balanced enough: ${sizes}; only ${limit}.` }];
  if (labelNames.length === 2) {
    out.push(f.rare
      ? { field: 'hyperparameters.decisionThreshold', value: 'tuned', why: `Binary task with a rare class: after training, the probability threshold for "${labelNames[1]}" is set to the one that maximises macro-F1 on the validation split (not 0.5); test scores and predictions use it.` }
      : { field: 'hyperparameters.decisionThreshold', value: 'argmax', why: 'Binary task with balanced classes: the more probable class wins (threshold 0.5).' });
  }
  return out;
}
