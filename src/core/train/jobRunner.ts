/**
 * JobRunner: how a caller drives a training job, whoever runs it. The in-thread runner (CLI, the training
 * worker, tests) and the worker client (the page) both implement it, so the Train stage and the CLI code
 * against one shape.
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
