/**
 * Errors as they cross postMessage (Error objects lose their fields in a structured clone), the one shape
 * every worker answers a failure with, and the guard that ends every exhaustive switch over a protocol's
 * messages. Shared by the data core, the trainer and every worker protocol.
 *
 * Every worker → page failure, in all six protocols (parse, dataset view, train, predict, export,
 * diagnostics), is an ErrorReply: `{ type: 'error', payload: { error, during?, requestId? } }`. `during`
 * says what the worker was doing, in words; `requestId` names the request it answers in protocols whose
 * requests carry ids. The page turns it back into an Error with errorFromPayload.
 */
export interface SerializedError {
  name: string;
  message: string;
}

export function serializeError(e: unknown): SerializedError {
  if (e instanceof Error) return { name: e.name, message: e.message };
  return { name: 'Error', message: String(e) };
}

export interface ErrorPayload {
  error: SerializedError;
  /** What the worker was doing, e.g. 'loading the model files'. */
  during?: string;
  /** The request this failure answers (protocols whose requests carry ids). */
  requestId?: number;
}

export interface ErrorReply {
  type: 'error';
  payload: ErrorPayload;
}

/** The reply for a failure `e`, with what the worker was doing and the request it answers when known. */
export function errorReply(e: unknown, context: Omit<ErrorPayload, 'error'> = {}): ErrorReply {
  return { type: 'error', payload: { error: serializeError(e), ...context } };
}

/** The Error a client rejects with: the worker's error name, its message, and "(while …)" when known. */
export function errorFromPayload({ error, during }: ErrorPayload): Error {
  return Object.assign(new Error(during ? `${error.message} (while ${during})` : error.message), { name: error.name || 'Error' });
}

/** Ends an exhaustive switch: a new message type that is not handled fails to compile. */
export function assertNever(x: never, what = 'message'): never {
  throw new Error(`unexpected ${what}: ${JSON.stringify(x)}`);
}
