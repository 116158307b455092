/**
 * The main thread's handle on the training worker: implements core's JobRunner over postMessage, so the
 * Train stage drives a worker exactly as the CLI drives the in-thread trainer.
 */
import type { ModelFiles } from '../core/model/sources/types';
import type { DoneEvent, SerializedError, TrainerEvent } from '../core/train/events';
import type { JobRunner, StartJobRequest } from '../core/train/jobRunner';
import type { BackendChoice } from './backendChoice';
import type { FinalizedPayload, FinalizePayload, MainToWorker, ResumeFromCheckpointPayload, WorkerToMain } from './trainProtocol';
import { assertNever } from './trainProtocol';

/** A Worker as far as this client needs one; injectable for tests. */
export interface WorkerLike {
  postMessage(message: MainToWorker): void;
  addEventListener(type: 'message', l: (e: MessageEvent<WorkerToMain>) => void): void;
  addEventListener(type: 'error', l: (e: ErrorEvent) => void): void;
  terminate(): void;
}

export interface TrainClient extends JobRunner<ModelFiles> {
  /** After a reload: continue the job from its newest checkpoint in IndexedDB. */
  resumeFromCheckpoint(request: ResumeFromCheckpointPayload): Promise<DoneEvent>;
  /** A study's best trial → the model, the test split scored once (no job may be running). */
  finalize(request: FinalizePayload): Promise<FinalizedPayload>;
  /** The backend the worker chose (and why); called again if it falls back after a device loss. */
  onBackend(listener: (choice: BackendChoice) => void): () => void;
  /** Ends the worker (its GPU memory goes with it). */
  terminate(): void;
}

export class TrainingWorkerError extends Error {
  constructor(error: SerializedError, during?: string) {
    super(during ? `${error.message} (while ${during})` : error.message);
    this.name = error.name || 'TrainingWorkerError';
  }
}

export function defaultTrainWorker(): WorkerLike {
  return new Worker(new URL('./train.worker.ts', import.meta.url), { type: 'module', name: 'train' }) as unknown as WorkerLike;
}

export function createTrainClient(makeWorker: () => WorkerLike = defaultTrainWorker): TrainClient {
  const worker = makeWorker();
  const eventListeners = new Set<(e: TrainerEvent) => void>();
  const backendListeners = new Set<(c: BackendChoice) => void>();
  // The one job in flight: its promise settles on `done`, `error` or a fatal worker failure.
  let pending: { resolve: (d: DoneEvent) => void; reject: (e: Error) => void } | null = null;
  // A finalize request in flight: settles on `finalized` or a failure.
  let finalizing: { resolve: (f: FinalizedPayload) => void; reject: (e: Error) => void } | null = null;

  const settle = (outcome: { done: DoneEvent } | { error: Error }) => {
    if ('error' in outcome && finalizing) {
      finalizing.reject(outcome.error);
      finalizing = null;
    }
    const p = pending;
    pending = null;
    if (!p) return;
    if ('done' in outcome) p.resolve(outcome.done);
    else p.reject(outcome.error);
  };

  worker.addEventListener('message', (e: MessageEvent<WorkerToMain>) => {
    const msg = e.data;
    switch (msg.type) {
      case 'backend':
        for (const l of backendListeners) l(msg.payload.choice);
        break;
      case 'event': {
        const ev = msg.payload.event;
        for (const l of eventListeners) l(ev);
        if (ev.type === 'done') settle({ done: ev });
        else if (ev.type === 'error') settle({ error: new TrainingWorkerError(ev.error) });
        break;
      }
      case 'finalized':
        finalizing?.resolve(msg.payload);
        finalizing = null;
        break;
      case 'error': {
        const err = new TrainingWorkerError(msg.payload.error, msg.payload.during);
        // Surface it as a trainer error event too, so one listener sees every failure.
        for (const l of eventListeners) l({ type: 'error', error: { name: err.name, message: err.message } });
        settle({ error: err });
        break;
      }
      default:
        assertNever(msg, 'message from the training worker');
    }
  });
  worker.addEventListener('error', (e: ErrorEvent) => {
    const err = new TrainingWorkerError({ name: 'WorkerError', message: e.message || 'the training worker crashed or failed to load' });
    for (const l of eventListeners) l({ type: 'error', error: { name: err.name, message: err.message } });
    settle({ error: err });
  });

  const run = (message: MainToWorker): Promise<DoneEvent> => {
    if (pending) return Promise.reject(new Error('a job is already running in this worker'));
    const promise = new Promise<DoneEvent>((resolve, reject) => { pending = { resolve, reject }; });
    worker.postMessage(message);
    return promise;
  };

  return {
    start(request: StartJobRequest<ModelFiles>) {
      const { jobId, spec, data, model, resumeFrom } = request;
      return run({ type: 'start', payload: { jobId, spec, data, modelFiles: model, resumeFrom } });
    },
    resumeFromCheckpoint(request) {
      return run({ type: 'resumeFromCheckpoint', payload: request });
    },
    finalize(request) {
      if (pending || finalizing) return Promise.reject(new Error('the training worker is busy'));
      const promise = new Promise<FinalizedPayload>((resolve, reject) => { finalizing = { resolve, reject }; });
      worker.postMessage({ type: 'finalize', payload: request });
      return promise;
    },
    pause() { worker.postMessage({ type: 'pause', payload: {} }); },
    resume() { worker.postMessage({ type: 'resume', payload: {} }); },
    cancel() { worker.postMessage({ type: 'cancel', payload: {} }); },
    onEvent(listener) {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
    onBackend(listener) {
      backendListeners.add(listener);
      return () => backendListeners.delete(listener);
    },
    terminate() {
      worker.terminate();
      settle({ error: new Error('the training worker was stopped') });
    },
  };
}
