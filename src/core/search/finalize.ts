/**
 * The study's result: the best complete trial's best checkpoint becomes the model, and the test split is
 * scored once, for that model only (trials never saw it). Runs where the model lives (the CLI's thread,
 * the training worker).
 */
import type { TrainingData } from '../data/types';
import type { TextTokenizer } from '../model/tokenizer';
import type { SequenceClassifier } from '../model/types';
import type { JobSpec } from '../spec/jobSpec';
import type { CheckpointRecord, CheckpointStore } from '../train/checkpoint';
import { splitRows } from '../train/data';
import { tuneThresholdFor } from '../train/decisionThreshold';
import { evaluateRows } from '../train/evaluate';
import type { EvalMetrics } from '../train/metrics';
import type { Thresholds } from '../export/types';
import { writeWeights } from '../train/weightsIO';
import { trialJobSpec } from './runner';
import { bestTrial, countByState, type Study, type Trial } from './study';

export interface FinalModel {
  trial: Trial;
  spec: JobSpec;
  checkpoint: CheckpointRecord;
  /** The decision threshold tuned on validation, when the job asks for one (test metrics used it). */
  thresholds?: Thresholds;
  /** Validation metrics of the exported weights (the best evaluation of the best trial). */
  validation: EvalMetrics | undefined;
  /** Test metrics, scored here once; null when there is no test split. */
  test: EvalMetrics | null;
}

/** Why there is no model: how the trials ended and the first distinct failures. */
export function noBestMessage(study: Study): string {
  const c = countByState(study);
  const reasons = [...new Set(study.trials.filter((t) => t.state === 'failed').map((t) => t.error))].slice(0, 3);
  return `no trial completed (${c.failed} failed, ${c.pruned} pruned, ${c.running} interrupted)` +
    (reasons.length ? `; failures: ${reasons.join('; ')}` : '');
}

export async function finalizeBestTrial(opts: {
  study: Study;
  store: Pick<CheckpointStore, 'load'>;
  /** A freshly loaded model for the study's task; its weights are overwritten with the best checkpoint's. */
  model: SequenceClassifier;
  tokenizer: Pick<TextTokenizer, 'encodeBatch'>;
  data: TrainingData;
}): Promise<FinalModel> {
  const { study, model, data } = opts;
  const trial = bestTrial(study);
  if (!trial) throw new Error(noBestMessage(study));
  const id = trial.bestCheckpointId;
  const checkpoint = id ? await opts.store.load(id) : null;
  if (!checkpoint) throw new Error(`the best trial (${trial.number}) has no saved checkpoint${id ? ` (${id} is missing)` : ''}`);
  writeWeights(model.weights, checkpoint.weights, `checkpoint ${checkpoint.id}`);
  const spec = trialJobSpec(study, trial);
  const hp = spec.hyperparameters;
  const validation = checkpoint.history.evaluations.find((e) => e.split === 'validation' && e.step === checkpoint.state.bestStep)?.metrics;
  const { test: rows, validation: validationRows } = splitRows(data);
  let test: EvalMetrics | null = null;
  const encoded = opts.tokenizer.encodeBatch(data.texts, data.pairs, hp.maxSequenceLength);
  const evalOptions = { batchSize: hp.batchSize * 2, maxLength: hp.maxSequenceLength };
  // A job that tunes its decision threshold (Auto, for a rare class) is scored as `train` scores it.
  const thresholds = await tuneThresholdFor(spec, model, data, encoded, validationRows, evalOptions);
  if (rows.length > 0) {
    test = await evaluateRows(model, data, encoded, rows, { ...evalOptions, positiveThreshold: thresholds?.values[spec.task.labelNames[1]] });
  }
  study.final = { trial: trial.number, testMetrics: test };
  return { trial, spec, checkpoint, validation, test, ...(thresholds ? { thresholds } : {}) };
}
