/**
 * The page's side of the parse worker: one worker per file, row batches gathered as they come, the
 * worker terminated when done, failed or aborted.
 *
 * Two ways to receive the table:
 * - parseFileInWorker → RawTable (string[][]): simple, but for a 100 MB file the page then holds
 *   millions of small arrays and V8's garbage collector pauses it for 100–300 ms at a time.
 * - parseFileToPackedInWorker → PackedTable (per column one string + Uint32Array of cell ends): the
 *   page holds a few big strings; no such pauses (bench/data.mjs measures both).
 */
import type { RawTable } from '../core/data/types';
import type { ParseProgress } from '../core/data/parse';
import { PackedTableBuilder, unpackRows, type PackedTable } from '../core/data/packedTable';
import { assertNever, type DonePayload, type ParseWorkerToPage, type RowsPayload } from './parseProtocol';

export type { ParseProgress, PackedTable };

/** A failure from the worker, with the data core's message (which names the file, row and column). */
export class ParseFailedError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

export interface ParseFileOptions {
  /** Force or skip header detection; default 'auto'. */
  header?: boolean | 'auto';
  /** Bytes per slice (default 4 MiB). */
  chunkBytes?: number;
}

interface BatchSink<T> {
  add(batch: RowsPayload): void;
  finish(table: DonePayload['table']): T;
}

function runParseWorker<T>(
  file: File, sink: BatchSink<T>, onProgress: ((p: ParseProgress) => void) | undefined,
  signal: AbortSignal | undefined, options: ParseFileOptions,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal?.aborted) { reject(new DOMException('Parsing was cancelled.', 'AbortError')); return; }
    const worker = new Worker(new URL('./parse.worker.ts', import.meta.url), { type: 'module' });
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
          sink.add(msg.payload);
          break;
        case 'progress':
          onProgress?.(msg.payload);
          break;
        case 'done':
          finish();
          try {
            resolve(sink.finish(msg.payload.table));
          } catch (err) {
            reject(err);
          }
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

/** Parse a CSV/TSV File in a worker; resolves with every row, or rejects with a message naming the problem. */
export function parseFileInWorker(
  file: File,
  onProgress?: (p: ParseProgress) => void,
  signal?: AbortSignal,
  options: ParseFileOptions = {},
): Promise<RawTable> {
  const rows: string[][] = [];
  const intern: Map<string, string>[] = [];
  return runParseWorker(file, {
    add: (batch) => unpackRows(batch, rows, intern),
    finish: (table) => ({ ...table, rows }),
  }, onProgress, signal, options);
}

/** Like parseFileInWorker, but the rows stay packed per column (see PackedTable). */
export function parseFileToPackedInWorker(
  file: File,
  onProgress?: (p: ParseProgress) => void,
  signal?: AbortSignal,
  options: ParseFileOptions = {},
): Promise<PackedTable> {
  const builder = new PackedTableBuilder();
  return runParseWorker(file, builder, onProgress, signal, options);
}
