/**
 * Messages between the page and the parse worker. Discriminated unions, one payload type per message;
 * both sides switch exhaustively. Rows travel in batches (one per chunk of the file), so no single
 * structured-clone on the main thread is big enough to freeze the page.
 */
import type { ParseIssue, RawTable } from '../core/data/types';
import type { ParseProgress } from '../core/data/parse';
import type { ErrorReply } from '../core/errors';
import type { PackedRows } from '../core/data/packedTable';

// ---- page → worker ----

export interface ParseFilePayload {
  file: File;
  /** Bytes read per step; default PARSE_CHUNK_BYTES. */
  chunkBytes?: number;
  header?: boolean | 'auto';
}

export type PageToParseWorker = { type: 'parse'; payload: ParseFilePayload };

// ---- worker → page ----

export interface ColumnsPayload {
  columns: string[];
}

/** A batch of rows, packed per column (see src/core/data/packedTable.ts): a few strings and transferred buffers. */
export type RowsPayload = PackedRows;

/** The table without its rows (they came in 'rows' batches). */
export interface DonePayload {
  table: Omit<RawTable, 'rows'> & { issues: ParseIssue[] };
}

export type ParseWorkerToPage =
  | { type: 'columns'; payload: ColumnsPayload }
  | { type: 'rows'; payload: RowsPayload }
  | { type: 'progress'; payload: ParseProgress }
  | { type: 'done'; payload: DonePayload }
  | ErrorReply;

/** 4 MiB: big enough that per-message overhead is small, small enough that each batch clones quickly. */
export const PARSE_CHUNK_BYTES = 4 << 20;

export { assertNever } from '../core/errors';
