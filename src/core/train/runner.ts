/**
 * JobRunner: how a caller drives a training job, whoever runs it. The in-thread trainer (CLI, tests) and
 * the worker client (browser) both implement it, so the Train stage and the CLI code against one shape.
 */
import type { TrainingData } from '../data/types';
import type { JobSpec } from '../spec/jobSpec';
import type { DoneEvent, TrainerEvent } from './events';

export interface StartJobRequest<M> {
  /** Stable id of the job; checkpoints are keyed by it. */
  jobId: string;
  spec: JobSpec;
  data: TrainingData;
  /**
   * Where the model comes from. The worker client takes the model source's files (serializable); the
   * in-thread runner takes an already loaded model and tokenizer.
   */
  model: M;
  /** Continue from this checkpoint (of the same job) instead of starting fresh. */
  resumeFrom?: string;
}

export interface JobRunner<M> {
  /**
   * Runs the job to its end. Resolves with the final `done` event (completed, early-stopped, cancelled,
   * diverged); rejects only on an error, which is also emitted as an `error` event.
   */
  start(request: StartJobRequest<M>): Promise<DoneEvent>;
  /** Stops after the current step and writes a checkpoint; `resume()` continues in place. */
  pause(): void;
  resume(): void;
  /** Stops after the current step; the best checkpoint is kept. */
  cancel(): void;
  /** Subscribe to events; returns the unsubscribe function. */
  onEvent(listener: (event: TrainerEvent) => void): () => void;
}

/**
 * The flags a running trainer checks between steps. Callbacks (UI buttons, worker messages, Ctrl-C) only
 * flip these; the loop acts on them at a safe point, never in the middle of a step.
 */
export interface TrainerControl {
  pauseRequested: boolean;
  cancelRequested: boolean;
  /** Resolves when resume() is called while paused. */
  waitForResume(): Promise<void>;
  pause(): void;
  resume(): void;
  cancel(): void;
}

export function createTrainerControl(): TrainerControl {
  let wake: (() => void) | null = null;
  const control: TrainerControl = {
    pauseRequested: false,
    cancelRequested: false,
    waitForResume: () => new Promise<void>((resolve) => {
      if (!control.pauseRequested || control.cancelRequested) resolve();
      else wake = resolve;
    }),
    pause() { control.pauseRequested = true; },
    resume() {
      control.pauseRequested = false;
      wake?.();
      wake = null;
    },
    cancel() {
      control.cancelRequested = true;
      wake?.();
      wake = null;
    },
  };
  return control;
}

/** A tiny listener set for runners' onEvent. */
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
