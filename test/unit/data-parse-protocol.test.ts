import { describe, expect, it } from 'vitest';
import { packRows, unpackRows } from '../../src/worker/parseProtocol';

describe('parse worker row batches', () => {
  it('pack → unpack round-trips cells, including empty, multi-line and non-ASCII ones', () => {
    const rows = [['hello, "world"', 'ham'], ['', 'spam'], ['line1\nline2 café £5 日本', ''], ['x', 'ham']];
    const packed = packRows(rows, 2);
    expect(packed.width).toBe(2);
    expect(Array.from(packed.ends)).toEqual([14, 17, 17, 21, 43, 43, 44, 47]);
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
});
