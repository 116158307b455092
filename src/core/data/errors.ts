/**
 * The one error type of the data core: a message written for the person who chose the file, naming what
 * is wrong and where (file, row, column). It crosses postMessage as {name, message} like every error.
 */
import type { ParseIssue } from './types';

export type DataErrorKind = ParseIssue['kind'] | 'label' | 'mapping' | 'split' | 'cleaning';

export class DataError extends Error {
  override readonly name = 'DataError';
  constructor(
    readonly kind: DataErrorKind,
    message: string,
    /** 1-based data row, when the problem is in one row. */
    readonly row?: number,
    readonly column?: string,
  ) {
    super(message);
  }
}

export { serializeError, type SerializedError } from '../errors';
