import type { RawTable } from '../../core/data/types';

/**
 * A RawTable in the shape IndexedDB stores fast: per column, all cells joined into ONE string plus an
 * offsets array. Structured-cloning millions of small strings (string[][]) takes seconds for a 100 MB
 * file and freezes the tab; a handful of big strings and typed arrays clone at memory speed.
 */
export interface PackedTable extends Omit<RawTable, 'rows'> {
  rowCount: number;
  /** columnText[c] = every cell of column c, concatenated. */
  columnText: string[];
  /** columnEnds[c][r] = end offset of row r's cell in columnText[c] (its start is the previous end). */
  columnEnds: Uint32Array[];
}

export function packTable(t: RawTable): PackedTable {
  const n = t.rows.length;
  const columnText: string[] = [];
  const columnEnds: Uint32Array[] = [];
  for (let c = 0; c < t.columns.length; c++) {
    const ends = new Uint32Array(n);
    const parts: string[] = new Array(n);
    let end = 0;
    for (let r = 0; r < n; r++) {
      const cell = t.rows[r][c] ?? '';
      parts[r] = cell;
      end += cell.length;
      ends[r] = end;
    }
    columnText.push(parts.join(''));
    columnEnds.push(ends);
  }
  const { rows: _rows, ...rest } = t; // every other field (issues, raggedRows, …) is kept as it is
  return { ...rest, rowCount: n, columnText, columnEnds };
}

export function unpackTable(p: PackedTable): RawTable {
  const rows: string[][] = new Array(p.rowCount);
  for (let r = 0; r < p.rowCount; r++) rows[r] = new Array(p.columns.length);
  for (let c = 0; c < p.columns.length; c++) {
    const text = p.columnText[c];
    const ends = p.columnEnds[c];
    let start = 0;
    for (let r = 0; r < p.rowCount; r++) {
      rows[r][c] = text.slice(start, ends[r]);
      start = ends[r];
    }
  }
  const { rowCount: _n, columnText: _t, columnEnds: _e, ...rest } = p;
  return { ...rest, rows };
}

/** Chunks packed from consecutive row ranges (the first carries the table's issues) → one table. */
export function unpackChunks(chunks: PackedTable[]): RawTable {
  if (chunks.length === 0) throw new Error('A stored table has no chunks.');
  const rows: string[][] = [];
  for (const c of chunks) for (const r of unpackTable(c).rows) rows.push(r);
  return { ...unpackTable({ ...chunks[0], rowCount: 0 }), rows };
}
