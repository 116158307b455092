/**
 * Runs a study's trials one at a time through any JobRunner (the in-thread trainer in Node, the training
 * worker in the browser): builds each trial's JobSpec, reports each validation evaluation to the pruner,
 * cancels a trial the pruner stops, marks diverged or erroring trials failed and goes on, stops at the
 * budget, on request, or when storage runs out, and persists the study after every change so it resumes
 * (an interrupted trial continues from its last checkpoint). Trials never see the test split.
 */
import { SPLIT_CODE, type TrainingData } from '../data/types';
import type { JobSpec } from '../spec/jobSpec';
import type { CheckpointStore } from '../train/checkpoint';
import type { DoneEvent, EvaluationEvent, TrainerEvent } from '../train/events';
import { metricValue } from '../train/metrics';
import type { JobRunner } from '../train/jobRunner';
import { applyTrialParams } from './apply';
import { shouldPrune } from './pruners';
import { gridSize, suggest } from './samplers';
import { isStorageError } from './storageErrors';
import { bestTrial, type StopReason, type Study, type Trial } from './study';

export type StudyEvent =
  | { type: 'trial-started'; trial: Trial; resumedFrom: string | null }
  | { type: 'trial-event'; trial: number; event: TrainerEvent }
  | { type: 'trial-finished'; trial: Trial; best: Trial | null }
  | { type: 'study-stopped'; reason: StopReason; message: string };

/** Stop the study: the running trial is cancelled at its next step and left resumable. */
export interface StudyControl {
  readonly stopRequested: boolean;
  stop(): void;
}

export function createStudyControl(): StudyControl & { onStop: (() => void) | null } {
  const c = {
    stopRequested: false,
    onStop: null as (() => void) | null,
    stop() {
      c.stopRequested = true;
      c.onStop?.();
    },
  };
  return c;
}

export interface RunStudyOptions<M> {
  study: Study;
  runner: JobRunner<M>;
  /** A fresh pre-trained model for one trial's JobSpec (its head initialised with the trial's seed). */
  modelFor(spec: JobSpec): Promise<M>;
  releaseModel?(model: M): void;
  /** All the data; the test split is hidden from trials. */
  data: TrainingData;
  /** The store the runner's trainer writes to: to resume trials and delete what the study no longer needs. */
  store: Pick<CheckpointStore, 'list' | 'delete'>;
  /** Saves the study (IndexedDB, study.json); a failure stops the study as storage running out. */
  persist(study: Study): Promise<void>;
  control?: StudyControl & { onStop: (() => void) | null };
  onEvent?(e: StudyEvent): void;
  /** Milliseconds; performance.now by default. */
  now?(): number;
}

/** A trial's JobSpec: the base job with the trial's values written in. */
export function trialJobSpec(study: Study, trial: Trial): JobSpec {
  return applyTrialParams(study.baseJob, trial.params);
}

/** The same data with the test rows excluded, so no trial can score or select on them. */
export function hideTestSplit(data: TrainingData): TrainingData {
  return { ...data, split: data.split.map((c) => (c === SPLIT_CODE.test ? SPLIT_CODE.excluded : c)) };
}

/** The pruners' step of a validation evaluation: evaluations so far − 1 (0-based, as Optuna's steps). */
export function evaluationStep(spec: JobSpec, e: EvaluationEvent): number {
  const ev = spec.hyperparameters.evaluation;
  return Math.round(ev.strategy === 'epoch' ? e.epoch : e.step / ev.everySteps) - 1;
}

function budgetReached(study: Study): { reason: StopReason; message: string } | null {
  const { trials, minutes } = study.spec.budget;
  if (trials !== undefined && study.trials.length >= trials) return { reason: 'trials', message: `ran ${study.trials.length} of ${trials} trials` };
  if (minutes !== undefined && study.elapsedS >= minutes * 60) return { reason: 'minutes', message: `the ${minutes}-minute budget is spent (${Math.round(study.elapsedS)} s)` };
  return null;
}

type Outcome = { stop: { reason: StopReason; message: string } | null };

/** Records how one run of a trial ended; returns whether the study must stop. */
function settleTrial(trial: Trial, done: DoneEvent | null, error: unknown, pruned: string | null, stopRequested: boolean): Outcome {
  if (error !== null) {
    const message = (error as Error)?.message ?? String(error);
    trial.state = 'failed';
    trial.error = message;
    if (isStorageError(error)) return { stop: { reason: 'storage', message: `storage ran out during trial ${trial.number} (${message}); stopped, the best trial is kept` } };
    return { stop: null };
  }
  const d = done!;
  trial.bestCheckpointId = d.bestCheckpointId;
  if (pruned !== null) {
    trial.state = 'pruned';
    trial.error = pruned;
  } else if (d.reason === 'cancelled' && stopRequested) {
    // Interrupted: stays running, and a resumed study continues it from its last checkpoint.
    return { stop: { reason: 'stopped', message: `stopped during trial ${trial.number}; resume to continue it` } };
  } else if (d.reason === 'diverged' || d.reason === 'cancelled') {
    trial.state = 'failed';
    trial.error = d.message;
  } else if (!d.bestMetric) {
    trial.state = 'failed';
    trial.error = 'no validation score: the validation split is empty';
  } else {
    trial.state = 'complete';
    trial.value = d.bestMetric.value;
  }
  return { stop: null };
}

