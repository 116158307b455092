/// <reference lib="webworker" />
/**
 * The training worker: thin by design. It supplies the browser's environment — the GPU probe, tfjs
 * backends, WebGPU device-loss watching, IndexedDB checkpoints — to trainHandler.ts, which holds the logic.
 */
import * as tf from '@tensorflow/tfjs';
import { loadSequenceClassifier } from '../core/model/load';
import { createTokenizer } from '../core/model/tokenizer';
import { createIdbCheckpointStore } from '../storage/checkpointStore';
import { nextBackend, probeWebGpu, type BackendChoice, type GpuLike } from './backendChoice';
import { createTrainHandler, type TrainWorkerEnv } from './trainHandler';
import type { StartPayload, WorkerToMain } from './trainProtocol';
import { setupWorkerBackend, threadsLabel } from './wasmBackend';

const scope = self as unknown as DedicatedWorkerGlobalScope;

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

/** The job's model (head built for its labels and task, seeded) and tokenizer, from the files it was sent. */
async function loadModel(p: StartPayload) {
  const tokenizer = await createTokenizer(p.modelFiles);
  const { model } = loadSequenceClassifier({
    config: p.modelFiles.config, weights: p.modelFiles.weights,
    labels: p.spec.task.labelNames, task: p.spec.task.kind, seed: p.spec.hyperparameters.seed,
  });
  return { model, tokenizer };
}

const env: TrainWorkerEnv = {
  probe, startBackend, watchLoss: watchDeviceLoss, loadModel,
  checkpointStore: () => createIdbCheckpointStore(),
  note: (m) => console.warn(m),
};
const handle = createTrainHandler(env, (m: WorkerToMain) => scope.postMessage(m));
scope.addEventListener('message', (e: MessageEvent) => { void handle(e.data); });
