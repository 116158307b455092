/**
 * Errors as they cross postMessage (Error objects lose their fields in a structured clone), and the guard that
 * ends every exhaustive switch over a protocol's messages. Shared by the data core, the trainer and every worker.
 */
export interface SerializedError {
  name: string;
  message: string;
}

export function serializeError(e: unknown): SerializedError {
  if (e instanceof Error) return { name: e.name, message: e.message };
  return { name: 'Error', message: String(e) };
}

/** Ends an exhaustive switch: a new message type that is not handled fails to compile. */
export function assertNever(x: never, what = 'message'): never {
  throw new Error(`unexpected ${what}: ${JSON.stringify(x)}`);
}
