/**
 * A table kept packed per column: all cells of a column joined into ONE string, plus the end offset of each
 * cell. The one format rows travel and rest in — the parse worker's row batches, the dataset chunks in
 * IndexedDB, the table handed to the dataset-view worker. Structured-cloning millions of small strings
 * (string[][]) takes seconds for a 100 MB file and freezes the tab, and millions of small arrays make V8's
 * garbage collector pause the page for 100–300 ms at a time; a handful of big strings and typed arrays
 * clone at memory speed and cost the collector nothing (bench/data.mjs measures both).
 */
import type { RawTable } from './types';

/** Rows packed per column, without the table's other fields (a parse batch). */
export interface PackedRows {
  rowCount: number;
  /** columnText[c] = every cell of column c, concatenated. */
  columnText: string[];
  /** columnEnds[c][r] = end offset of row r's cell in columnText[c] (its start is the previous end). */
  columnEnds: Uint32Array[];
}

/** A RawTable with its rows packed; every other field (issues, raggedRows, …) as it is. */
export interface PackedTable extends Omit<RawTable, 'rows'>, PackedRows {}

/** `rows` (each `width` cells, missing ones '') packed per column. */
export function packRows(rows: readonly (readonly string[])[], width: number): PackedRows {
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

export function packTable(t: RawTable): PackedTable {
  const { rows, ...rest } = t;
  return { ...rest, ...packRows(rows, t.columns.length) };
}

/** The buffers to transfer with a packed batch (postMessage). */
export function transferables(p: PackedRows): ArrayBuffer[] {
  return p.columnEnds.map((e) => e.buffer as ArrayBuffer);
}

/** Cells up to this length are interned per column (labels, split names, ids repeat a lot). */
const INTERN_MAX_LENGTH = 24;
const INTERN_MAX_DISTINCT = 10_000;

/**
 * Appends the packed rows to `out`. `intern` (one Map per column, kept across batches) makes repeated
 * short cells share one string: a million "ham"/"spam" labels become two strings, not a million, which
 * is a quarter fewer objects for the page's garbage collector to trace.
 */
export function unpackRows({ rowCount, columnText, columnEnds }: PackedRows, out: string[][], intern: Map<string, string>[] = []): void {
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

/** The table's fields without its packed rows. */
function tableFields(p: PackedTable): Omit<RawTable, 'rows'> {
  const { rowCount: _n, columnText: _t, columnEnds: _e, ...rest } = p;
  return rest;
}

export function unpackTable(p: PackedTable): RawTable {
  const rows: string[][] = [];
  unpackRows(p, rows);
  return { ...tableFields(p), rows };
}

/** Chunks packed from consecutive row ranges (the first carries the table's issues) → one table. */
export function unpackChunks(chunks: PackedTable[]): RawTable {
  if (chunks.length === 0) throw new Error('A stored table has no chunks.');
  const rows: string[][] = [];
  const intern: Map<string, string>[] = [];
  for (const c of chunks) unpackRows(c, rows, intern);
  return { ...tableFields(chunks[0]), rows };
}

/** V8's longest string (2^29 − 24 UTF-16 units). */
const MAX_STRING_LENGTH = (1 << 29) - 24;

/** Concatenates packed row batches into one PackedTable. */
export class PackedTableBuilder {
  private readonly texts: string[][] = [];
  private readonly ends: Uint32Array[][] = [];
  private readonly lengths: number[] = [];
  private rows = 0;

  add(batch: PackedRows): void {
    batch.columnText.forEach((text, c) => {
      if (!this.texts[c]) { this.texts[c] = []; this.ends[c] = []; this.lengths[c] = 0; }
      this.texts[c].push(text);
      this.ends[c].push(batch.columnEnds[c]);
      this.lengths[c] += text.length;
    });
    this.rows += batch.rowCount;
  }

  finish(table: Omit<RawTable, 'rows'>): PackedTable {
    const columnText: string[] = [];
    const columnEnds: Uint32Array[] = [];
    for (let c = 0; c < table.columns.length; c++) {
      if ((this.lengths[c] ?? 0) > MAX_STRING_LENGTH) {
        throw new Error(`${table.fileName}: column "${table.columns[c]}" holds ${this.lengths[c]} characters, more than a browser string can (${MAX_STRING_LENGTH}). Split the file.`);
      }
      columnText.push((this.texts[c] ?? []).join(''));
      columnEnds.push(this.concatEnds(c));
    }
    return { ...table, rowCount: this.rows, columnText, columnEnds };
  }

  /** Column c's cell ends over every batch, each batch's shifted by the text before it. */
  private concatEnds(c: number): Uint32Array {
    const all = new Uint32Array(this.rows);
    let at = 0;
    let base = 0;
    for (let b = 0; b < (this.ends[c] ?? []).length; b++) {
      const e = this.ends[c][b];
      for (let r = 0; r < e.length; r++) all[at + r] = e[r] + base;
      at += e.length;
      base += this.texts[c][b].length;
    }
    return all;
  }
}
