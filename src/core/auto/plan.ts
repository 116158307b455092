/**
 * autoPlan: the hyperparameters for a new job and every decision behind them, a pure function of what is
 * known before training (AutoInputs). The studio's Train stage shows it, `finetune-studio train` without
 * --preset prints it, and the decisions land in the JobSpec (`auto`) and the model card.
 */
import { familyPlan } from './family';
import { imbalanceDecisions } from './imbalance';
import { summarizeLengths } from './lengths';
import type { Hyperparameters } from '../spec/jobSpec';
import type { AutoDecision, AutoInputs, AutoPlan, LengthSummary } from './types';

function lengthDecision(lengths: LengthSummary, maxPositions: number): AutoDecision {
  const capped = lengths.proposed === maxPositions && lengths.p95 > maxPositions ? `, capped by the model's ${maxPositions} positions` : '';
  const cut = lengths.cut === 0 ? 'no text is cut' : `${lengths.cut} of ${lengths.total} train texts (${(100 * lengths.cut / Math.max(1, lengths.total)).toFixed(1)} %) are longer and get cut`;
  return {
    field: 'hyperparameters.maxSequenceLength', value: lengths.proposed,
    why: `Covers about 95 % of the train texts: 95 % have at most ${lengths.p95} tokens (longest ${lengths.longest}), rounded up to a multiple of 8${capped}; ${cut}.`,
  };
}

function duplicateDecision(duplicateRows: number): AutoDecision {
  return {
    field: 'dataset.splitMethod', value: 'duplicates kept together',
    why: duplicateRows === 0
      ? 'No text appears twice.'
      : `${duplicateRows} row(s) repeat an earlier row's exact text: each such text is kept, with all its copies in one split, so no test text was seen in training (drop them with the Data stage's "Duplicate text" rule).`,
  };
}

/** Writes a decision's value into the hyperparameters (the fields Auto decides beyond the family's base). */
function applyDecision(hp: Hyperparameters, d: AutoDecision): Hyperparameters {
  switch (d.field) {
    case 'hyperparameters.maxSequenceLength': return { ...hp, maxSequenceLength: d.value as number };
    case 'hyperparameters.classWeights.mode': return { ...hp, classWeights: { mode: d.value as Hyperparameters['classWeights']['mode'], custom: [] } };
    case 'hyperparameters.decisionThreshold': return { ...hp, decisionThreshold: d.value as Hyperparameters['decisionThreshold'] };
    default: return hp;
  }
}

export function autoPlan(inputs: AutoInputs): AutoPlan {
  const family = familyPlan(inputs.model, inputs.task);
  const lengths = summarizeLengths(inputs.trainTokenLengths, inputs.model.maxPositions);
  const own = [
    lengthDecision(lengths, inputs.model.maxPositions),
    ...imbalanceDecisions(inputs.task, inputs.labelNames, inputs.trainLabelCounts),
  ];
  const hyperparameters = own.reduce(applyDecision, family.hp);
  return { hyperparameters, decisions: [...family.decisions, ...own, duplicateDecision(inputs.duplicateRows)], lengths };
}

function valueAt(obj: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), obj);
}

/**
 * The decisions as they stand in a job: each hyperparameter decision whose field a person changed
 * afterwards is marked `overridden` (the spec holds the value they chose).
 */
export function reconcileDecisions(decisions: AutoDecision[], hyperparameters: Hyperparameters): AutoDecision[] {
  return decisions.map((d) => {
    if (!d.field.startsWith('hyperparameters.')) return d;
    const now = valueAt({ hyperparameters }, d.field);
    const { overridden: _, ...rest } = d;
    return now === d.value ? rest : { ...rest, overridden: true };
  });
}
