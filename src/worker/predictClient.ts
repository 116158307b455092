/**
 * The page's side of the prediction worker: a Predictor (the same interface as core's createPredictor) whose
 * forward passes run in predict.worker.ts, so the Use stage's code does not change and the page never
 * freezes. The model is sent once; each call carries an id and resolves with its own results.
 */
import type { Predictor, PredictorInput, PredictResult } from '../core/predict/predictor';
import { errorFromPayload, type ErrorPayload } from '../core/errors';
import { assertNever, type PageToPredictWorker, type PredictWorkerToPage } from './predictProtocol';

export interface WorkerPredictor extends Predictor {
  /** The tfjs backend inside the worker. */
  readonly backend: string;
}

/** The part of a Worker the client uses (a fake one in unit tests). */
export interface PredictWorkerPort {
  post(m: PageToPredictWorker): void;
  listen(onMessage: (m: PredictWorkerToPage) => void, onError: (message: string) => void): void;
  terminate(): void;
}

/** No worker could run the model (cannot be created, or its script failed before the model was open). */
export class PredictWorkerUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PredictWorkerUnavailableError';
  }
}

function browserWorker(): PredictWorkerPort {
  const worker = new Worker(new URL('./predict.worker.ts', import.meta.url), { type: 'module', name: 'predict' });
  return {
    post: (m) => worker.postMessage(m),
    listen(onMessage, onError) {
      worker.onmessage = (e: MessageEvent<PredictWorkerToPage>) => onMessage(e.data);
      worker.onerror = (e) => {
        e.preventDefault(); // reported once, by the client, not as an uncaught page error as well
        onError(e.message || 'unknown error');
      };
      worker.onmessageerror = () => onError('a message from it could not be read');
    },
    terminate: () => worker.terminate(),
  };
}

/**
 * Starts a prediction worker and opens `input` in it (the weights are structured-cloned once). Rejects with
 * PredictWorkerUnavailableError when no worker can run, or with the worker's reason when the model is bad.
 */
export function openPredictorInWorker(input: PredictorInput, createWorker: () => PredictWorkerPort = browserWorker): Promise<WorkerPredictor> {
  let port: PredictWorkerPort;
  try {
    port = createWorker();
  } catch (e) {
    return Promise.reject(new PredictWorkerUnavailableError(`could not start a prediction worker: ${(e as Error).message}`));
  }
  const waiting = new Map<number, { resolve(r: PredictResult): void; reject(e: Error): void }>();
  let nextId = 1;
  /** Why no more calls can be answered (crash or dispose); null while the worker is usable. */
  let closed: string | null = null;
  let opening: { resolve(p: WorkerPredictor): void; reject(e: Error): void } | null = null;

  function close(reason: string) {
    closed = reason;
    port.terminate();
    for (const w of waiting.values()) w.reject(new Error(reason));
    waiting.clear();
  }

  function predictorOf(opened: Extract<PredictWorkerToPage, { type: 'opened' }>['payload']): WorkerPredictor {
    return {
      ...opened,
      predict(texts, pairs, batchSize) {
        if (closed) return Promise.reject(new Error(closed));
        const requestId = nextId++;
        return new Promise<PredictResult>((resolve, reject) => {
          waiting.set(requestId, { resolve, reject });
          port.post({ type: 'predict', payload: { requestId, texts, pairs, batchSize } });
        });
      },
      dispose: () => { if (!closed) close('The model was closed.'); },
    };
  }

  function onMessage(msg: PredictWorkerToPage) {
    switch (msg.type) {
      case 'opened':
        opening?.resolve(predictorOf(msg.payload));
        opening = null;
        return;
      case 'error':
        onFailure(msg.payload);
        return;
      case 'predicted': {
        const { requestId, logits, probs } = msg.payload;
        waiting.get(requestId)?.resolve({ logits, probs });
        waiting.delete(requestId);
        return;
      }
      default:
        assertNever(msg);
    }
  }

  /** A failed request rejects alone; a failure without a request id is the open's: nothing can be answered. */
  function onFailure(p: ErrorPayload) {
    if (p.requestId !== undefined) {
      waiting.get(p.requestId)?.reject(errorFromPayload(p));
      waiting.delete(p.requestId);
      return;
    }
    close(`The model could not be opened: ${p.error.message}`);
    opening?.reject(errorFromPayload(p));
    opening = null;
  }

  function onError(message: string) {
    if (closed) return;
    close(`The prediction worker crashed: ${message}`);
    opening?.reject(new PredictWorkerUnavailableError(`the prediction worker failed before the model was open: ${message}`));
    opening = null;
  }

  let settle!: { resolve(p: WorkerPredictor): void; reject(e: Error): void };
  const ready = new Promise<WorkerPredictor>((resolve, reject) => { settle = { resolve, reject }; });
  opening = settle;
  port.listen(onMessage, onError);
  // Posted here, not inside a closure: no closure that lives as long as the predictor may hold the weights.
  try {
    port.post({ type: 'open', payload: { input } });
  } catch (e) {
    // e.g. a DataCloneError: the model's files cannot be sent to a worker.
    close('The prediction worker could not be given the model.');
    opening = null;
    settle.reject(new PredictWorkerUnavailableError(`could not send the model to the prediction worker: ${(e as Error).message}`));
  }
  return ready;
}
