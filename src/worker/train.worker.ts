/// <reference lib="webworker" />
/**
 * The training worker: thin by design. It picks and starts a tfjs backend, builds the model and the
 * tokenizer from the files it is sent, and runs core's in-thread runner with an IndexedDB checkpoint
 * store, forwarding every TrainerEvent. If the WebGPU device is lost mid-run it moves to the next backend
 * and resumes from the newest checkpoint.
 */
import * as tf from '@tensorflow/tfjs';
import { loadSequenceClassifier } from '../core/model/load';
import { createTokenizer } from '../core/model/tokenizer';
import { serializeError, type DoneEvent, type TrainerEvent } from '../core/train/events';
import { createInThreadRunner } from '../core/train/inThreadRunner';
import type { JobRunner } from '../core/train/jobRunner';
import type { LoadedJobModel } from '../core/train/inThreadRunner';
import { chooseBackend, nextBackend, probeWebGpu, type BackendChoice, type GpuLike } from './backendChoice';
import { runWithDeviceLossFallback } from './deviceLossFallback';
import { setupWorkerBackend, threadsLabel } from './wasmBackend';
import { createIdbCheckpointStore, latestCheckpoint } from '../storage/checkpointStore';
import { assertNever, parseMainToWorker, type ResumeFromCheckpointPayload, type StartPayload, type WorkerToMain } from './trainProtocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (m: WorkerToMain) => scope.postMessage(m);

interface Job {
  runner: JobRunner<LoadedJobModel> | null;
  /** The runner already reported an error event; no second 'fatal' for the same failure. */
  errorSent: boolean;
}

async function probe() {
  const nav = scope.navigator as Navigator & { gpu?: GpuLike };
  return { webgpu: await probeWebGpu(nav.gpu), wasm: typeof WebAssembly === 'object', webgl: typeof OffscreenCanvas === 'function' };
}

/** Starts the chosen backend, walking the fallback list when one cannot start. */
async function startBackend(first: BackendChoice): Promise<BackendChoice> {
  let choice: BackendChoice | null = first;
  const failures: string[] = [];
  while (choice) {
    try {
      const started = await setupWorkerBackend(choice.backend);
      const threads = started.threads ? ` On ${threadsLabel(started)}.` : '';
      const failed = failures.length ? ` (${failures.join('; ')})` : '';
      return { ...choice, reason: `${choice.reason}${threads}${failed}` };
    } catch (e) {
      failures.push(`${choice.backend} failed to start: ${(e as Error).message}`);
      choice = nextBackend(choice, choice.backend);
    }
  }
  throw new Error(`no tfjs backend could start: ${failures.join('; ')}`);
}

/**
 * Calls `onLost` when the active WebGPU device goes away (driver reset, GPU process crash), or when it reports an
 * uncaptured error: a validation or out-of-memory error drops a whole command buffer, so the step's numbers can
 * no longer be trusted — the run moves to the next backend from the last checkpoint, as for a lost device.
 */
function watchDeviceLoss(onLost: (reason: string) => void): void {
  if (tf.getBackend() !== 'webgpu') return;
  let reported = false;
  const once = (reason: string) => { if (!reported) { reported = true; onLost(reason); } };
  const device = (tf.backend() as unknown as { device?: GpuDeviceLike }).device;
  device?.lost?.then((info) => once(info?.message || 'device lost'));
  device?.addEventListener?.('uncapturederror', (e) => once(`WebGPU error: ${(e as GpuErrorEventLike).error?.message ?? 'unknown'}`));
}

interface GpuDeviceLike {
  lost?: Promise<{ message?: string }>;
  addEventListener?(type: 'uncapturederror', listener: (e: Event) => void): void;
}
interface GpuErrorEventLike { error?: { message?: string } }

async function runOnce(p: StartPayload, choice: BackendChoice, job: Job, resumeFrom: string | undefined, lost: () => boolean): Promise<DoneEvent> {
  const tokenizer = await createTokenizer(p.modelFiles);
  const { model } = loadSequenceClassifier({
    config: p.modelFiles.config, weights: p.modelFiles.weights,
    labels: p.spec.task.labelNames, task: p.spec.task.kind, seed: p.spec.hyperparameters.seed,
  });
  const runner = createInThreadRunner({ store: createIdbCheckpointStore(), backend: { name: choice.backend, reason: choice.reason } });
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

async function train(p: StartPayload, job: Job): Promise<void> {
  const first = chooseBackend(p.spec.hyperparameters.backend, await probe());
  await runWithDeviceLossFallback(first, {
    startBackend,
    announce: (choice) => post({ type: 'backend', payload: { choice } }),
    watchLoss: watchDeviceLoss,
    run: async (choice, resumeFrom, lost) => { await runOnce(p, choice, job, resumeFrom, lost); },
    stopCurrent: () => job.runner?.cancel(),
    latestCheckpointId: async () => (await latestCheckpoint(createIdbCheckpointStore(), p.jobId))?.id,
    note: (m) => console.warn(m),
  }, p.resumeFrom);
}

/** The worker's message handler; its state (the one job) lives in this closure, not at module level. */
function createTrainWorkerHandler(): (e: MessageEvent) => void {
  const job: Job = { runner: null, errorSent: false };
  let busy = false;

  async function runJob(p: StartPayload, during: string): Promise<void> {
    if (busy) {
      post({ type: 'fatal', payload: { error: { name: 'Busy', message: 'this worker is already training a job' }, during } });
      return;
    }
    busy = true;
    job.errorSent = false;
    try {
      await train(p, job);
    } catch (e) {
      // Failures inside training already arrived as the runner's 'error' event; this covers everything
      // before it (backend, tokenizer, model files).
      if (!job.errorSent) post({ type: 'fatal', payload: { error: serializeError(e), during } });
    } finally {
      busy = false;
    }
  }

  async function resumeLatest(p: ResumeFromCheckpointPayload): Promise<void> {
    try {
      const last = await latestCheckpoint(createIdbCheckpointStore(), p.jobId);
      if (!last) throw Object.assign(new Error(`job ${p.jobId} has no checkpoint in this browser to resume from`), { name: 'NoCheckpoint' });
      await runJob({ ...p, resumeFrom: last.id }, 'resuming from the last checkpoint');
    } catch (e) {
      post({ type: 'fatal', payload: { error: serializeError(e), during: 'resuming' } });
    }
  }

  return (e: MessageEvent) => {
    let msg;
    try {
      msg = parseMainToWorker(e.data);
    } catch (err) {
      post({ type: 'fatal', payload: { error: serializeError(err), during: 'reading a message' } });
      return;
    }
    switch (msg.type) {
      case 'start':
        void runJob(msg.payload, 'starting the job');
        break;
      case 'resumeFromCheckpoint':
        void resumeLatest(msg.payload);
        break;
      case 'pause':
        job.runner?.pause();
        break;
      case 'resume':
        job.runner?.resume();
        break;
      case 'cancel':
        job.runner?.cancel();
        break;
      default:
        assertNever(msg, 'message to the training worker');
    }
  };
}

scope.addEventListener('message', createTrainWorkerHandler());
