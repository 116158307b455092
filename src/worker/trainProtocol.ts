/**
 * Messages between the Train stage (main thread) and the training worker. Discriminated unions, each
 * message type with its own payload type; both sides switch exhaustively (see assertNever).
 * Everything is structured-clonable: TrainingData's typed arrays and ModelFiles' ArrayBuffer travel as-is.
 */
import type { TrainingData } from '../core/data/types';
import type { ModelFiles } from '../core/model/sources/types';
import type { JobSpec } from '../core/spec/jobSpec';
import type { ErrorReply } from '../core/errors';
import type { TrainerEvent } from '../core/train/events';
import type { Study } from '../core/search/study';
import type { StudyFinalModel } from '../storage/studyStore';
import type { BackendChoice } from './backendChoice';

// ---- main → worker ----

export interface StartPayload {
  jobId: string;
  spec: JobSpec;
  data: TrainingData;
  modelFiles: ModelFiles;
  /** Continue from this checkpoint id of the same job. */
  resumeFrom?: string;
}

/** After a reload: continue a job from its newest checkpoint in IndexedDB (found by the worker). */
export interface ResumeFromCheckpointPayload {
  jobId: string;
  spec: JobSpec;
  data: TrainingData;
  modelFiles: ModelFiles;
}

/** A study's best trial → the model: its best checkpoint loaded, the test split scored once (finalizeBestTrial). */
export interface FinalizePayload {
  study: Study;
  /** The data the trials saw, test split included (the trials never saw it; this scores it). */
  data: TrainingData;
  modelFiles: ModelFiles;
}

export type EmptyPayload = Record<string, never>;

export type MainToWorker =
  | { type: 'start'; payload: StartPayload }
  | { type: 'pause'; payload: EmptyPayload }
  | { type: 'resume'; payload: EmptyPayload }
  | { type: 'cancel'; payload: EmptyPayload }
  | { type: 'resumeFromCheckpoint'; payload: ResumeFromCheckpointPayload }
  | { type: 'finalize'; payload: FinalizePayload };

// ---- worker → main ----

export interface BackendPayload {
  choice: BackendChoice;
}

export interface TrainerEventPayload {
  event: TrainerEvent;
}

/** The answer to 'finalize': which trial and checkpoint became the model, and its scores. */
export type FinalizedPayload = StudyFinalModel;

/**
 * `error`: a failure outside the trainer's own events (bad message, backend setup, model load), with what
 * the worker was doing (`during`). Failures inside training arrive as the trainer's 'error' event.
 */
export type WorkerToMain =
  | { type: 'backend'; payload: BackendPayload }
  | { type: 'event'; payload: TrainerEventPayload }
  | { type: 'finalized'; payload: FinalizedPayload }
  | ErrorReply;

export type MainToWorkerType = MainToWorker['type'];
export type WorkerToMainType = WorkerToMain['type'];

export { assertNever } from '../core/errors';

/** Rejects anything that is not a known main → worker message, naming what arrived. */
export function parseMainToWorker(data: unknown): MainToWorker {
  const m = data as { type?: unknown; payload?: unknown } | null;
  const known: MainToWorkerType[] = ['start', 'pause', 'resume', 'cancel', 'resumeFromCheckpoint', 'finalize'];
  if (!m || typeof m !== 'object' || !known.includes(m.type as MainToWorkerType) || typeof m.payload !== 'object' || m.payload === null) {
    throw new Error(`training worker got an unknown message: ${JSON.stringify(m)?.slice(0, 200)}`);
  }
  return m as MainToWorker;
}
