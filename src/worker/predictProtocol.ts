/**
 * Messages between the Use stage and the prediction worker, which runs the model's forward passes (the
 * playground, threshold tuning, batch prediction) off the page: wasm kernels run synchronously, and a
 * base-size model on a chunk of rows would otherwise freeze the tab for the whole chunk.
 * The weights cross once, in 'open'; every 'predict' carries an id so concurrent calls resolve correctly.
 * Discriminated unions, one payload type per message; both sides switch exhaustively.
 */
import type { ErrorReply } from '../core/errors';
import type { PredictorInput } from '../core/predict/predictor';
import type { TaskKind } from '../core/model/types';

export { assertNever } from '../core/errors';

/** The model to load: config, weights (structured-cloned once) and tokenizer files. */
export interface OpenPayload {
  input: PredictorInput;
}

export interface PredictRequestPayload {
  requestId: number;
  texts: string[];
  pairs?: string[];
  batchSize?: number;
}

export type PageToPredictWorker =
  | { type: 'open'; payload: OpenPayload }
  | { type: 'predict'; payload: PredictRequestPayload };

export interface OpenedPayload {
  task: TaskKind;
  labelNames: string[];
  numLabels: number;
  /** The tfjs backend the worker predicts on ('wasm', else 'cpu'). */
  backend: string;
}

export interface PredictedPayload {
  requestId: number;
  /** [n × k] row-major; their buffers are transferred, not copied. */
  logits: Float32Array;
  probs: Float32Array;
}

/**
 * A failure: with the requestId of the 'predict' it answers, or without one when the model could not be
 * opened (then no request can succeed and the worker is done).
 */
export type PredictWorkerToPage =
  | { type: 'opened'; payload: OpenedPayload }
  | { type: 'predicted'; payload: PredictedPayload }
  | ErrorReply;
