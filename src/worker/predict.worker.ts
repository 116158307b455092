/// <reference lib="webworker" />
/**
 * The prediction worker: thin by design. It starts the wasm backend (cpu when wasm cannot start), loads the
 * model it is sent once with core's createPredictor, and answers predict requests (see predictHandler.ts).
 * Here the kernels' synchronous wasm work blocks only this thread, never the page.
 */
import * as tf from '@tensorflow/tfjs';
import { setupBackend } from '../core/model/backends';
import { createPredictor } from '../core/predict/predictor';
import { setupWorkerBackend } from './wasmBackend';
import { createPredictHandler } from './predictHandler';
import type { PageToPredictWorker } from './predictProtocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;

/** wasm on its threads (one when the page is not isolated), else cpu; named as the Use stage shows it. */
async function startBackend(): Promise<string> {
  const current = tf.getBackend();
  if (current === 'wasm' || current === 'cpu') return current;
  try {
    const started = await setupWorkerBackend('wasm');
    return started.threads > 1 ? `wasm (${started.threads} threads)` : 'wasm';
  } catch {
    return setupBackend('cpu');
  }
}

const handle = createPredictHandler(
  async (input) => {
    const backend = await startBackend();
    return { predictor: await createPredictor(input), backend };
  },
  (m, transfer) => scope.postMessage(m, transfer),
);

scope.onmessage = (e: MessageEvent<PageToPredictWorker>) => {
  void handle(e.data);
};
