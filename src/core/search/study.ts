/**
 * A study: what to tune (space), how to pick the next trial (sampler), when to stop one early (pruner),
 * what "better" means (a validation metric and its direction — never the test split), and how much to
 * spend (trials and/or minutes). The spec and the study's whole state are plain, versioned JSON, like the
 * JobSpec, so IndexedDB and a study.json file hold them and a study resumes from either.
 */
import type { JobSpec, MetricName } from '../spec/jobSpec';
import type { SearchSpace, TrialParams } from './space';

export const STUDY_SPEC_VERSION = 1;
export const STUDY_FORMAT = 'ftstudio-study';

export type SamplerKind = 'grid' | 'random' | 'tpe';
export type PrunerKind = 'none' | 'median' | 'asha';
export type Direction = 'maximize' | 'minimize';

export interface SamplerSpec {
  kind: SamplerKind;
  seed: number;
  /** TPE: trials sampled at random before the Parzen estimators take over (Optuna's n_startup_trials). */
  nStartupTrials?: number;
  /** TPE: candidates drawn from the good estimator per parameter (Optuna's n_ei_candidates, 24). */
  nEiCandidates?: number;
}

export interface MedianPrunerSpec {
  kind: 'median';
  /** No pruning until this many trials have completed (Optuna's default 5). */
  nStartupTrials: number;
  /** No pruning of a trial before this step (0-based, as Optuna). */
  nWarmupSteps: number;
  /** Check every this many steps after the warm-up. */
  intervalSteps: number;
}

export interface AshaPrunerSpec {
  kind: 'asha';
  /** Steps before the first rung. */
  minResource: number;
  /** η: a trial goes on to the next rung only when it is in the top 1/η of the trials that reached this one. */
  reductionFactor: number;
  /** s: the first rung is at minResource · η^s. */
  minEarlyStoppingRate: number;
}

export type PrunerSpec = { kind: 'none' } | MedianPrunerSpec | AshaPrunerSpec;

export interface StudySpec {
  version: typeof STUDY_SPEC_VERSION;
  space: SearchSpace;
  sampler: SamplerSpec;
  pruner: PrunerSpec;
  /** A validation-split metric; the test split is scored once, for the best trial's model only. */
  objective: { metric: MetricName; direction: Direction };
  /** At least one of the two; the study stops at whichever comes first. */
  budget: { trials?: number; minutes?: number };
  /**
   * Trial 0 runs the base job's own values of the searched parameters (baseTrial.ts), when they lie in the
   * space; then the sampler. Ignored by the grid sampler, which runs every combination anyway.
   */
  baseTrial?: boolean;
}

export type TrialState = 'running' | 'complete' | 'pruned' | 'failed';

export interface Trial {
  /** 0-based, in the order trials were started. */
  number: number;
  params: TrialParams;
  state: TrialState;
  /** The best validation value of the objective over the trial's evaluations (its exported weights'); null unless complete. */
  value: number | null;
  /**
   * The objective after each validation evaluation, by step: the number of evaluations so far minus one
   * (0 after the first epoch when evaluating per epoch), the step pruners compare across trials.
   */
  intermediate: Record<string, number>;
  durationS: number;
  /** Why it failed (diverged, an error) or was pruned. */
  error?: string;
  /** The trainer's job id (checkpoints are keyed by it) and the trial's best checkpoint. */
  jobId: string;
  bestCheckpointId?: string | null;
  /** ASHA: the value recorded at each rung the trial completed (Optuna's completed_rung_i). */
  rungs?: number[];
}

export type StopReason = 'trials' | 'minutes' | 'grid-exhausted' | 'stopped' | 'storage';

export interface Study {
  format: typeof STUDY_FORMAT;
  version: typeof STUDY_SPEC_VERSION;
  spec: StudySpec;
  /** What every trial starts from; a trial's JobSpec is applyTrialParams(baseJob, trial.params). */
  baseJob: JobSpec;
  trials: Trial[];
  /** Seconds spent running trials, over all sessions (the minutes budget counts these). */
  elapsedS: number;
  /** Why the last session stopped; absent while running. */
  stopReason?: StopReason;
  /** In words, e.g. 'storage is full (ENOSPC …): stopped; the best trial is kept'. */
  stopMessage?: string;
  /** The model made from the best trial, once it is scored on the test split. */
  final?: { trial: number; testMetrics: unknown };
}

/**
 * A new study. Its base job picks each trial's best checkpoint by the objective (the trial's value is that
 * checkpoint's score) and keeps only the best and the last checkpoint of a trial, to resume it.
 */
export function createStudy(spec: StudySpec, baseJob: JobSpec): Study {
  const job = structuredClone(baseJob);
  job.hyperparameters.earlyStopping.metric = spec.objective.metric;
  job.hyperparameters.checkpoints.keepLast = 1;
  return { format: STUDY_FORMAT, version: STUDY_SPEC_VERSION, spec, baseJob: job, trials: [], elapsedS: 0 };
}

/** Whether a is better than b for the study's direction. */
export function isBetter(a: number, b: number, direction: Direction): boolean {
  return direction === 'maximize' ? a > b : a < b;
}

export function completeTrials(study: Study): Trial[] {
  return study.trials.filter((t) => t.state === 'complete' && t.value !== null);
}

/** The best complete trial, the earliest on ties (as Optuna); null when none completed. */
export function bestTrial(study: Study): Trial | null {
  let best: Trial | null = null;
  for (const t of completeTrials(study)) if (!best || isBetter(t.value!, best.value!, study.spec.objective.direction)) best = t;
  return best;
}

/** The last reported step of a trial and its value, or null before its first evaluation. */
export function lastIntermediate(trial: Trial): { step: number; value: number } | null {
  let step = -1;
  for (const k of Object.keys(trial.intermediate)) step = Math.max(step, Number(k));
  return step < 0 ? null : { step, value: trial.intermediate[step] };
}

export function countByState(study: Study): Record<TrialState, number> {
  const c: Record<TrialState, number> = { running: 0, complete: 0, pruned: 0, failed: 0 };
  for (const t of study.trials) c[t.state]++;
  return c;
}
