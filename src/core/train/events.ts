/**
 * What the trainer tells the world, as one discriminated union of plain serializable objects: the same
 * events reach the CLI's printer in Node and, through postMessage, the Train stage in the browser.
 */
import type { EvalMetrics } from './metrics';
import type { Thresholds } from '../export/types';
import type { MetricName } from '../spec/jobSpec';

import type { SerializedError } from '../errors';

export { serializeError, type SerializedError } from '../errors';

export interface StartedEvent {
  type: 'started';
  /** The tfjs backend actually in use, e.g. 'webgpu', 'wasm', 'cpu'. */
  backend: string;
  /** Why that backend, in words, e.g. 'WebGPU adapter is software (SwiftShader); wasm is faster here'. */
  backendReason: string;
  totalSteps: number;
  stepsPerEpoch: number;
  epochs: number;
  trainExamples: number;
  /** Optimizer step the job resumed from (0 for a fresh start). */
  startStep: number;
  /** Set when newer checkpoints were damaged and skipped: which, why, and where the run resumed instead. */
  resumeNote?: string;
}

/** Training progress, throttled by the trainer (about every 250 ms, plus every epoch's last step and every evaluated step). */
export interface StepEvent {
  type: 'step';
  /** Optimizer steps done (1-based after the first step). */
  step: number;
  totalSteps: number;
  /** Fractional epoch, e.g. 1.25. */
  epoch: number;
  /** Mean loss of this step's (accumulated) batches. */
  loss: number;
  /** Exponential moving average of the loss (bias-corrected), for a readable chart. */
  smoothedLoss: number;
  /** Learning rate per parameter group name ('embeddings', 'layer.0', …, 'head') at this step. */
  learningRates: Record<string, number>;
  /** Global gradient norm before clipping. */
  gradNorm: number;
  samplesPerSecond: number;
  /** Estimated seconds left for training (evaluation excluded). */
  etaSeconds: number;
}

export interface EvaluationEvent {
  type: 'evaluation';
  split: 'validation' | 'test';
  epoch: number;
  step: number;
  metrics: EvalMetrics;
}

export interface CheckpointEvent {
  type: 'checkpoint';
  checkpointId: string;
  step: number;
  epoch: number;
  /** Whether this checkpoint is now the best by the job's metric. */
  isBest: boolean;
}

export interface PausedEvent {
  type: 'paused';
  step: number;
  /** A checkpoint written on pause, so the job survives closing the tab. */
  checkpointId?: string;
}

export interface ResumedEvent {
  type: 'resumed';
  step: number;
}

export interface LayerUnfrozenEvent {
  type: 'unfrozen';
  epoch: number;
  /** Group names trainable from now on. */
  trainableGroups: string[];
}

/** Something a person must see, e.g. a model that predicts one class for every validation row. */
export interface WarningEvent {
  type: 'warning';
  code: 'one-class';
  split: 'validation' | 'test';
  step: number;
  message: string;
}

export type DoneReason = 'completed' | 'early-stopped' | 'cancelled' | 'diverged';

export interface DoneEvent {
  type: 'done';
  reason: DoneReason;
  /** In words, e.g. 'loss became NaN at step 37; kept the best checkpoint (step 30)'. */
  message: string;
  step: number;
  bestStep: number | null;
  bestCheckpointId: string | null;
  bestMetric: { name: MetricName; value: number } | null;
  /** Test-split metrics of the best weights, when there is a test split and the job was not cancelled. */
  testMetrics: EvalMetrics | null;
  /** The decision threshold tuned on validation (hyperparameters.decisionThreshold 'tuned'); test metrics used it. */
  thresholds?: Thresholds;
}

export interface ErrorEvent {
  type: 'error';
  error: SerializedError;
}

export type TrainerEvent =
  | StartedEvent
  | StepEvent
  | EvaluationEvent
  | CheckpointEvent
  | PausedEvent
  | ResumedEvent
  | LayerUnfrozenEvent
  | WarningEvent
  | DoneEvent
  | ErrorEvent;

export type TrainerEventType = TrainerEvent['type'];

/** One line per event for the CLI and logs; exhaustive so a new event type cannot be forgotten. */
export function describeEvent(e: TrainerEvent): string {
  const f = (x: number, d = 4) => (Number.isFinite(x) ? x.toFixed(d) : String(x));
  switch (e.type) {
    case 'started':
      return `started on ${e.backend} (${e.backendReason}): ${e.trainExamples} train examples, ${e.epochs} epochs, ${e.totalSteps} steps${e.startStep ? `, resuming at step ${e.startStep}` : ''}${e.resumeNote ? `\nwarning: ${e.resumeNote}` : ''}`;
    case 'step':
      return `step ${e.step}/${e.totalSteps} epoch ${f(e.epoch, 2)} loss ${f(e.loss)} (smoothed ${f(e.smoothedLoss)}) ${f(e.samplesPerSecond, 1)} samples/s eta ${Math.round(e.etaSeconds)}s`;
    case 'evaluation': {
      const m = e.metrics;
      const body = m.kind === 'single'
        ? `accuracy ${f(m.accuracy)} macro-F1 ${f(m.macro_f1)}`
        : m.kind === 'multi'
          ? `micro-F1 ${f(m.micro_f1)} macro-F1 ${f(m.macro_f1)}`
          : `MSE ${f(m.mse)} MAE ${f(m.mae)} R² ${f(m.r2)}`;
      return `${e.split} @ step ${e.step}: loss ${f(m.loss)} ${body}`;
    }
    case 'checkpoint':
      return `checkpoint ${e.checkpointId} at step ${e.step}${e.isBest ? ' (best so far)' : ''}`;
    case 'paused':
      return `paused at step ${e.step}`;
    case 'resumed':
      return `resumed at step ${e.step}`;
    case 'unfrozen':
      return `epoch ${e.epoch}: trainable groups ${e.trainableGroups.join(', ')}`;
    case 'warning':
      return `WARNING (${e.split} @ step ${e.step}): ${e.message}`;
    case 'done': {
      const t = e.thresholds ? `; decision threshold ${Object.entries(e.thresholds.values).map(([l, v]) => `"${l}" ≥ ${v.toFixed(4)}`).join(', ')} (validation ${e.thresholds.metric} ${e.thresholds.tunedScore?.toFixed(4)} vs ${e.thresholds.defaultScore?.toFixed(4)} at 0.5)` : '';
      return `done (${e.reason}): ${e.message}${t}`;
    }
    case 'error':
      return `error: ${e.error.name}: ${e.error.message}`;
    default: {
      const never: never = e;
      return `unknown event ${JSON.stringify(never)}`;
    }
  }
}

/** A tiny listener set: how runners implement onEvent. */
export function createEventHub(): { emit(e: TrainerEvent): void; on(l: (e: TrainerEvent) => void): () => void } {
  const listeners = new Set<(e: TrainerEvent) => void>();
  return {
    emit(e) { for (const l of listeners) l(e); },
    on(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
}
