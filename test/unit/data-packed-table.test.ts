// The packed table format: the parse worker's row batches, the dataset chunks in IndexedDB, the table
// the dataset-view worker holds.
import { describe, expect, it } from 'vitest';
import { packRows, packTable, PackedTableBuilder, unpackChunks, unpackRows, unpackTable } from '../../src/core/data/packedTable';
import type { RawTable } from '../../src/core/data/types';
import { table } from './data-fixtures';

const rows = [['hello, "world"', 'ham'], ['', 'spam'], ['line1\nline2 café £5 日本', ''], ['x', 'ham']];

describe('parse worker row batches', () => {
  it('pack → unpack round-trips cells, including empty, multi-line and non-ASCII ones', () => {
    const packed = packRows(rows, 2);
    expect(packed.rowCount).toBe(4);
    expect(packed.columnText).toEqual(['hello, "world"line1\nline2 café £5 日本x', 'hamspamham']);
    expect(packed.columnEnds.map((e) => Array.from(e))).toEqual([[14, 14, 36, 37], [3, 7, 7, 10]]);
    const out: string[][] = [['already', 'here']];
    unpackRows(packed, out);
    expect(out).toEqual([['already', 'here'], ...rows]);
  });

  it('interns repeated short cells per column across batches', () => {
    const intern: Map<string, string>[] = [];
    const out: string[][] = [];
    unpackRows(packRows([['a long text that is not interned at all', 'ham']], 2), out, intern);
    unpackRows(packRows([['b', 'ham'], ['c', 'spam']], 2), out, intern);
    expect(out.map((r) => r[1])).toEqual(['ham', 'ham', 'spam']);
    expect([...intern[1].keys()]).toEqual(['ham', 'spam']);
    expect(intern[0].has('a long text that is not interned at all')).toBe(false);
  });

  it('PackedTableBuilder concatenates batches with offsets shifted per column', () => {
    const b = new PackedTableBuilder();
    b.add(packRows(rows.slice(0, 3), 2));
    b.add(packRows(rows.slice(3), 2));
    const meta = { fileName: 'f.csv', encoding: 'utf-8', delimiter: ',', columns: ['text', 'label'], issues: [] };
    const t = b.finish(meta);
    expect(t.rowCount).toBe(4);
    expect(t.columnText).toEqual(['hello, "world"line1\nline2 café £5 日本x', 'hamspamham']);
    expect(t.columnEnds.map((e) => Array.from(e))).toEqual([[14, 14, 36, 37], [3, 7, 7, 10]]);
    expect(t.columns).toEqual(['text', 'label']);
  });
});

describe('packTable', () => {
  const t: RawTable = table(['text', 'label'], [
    ['héllo, "world"', 'a'], ['', 'b'], ['ragged'], ['£5 😀 emoji', ''],
  ], { issues: [{ kind: 'field-count', row: 3, message: 'Row 3 has 1 field' }], raggedRows: [3] });

  it('stores each column as one string plus end offsets, and round-trips every cell', () => {
    const p = packTable(t);
    expect(p.columnText).toEqual(['héllo, "world"ragged£5 😀 emoji', 'ab']);
    expect(Array.from(p.columnEnds[0])).toEqual([14, 14, 20, 31]); // UTF-16 units: 😀 counts 2
    expect(Array.from(p.columnEnds[1])).toEqual([1, 2, 2, 2]);
    const back = unpackTable(p);
    // a missing cell of a ragged row comes back as '' (the parser pads short rows the same way)
    expect(back.rows).toEqual([['héllo, "world"', 'a'], ['', 'b'], ['ragged', ''], ['£5 😀 emoji', '']]);
    expect(back.issues).toEqual(t.issues);
    expect(back.raggedRows).toEqual([3]);
    expect(back.columns).toEqual(['text', 'label']);
  });

  it('joins chunks in order, taking the table fields from the first', () => {
    const a = packTable({ ...t, rows: t.rows.slice(0, 3) });
    const b = packTable({ ...t, rows: t.rows.slice(3), issues: [] });
    const joined = unpackChunks([a, b]);
    expect(joined.rows.map((r) => r[0])).toEqual(['héllo, "world"', '', 'ragged', '£5 😀 emoji']);
    expect(joined.issues).toHaveLength(1);
    expect(() => unpackChunks([])).toThrow(/no chunks/);
  });
});
