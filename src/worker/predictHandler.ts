/**
 * The prediction worker's logic as a plain function of its messages, so it is tested without a Worker:
 * 'open' loads the model once; each 'predict' runs after the previous one (one forward pass at a time keeps
 * memory bounded) and answers with its request id — results with their buffers transferred, failures as
 * SerializedError. A failed open fails every later request with the open's reason.
 */
import { errorReply } from '../core/errors';
import type { Predictor, PredictorInput } from '../core/predict/predictor';
import { assertNever, type PageToPredictWorker, type PredictWorkerToPage } from './predictProtocol';

export interface OpenedPredictor {
  predictor: Predictor;
  backend: string;
}

export type PostToPage = (m: PredictWorkerToPage, transfer: Transferable[]) => void;

/** Returns the message handler; the promise it returns settles once that message is answered. */
export function createPredictHandler(
  open: (input: PredictorInput) => Promise<OpenedPredictor>,
  post: PostToPage,
): (msg: PageToPredictWorker) => Promise<void> {
  let opened: Promise<Predictor> | null = null;
  let queue: Promise<unknown> = Promise.resolve();

  function openModel(input: PredictorInput): Promise<void> {
    if (opened) {
      post(errorReply(new Error('a model is already open in this prediction worker')), []);
      return Promise.resolve();
    }
    opened = open(input).then(({ predictor, backend }) => {
      post({ type: 'opened', payload: { task: predictor.task, labelNames: predictor.labelNames, numLabels: predictor.numLabels, backend } }, []);
      return predictor;
    });
    return opened.then(
      () => undefined,
      (e: unknown) => post(errorReply(e), []),
    );
  }

  function predict({ requestId, texts, pairs, batchSize }: Extract<PageToPredictWorker, { type: 'predict' }>['payload']): Promise<void> {
    const run = queue.then(async () => {
      if (!opened) throw new Error('no model is open in the prediction worker');
      const predictor = await opened;
      return predictor.predict(texts, pairs, batchSize);
    });
    queue = run.catch(() => undefined);
    return run.then(
      ({ logits, probs }) => {
        // A buffer may be listed once only (probs could share logits' buffer).
        const transfer = [...new Set([logits.buffer, probs.buffer])] as ArrayBuffer[];
        post({ type: 'predicted', payload: { requestId, logits, probs } }, transfer);
      },
      (e: unknown) => post(errorReply(e, { requestId }), []),
    );
  }

  return (msg) => {
    switch (msg.type) {
      case 'open': return openModel(msg.payload.input);
      case 'predict': return predict(msg.payload);
      default: return assertNever(msg);
    }
  };
}
