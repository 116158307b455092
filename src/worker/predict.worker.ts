/// <reference lib="webworker" />
/**
 * The prediction worker: thin by design. It starts the wasm backend (cpu when wasm cannot start), loads the
 * model it is sent once with core's createPredictor, and answers predict requests (see predictHandler.ts).
 * Here the kernels' synchronous wasm work blocks only this thread, never the page.
 */
import { createPredictor } from '../core/predict/predictor';
import { ensureInferenceBackend } from './inferenceBackend';
import { createPredictHandler } from './predictHandler';
import type { PageToPredictWorker } from './predictProtocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;

const handle = createPredictHandler(
  async (input) => {
    const backend = await ensureInferenceBackend();
    return { predictor: await createPredictor(input), backend };
  },
  (m, transfer) => scope.postMessage(m, transfer),
);

scope.onmessage = (e: MessageEvent<PageToPredictWorker>) => {
  void handle(e.data);
};