/** Deletes checkpoints the study no longer needs: all but the best complete trial's best one. */
async function tidyCheckpoints(study: Study, trial: Trial, previousBest: Trial | null, store: RunStudyOptions<unknown>['store']): Promise<void> {
  const best = bestTrial(study);
  const drop = async (t: Trial, keep: string | null) => {
    for (const c of await store.list(t.jobId)) if (c.id !== keep) await store.delete(c.id);
  };
  try {
    if (best === trial) {
      await drop(trial, trial.bestCheckpointId ?? null);
      if (previousBest && previousBest !== trial) await drop(previousBest, null);
    } else {
      await drop(trial, null);
    }
  } catch {
    // Best effort: a checkpoint left behind costs space, never a result.
  }
}

async function runOneTrial<M>(opts: RunStudyOptions<M>, trial: Trial, hidden: TrainingData, resuming: boolean): Promise<Outcome> {
  const { study, runner, store } = opts;
  const now = opts.now ?? (() => performance.now());
  const spec = trialJobSpec(study, trial);
  const checkpoints = await store.list(trial.jobId);
  const resumeFrom = resuming ? checkpoints.at(-1)?.id ?? null : null;
  if (!resumeFrom) {
    // A fresh start (or a restart without a checkpoint): nothing of an earlier attempt counts.
    for (const c of checkpoints) await store.delete(c.id);
    trial.intermediate = {};
    delete trial.rungs;
  }
  opts.onEvent?.({ type: 'trial-started', trial, resumedFrom: resumeFrom });

  let pruned: string | null = null;
  const unsubscribe = runner.onEvent((event) => {
    opts.onEvent?.({ type: 'trial-event', trial: trial.number, event });
    if (event.type !== 'evaluation' || event.split !== 'validation' || pruned !== null) return;
    const value = metricValue(event.metrics, study.spec.objective.metric);
    if (value === undefined) return;
    const step = evaluationStep(spec, event);
    trial.intermediate[step] = value;
    if (shouldPrune(study, trial, step)) {
      pruned = `pruned at step ${step} (${study.spec.objective.metric} ${value.toFixed(4)})`;
      runner.cancel();
    }
  });
  const started = now();
  let done: DoneEvent | null = null;
  let error: unknown = null;
  let model: M | null = null;
  try {
    model = await opts.modelFor(spec);
    done = await runner.start({ jobId: trial.jobId, spec, data: hidden, model, ...(resumeFrom ? { resumeFrom } : {}) });
  } catch (e) {
    error = e;
  } finally {
    unsubscribe();
    if (model !== null) opts.releaseModel?.(model);
  }
  const seconds = (now() - started) / 1000;
  trial.durationS += seconds;
  study.elapsedS += seconds;
  return settleTrial(trial, done, error, pruned, opts.control?.stopRequested ?? false);
}

function nextTrial(study: Study): Trial | { reason: StopReason; message: string } {
  const grid = study.spec.sampler.kind === 'grid';
  if (grid && study.trials.length >= gridSize(study.spec.space)) return { reason: 'grid-exhausted', message: `ran all ${study.trials.length} combinations of the grid` };
  const limit = budgetReached(study);
  if (limit) return limit;
  const params = suggest(study);
  if (!params) throw new Error('the sampler proposed no trial');
  const number = study.trials.length;
  return { number, params, state: 'running', value: null, intermediate: {}, durationS: 0, jobId: `trial-${number}` };
}

async function persistOrStop(opts: RunStudyOptions<unknown>): Promise<Outcome> {
  try {
    await opts.persist(opts.study);
    return { stop: null };
  } catch (e) {
    return { stop: { reason: 'storage', message: `could not save the study (${(e as Error).message}); stopped, the best trial is kept` } };
  }
}

/** Runs trials until the budget, a stop request, an exhausted grid or full storage; returns the study. */
export async function runStudy<M>(opts: RunStudyOptions<M>): Promise<Study> {
  const { study } = opts;
  const hidden = hideTestSplit(opts.data);
  if (opts.control) opts.control.onStop = () => opts.runner.cancel();
  delete study.stopReason;
  delete study.stopMessage;
  let stop: { reason: StopReason; message: string } | null = null;
  while (!stop) {
    if (opts.control?.stopRequested) {
      stop = { reason: 'stopped', message: 'stopped' };
      break;
    }
    const interrupted = study.trials.find((t) => t.state === 'running');
    const next = interrupted ?? nextTrial(study);
    if (!('number' in next)) {
      stop = next;
      break;
    }
    if (!interrupted) study.trials.push(next);
    const previousBest = bestTrial(study);
    stop = (await persistOrStop(opts as RunStudyOptions<unknown>)).stop;
    if (stop) break;
    stop = (await runOneTrial(opts, next, hidden, interrupted !== undefined)).stop;
    opts.onEvent?.({ type: 'trial-finished', trial: next, best: bestTrial(study) });
    const saved = (await persistOrStop(opts as RunStudyOptions<unknown>)).stop;
    stop ??= saved;
    // Only once the saved study says how the trial ended: a reload or crash before that save must find
    // the "running" trial's checkpoints still there to resume from.
    if (next.state !== 'running') await tidyCheckpoints(study, next, previousBest, opts.store);
  }
  study.stopReason = stop.reason;
  study.stopMessage = stop.message;
  await persistOrStop(opts as RunStudyOptions<unknown>);
  if (opts.control) opts.control.onStop = null;
  opts.onEvent?.({ type: 'study-stopped', reason: stop.reason, message: stop.message });
  return study;
}
