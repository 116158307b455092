/**
 * One error type for every way getting a model can fail, with a `code` the UI can branch on and a
 * message written for a person (it names the model, the host and the file).
 */
export type ModelSourceErrorCode =
  | 'bad-id'
  | 'not-found'
  | 'unauthorized'
  | 'bin-only'
  | 'sharded'
  | 'missing-file'
  | 'bad-file'
  | 'network'
  | 'http';

export class ModelSourceError extends Error {
  override name = 'ModelSourceError';
  constructor(readonly code: ModelSourceErrorCode, message: string) {
    super(message);
  }
}
