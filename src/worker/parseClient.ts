/**
 * The page's side of the parse worker: one worker per file, rows gathered from batches, the worker
 * terminated when done, failed or aborted.
 */
import type { RawTable } from '../core/data/types';
import type { ParseProgress } from '../core/data/parse';
import { assertNever, unpackRows, type ParseWorkerToPage } from './parseProtocol';

export type { ParseProgress };

/** A failure from the worker, with the data core's message (which names the file, row and column). */
export class ParseFailedError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

export function parseFileInWorker(
  file: File,
  onProgress?: (p: ParseProgress) => void,
  signal?: AbortSignal,
  options: { header?: boolean | 'auto'; chunkBytes?: number } = {},
): Promise<RawTable> {
  return new Promise<RawTable>((resolve, reject) => {
    if (signal?.aborted) { reject(new DOMException('Parsing was cancelled.', 'AbortError')); return; }
    const worker = new Worker(new URL('./parse.worker.ts', import.meta.url), { type: 'module' });
    const rows: string[][] = [];
    const intern: Map<string, string>[] = [];
    const finish = () => {
      worker.terminate();
      signal?.removeEventListener('abort', onAbort);
    };
    const onAbort = () => {
      finish();
      reject(new DOMException('Parsing was cancelled.', 'AbortError'));
    };
    signal?.addEventListener('abort', onAbort);
    worker.onerror = (e) => {
      finish();
      reject(new ParseFailedError('Error', `The parse worker failed: ${e.message || 'unknown error'}`));
    };
    worker.onmessage = (e: MessageEvent<ParseWorkerToPage>) => {
      const msg = e.data;
      switch (msg.type) {
        case 'columns':
          break;
        case 'rows':
          unpackRows(msg.payload, rows, intern);
          break;
        case 'progress':
          onProgress?.(msg.payload);
          break;
        case 'done':
          finish();
          resolve({ ...msg.payload.table, rows });
          break;
        case 'error':
          finish();
          reject(new ParseFailedError(msg.payload.error.name, msg.payload.error.message));
          break;
        default:
          assertNever(msg);
      }
    };
    worker.postMessage({ type: 'parse', payload: { file, ...options } });
  });
}
