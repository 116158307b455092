/**
 * Messages between the page and the parse worker. Discriminated unions, one payload type per message;
 * both sides switch exhaustively. Rows travel in batches (one per chunk of the file), so no single
 * structured-clone on the main thread is big enough to freeze the page.
 */
import type { ParseIssue, RawTable } from '../core/data/types';
import type { ParseProgress } from '../core/data/parse';
import type { SerializedError } from '../core/data/errors';

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

/**
 * A batch of rows, packed: every cell concatenated into one string, with each cell's end offset. One
 * string and one transferred buffer clone in a few ms, where 40,000 small arrays took up to 200 ms of
 * main-thread deserialization (measured with bench/data.mjs).
 */
export interface RowsPayload {
  text: string;
  /** End offset in `text` of each cell, row-major. */
  ends: Int32Array;
  /** Cells per row (every row has the header's width after padding/truncation). */
  width: number;
}

/** The table without its rows (they came in 'rows' batches). */
export interface DonePayload {
  table: Omit<RawTable, 'rows'> & { issues: ParseIssue[] };
}

export interface ErrorPayload {
  error: SerializedError;
}

export type ParseWorkerToPage =
  | { type: 'columns'; payload: ColumnsPayload }
  | { type: 'rows'; payload: RowsPayload }
  | { type: 'progress'; payload: ParseProgress }
  | { type: 'done'; payload: DonePayload }
  | { type: 'error'; payload: ErrorPayload };

/** 4 MiB: big enough that per-message overhead is small, small enough that each batch clones quickly. */
export const PARSE_CHUNK_BYTES = 4 << 20;

export function packRows(rows: string[][], width: number): RowsPayload {
  const ends = new Int32Array(rows.length * width);
  const parts: string[] = new Array(rows.length * width);
  let offset = 0;
  let k = 0;
  for (const row of rows) {
    for (let c = 0; c < width; c++) {
      const cell = row[c] ?? '';
      parts[k] = cell;
      offset += cell.length;
      ends[k++] = offset;
    }
  }
  return { text: parts.join(''), ends, width };
}

/** Cells up to this length are interned per column (labels, split names, ids repeat a lot). */
const INTERN_MAX_LENGTH = 24;
const INTERN_MAX_DISTINCT = 10_000;

/**
 * Appends the packed rows to `out`. `intern` (one Map per column, kept across batches) makes repeated
 * short cells share one string: a million "ham"/"spam" labels become two strings, not a million, which
 * is a quarter fewer objects for the page's garbage collector to trace.
 */
export function unpackRows({ text, ends, width }: RowsPayload, out: string[][], intern: Map<string, string>[] = []): void {
  let start = 0;
  for (let c = intern.length; c < width; c++) intern.push(new Map());
  for (let k = 0; k < ends.length; k += width) {
    const row: string[] = [];
    for (let c = 0; c < width; c++) {
      const end = ends[k + c];
      let cell = text.slice(start, end);
      if (end - start <= INTERN_MAX_LENGTH) {
        const m = intern[c];
        const hit = m.get(cell);
        if (hit !== undefined) cell = hit;
        else if (m.size < INTERN_MAX_DISTINCT) m.set(cell, cell);
      }
      row.push(cell);
      start = end;
    }
    out.push(row);
  }
}

export function assertNever(x: never): never {
  throw new Error(`Unexpected message: ${JSON.stringify(x)}`);
}
