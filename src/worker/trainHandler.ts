/**
 * The training worker's logic as a plain function of its messages, so it is tested without a Worker
 * (train.worker.ts supplies the real environment: GPU probe, backends, IndexedDB). One job at a time: a
 * 'start' (or 'resumeFromCheckpoint', which finds the newest checkpoint itself) picks a backend, builds the
 * model and tokenizer from the files it is sent, and runs core's in-thread runner, forwarding every
 * TrainerEvent; 'pause', 'resume' and 'cancel' reach the running job. If the WebGPU device is lost mid-run
 * the job moves to the next backend and resumes from the newest checkpoint (deviceLossFallback.ts).
 * Failures outside the trainer's own events are answered as an ErrorReply naming what the worker was doing.
 */
import { errorReply } from '../core/errors';
import { finalizeBestTrial } from '../core/search/finalize';
import { bestTrial } from '../core/search/study';
import { createInThreadRunner, type LoadedJobModel } from '../core/train/inThreadRunner';
import { latestCheckpoint, type CheckpointStore } from '../core/train/checkpoint';
import type { DoneEvent, TrainerEvent } from '../core/train/events';
import type { JobRunner } from '../core/train/jobRunner';
import { chooseBackend, type BackendChoice, type BackendProbe } from './backendChoice';
import { runWithDeviceLossFallback } from './deviceLossFallback';
import {
  assertNever, parseMainToWorker, type FinalizePayload, type ResumeFromCheckpointPayload, type StartPayload, type WorkerToMain,
} from './trainProtocol';

/** What the handler needs from its surroundings; the worker passes the browser's, tests their own. */
export interface TrainWorkerEnv {
  /** What the environment offers (WebGPU adapter, wasm, webgl). */
  probe(): Promise<BackendProbe>;
  /** Starts a backend, walking its fallbacks when it cannot start; returns the one in use. */
  startBackend(choice: BackendChoice): Promise<BackendChoice>;
  /** Calls `onLost` when the current backend's device goes away. */
  watchLoss(onLost: (reason: string) => void): void;
  /** The model and tokenizer for a job, built from the files it was sent. */
  loadModel(p: StartPayload): Promise<LoadedJobModel>;
  /** Where checkpoints live (IndexedDB in the browser). */
  checkpointStore(): CheckpointStore;
  /** For logs. */
  note(message: string): void;
}

export type PostToPage = (m: WorkerToMain) => void;

/** The one job of this worker. */
interface Job {
  runner: JobRunner<LoadedJobModel> | null;
  /** The runner already reported an error event: no second reply for the same failure. */
  errorSent: boolean;
  busy: boolean;
}

/** One run on one backend; a lost device ends it quietly (the fallback carries on). */
async function runOnce(env: TrainWorkerEnv, post: PostToPage, p: StartPayload, choice: BackendChoice, job: Job, resumeFrom: string | undefined, lost: () => boolean): Promise<DoneEvent> {
  const { model, tokenizer } = await env.loadModel(p);
  const runner = createInThreadRunner({ store: env.checkpointStore(), backend: { name: choice.backend, reason: choice.reason } });
  job.runner = runner;
  const off = runner.onEvent((event: TrainerEvent) => {
    // The end of a run cut short by a lost device is handled by the fallback, not shown as the end.
    if ((event.type === 'error' || event.type === 'done') && lost()) return;
    if (event.type === 'error') job.errorSent = true;
    post({ type: 'event', payload: { event } });
  });
  try {
    return await runner.start({ jobId: p.jobId, spec: p.spec, data: p.data, model: { model, tokenizer }, resumeFrom });
  } finally {
    off();
    job.runner = null;
    model.dispose();
  }
}

async function newestCheckpointId(env: TrainWorkerEnv, jobId: string): Promise<string | undefined> {
  return (await latestCheckpoint(env.checkpointStore(), jobId))?.id;
}

