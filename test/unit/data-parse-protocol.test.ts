import { describe, expect, it } from 'vitest';
import { packRows, PackedTableBuilder, unpackRows } from '../../src/worker/parseProtocol';

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
