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
 * A batch of rows, packed per column: all cells of a column concatenated into one string, with each
 * cell's end offset (relative to this batch). A handful of strings and transferred buffers clone in a few
 * ms, where 40,000 small arrays took up to 200 ms of main-thread deserialization (bench/data.mjs). The
 * same shape, concatenated over batches, is the PackedRawTable the page can keep without building rows.
 */
export interface RowsPayload {
  rowCount: number;
  columnText: string[];
  columnEnds: Uint32Array[];
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
  const n = rows.length;
  const columnText: string[] = [];
  const columnEnds: Uint32Array[] = [];
  const parts: string[] = new Array(n);
  for (let c = 0; c < width; c++) {
    const ends = new Uint32Array(n);
    let offset = 0;
    for (let r = 0; r < n; r++) {
      const cell = rows[r][c] ?? '';
      parts[r] = cell;
      offset += cell.length;
      ends[r] = offset;
    }
    columnText.push(parts.join(''));
    columnEnds.push(ends);
  }
  return { rowCount: n, columnText, columnEnds };
}

/** The buffers to transfer with a batch. */
export function transferables(p: RowsPayload): ArrayBuffer[] {
  return p.columnEnds.map((e) => e.buffer as ArrayBuffer);
}

/** Cells up to this length are interned per column (labels, split names, ids repeat a lot). */
const INTERN_MAX_LENGTH = 24;
const INTERN_MAX_DISTINCT = 10_000;

/**
 * Appends the batch's rows to `out`. `intern` (one Map per column, kept across batches) makes repeated
 * short cells share one string: a million "ham"/"spam" labels become two strings, not a million, which
 * is a quarter fewer objects for the page's garbage collector to trace.
 */
export function unpackRows({ rowCount, columnText, columnEnds }: RowsPayload, out: string[][], intern: Map<string, string>[] = []): void {
  const width = columnText.length;
  for (let c = intern.length; c < width; c++) intern.push(new Map());
  const base = out.length;
  for (let r = 0; r < rowCount; r++) out.push(new Array<string>(width));
  for (let c = 0; c < width; c++) {
    const text = columnText[c];
    const ends = columnEnds[c];
    const m = intern[c];
    let start = 0;
    for (let r = 0; r < rowCount; r++) {
      const end = ends[r];
      let cell = text.slice(start, end);
      if (end - start <= INTERN_MAX_LENGTH) {
        const hit = m.get(cell);
        if (hit !== undefined) cell = hit;
        else if (m.size < INTERN_MAX_DISTINCT) m.set(cell, cell);
      }
      out[base + r][c] = cell;
      start = end;
    }
  }
}

/**
 * A RawTable kept packed per column (same fields as src/ui/storage/packTable.ts's PackedTable): the page
 * holds a few big strings instead of millions of small arrays, so a 100 MB file costs it no GC pauses.
 */
export interface PackedRawTable extends Omit<RawTable, 'rows'> {
  rowCount: number;
  /** columnText[c] = every cell of column c, concatenated. */
  columnText: string[];
  /** columnEnds[c][r] = end offset of row r's cell in columnText[c] (its start is the previous end). */
  columnEnds: Uint32Array[];
}

/** V8's longest string (2^29 − 24 UTF-16 units). */
const MAX_STRING_LENGTH = (1 << 29) - 24;

/** Concatenates row batches into one PackedRawTable. */
export class PackedTableBuilder {
  private readonly texts: string[][] = [];
  private readonly ends: Uint32Array[][] = [];
  private readonly lengths: number[] = [];
  private rows = 0;

  add(batch: RowsPayload): void {
    batch.columnText.forEach((text, c) => {
      if (!this.texts[c]) { this.texts[c] = []; this.ends[c] = []; this.lengths[c] = 0; }
      this.texts[c].push(text);
      this.ends[c].push(batch.columnEnds[c]);
      this.lengths[c] += text.length;
    });
    this.rows += batch.rowCount;
  }

  finish(table: Omit<RawTable, 'rows'>): PackedRawTable {
    const columnText: string[] = [];
    const columnEnds: Uint32Array[] = [];
    for (let c = 0; c < table.columns.length; c++) {
      if ((this.lengths[c] ?? 0) > MAX_STRING_LENGTH) {
        throw new Error(`${table.fileName}: column "${table.columns[c]}" holds ${this.lengths[c]} characters, more than a browser string can (${MAX_STRING_LENGTH}). Split the file.`);
      }
      columnText.push((this.texts[c] ?? []).join(''));
      const all = new Uint32Array(this.rows);
      let at = 0;
      let base = 0;
      for (let b = 0; b < (this.ends[c] ?? []).length; b++) {
        const e = this.ends[c][b];
        for (let r = 0; r < e.length; r++) all[at + r] = e[r] + base;
        at += e.length;
        base += this.texts[c][b].length;
      }
      columnEnds.push(all);
    }
    return { ...table, rowCount: this.rows, columnText, columnEnds };
  }
}

export { assertNever } from '../core/errors';