/** Backend choice, then the run, moving to the next backend if the device is lost. */
async function train(env: TrainWorkerEnv, post: PostToPage, p: StartPayload, job: Job): Promise<void> {
  const first = chooseBackend(p.spec.hyperparameters.backend, await env.probe());
  await runWithDeviceLossFallback(first, {
    startBackend: env.startBackend,
    announce: (choice) => post({ type: 'backend', payload: { choice } }),
    watchLoss: env.watchLoss,
    run: async (choice, resumeFrom, lost) => { await runOnce(env, post, p, choice, job, resumeFrom, lost); },
    stopCurrent: () => job.runner?.cancel(),
    latestCheckpointId: () => newestCheckpointId(env, p.jobId),
    note: env.note,
  }, p.resumeFrom);
}

/** The study's best trial becomes the model: its best checkpoint, scored once on the test split. */
async function finalizeStudy(env: TrainWorkerEnv, post: PostToPage, p: FinalizePayload): Promise<void> {
  const best = bestTrial(p.study);
  if (!best) throw new Error('no trial of the study completed: there is no best trial to use');
  const spec = p.study.baseJob;
  const choice = await env.startBackend(chooseBackend(spec.hyperparameters.backend, await env.probe()));
  const { model, tokenizer } = await env.loadModel({ jobId: best.jobId, spec, data: p.data, modelFiles: p.modelFiles });
  try {
    const final = await finalizeBestTrial({ study: p.study, store: env.checkpointStore(), model, tokenizer, data: p.data });
    post({ type: 'finalized', payload: {
      trial: final.trial.number, checkpointId: final.checkpoint.id, spec: final.spec,
      validation: final.validation ?? null, test: final.test, backend: choice.backend,
    } });
  } finally {
    model.dispose();
  }
}

/**
 * Returns the worker's message handler; the promise it returns settles when the message has been dealt
 * with (for a start: when the job has ended). Its state — the one job — lives in this closure.
 */
export function createTrainHandler(env: TrainWorkerEnv, post: PostToPage): (data: unknown) => Promise<void> {
  const job: Job = { runner: null, errorSent: false, busy: false };

  async function runJob(p: StartPayload, during: string): Promise<void> {
    if (job.busy) {
      post(errorReply(Object.assign(new Error('this worker is already training a job'), { name: 'Busy' }), { during }));
      return;
    }
    job.busy = true;
    job.errorSent = false;
    try {
      await train(env, post, p, job);
    } catch (e) {
      // Failures inside training already arrived as the runner's 'error' event; this covers everything
      // before it (backend, tokenizer, model files).
      if (!job.errorSent) post(errorReply(e, { during }));
    } finally {
      job.busy = false;
    }
  }

  async function resumeLatest(p: ResumeFromCheckpointPayload): Promise<void> {
    let last: string | undefined;
    try {
      last = await newestCheckpointId(env, p.jobId);
      if (!last) throw Object.assign(new Error(`job ${p.jobId} has no checkpoint in this browser to resume from`), { name: 'NoCheckpoint' });
    } catch (e) {
      post(errorReply(e, { during: 'resuming' }));
      return;
    }
    await runJob({ ...p, resumeFrom: last }, 'resuming from the last checkpoint');
  }

  async function finalizeOnce(p: FinalizePayload): Promise<void> {
    if (job.busy) {
      post(errorReply(Object.assign(new Error('this worker is busy training'), { name: 'Busy' }), { during: 'finalizing the best trial' }));
      return;
    }
    job.busy = true;
    try {
      await finalizeStudy(env, post, p);
    } catch (e) {
      post(errorReply(e, { during: 'finalizing the best trial' }));
    } finally {
      job.busy = false;
    }
  }

  return async (data: unknown) => {
    let msg;
    try {
      msg = parseMainToWorker(data);
    } catch (err) {
      post(errorReply(err, { during: 'reading a message' }));
      return;
    }
    switch (msg.type) {
      case 'start': return runJob(msg.payload, 'starting the job');
      case 'resumeFromCheckpoint': return resumeLatest(msg.payload);
      case 'finalize': return finalizeOnce(msg.payload);
      case 'pause': job.runner?.pause(); return;
      case 'resume': job.runner?.resume(); return;
      case 'cancel': job.runner?.cancel(); return;
      default: assertNever(msg, 'message to the training worker');
    }
  };
}
