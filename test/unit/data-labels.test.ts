import { describe, expect, it } from 'vitest';
import {
  classCounts, editClass, parseMultiLabelCell, parseRegressionCell, rawClassCounts, resolveLabels,
} from '../../src/core/data/labels';
import { parseFixture, table } from './data-fixtures';

const t = table(['text', 'label'], [['a', 'pos'], ['b', 'neg'], ['c', 'Positive'], ['d', ''], ['e', 'spam'], ['f', 'pos']]);
const single = { textColumn: 'text', labelColumn: 'label', labelKind: 'single' as const };

describe('labels', () => {
  it('class counts before and after edits', () => {
    expect(rawClassCounts(t, single)).toEqual([
      { label: 'pos', count: 2 }, { label: 'Positive', count: 1 }, { label: 'neg', count: 1 }, { label: 'spam', count: 1 },
    ]);
    const r = resolveLabels(t, single, { renames: { Positive: 'pos' }, deleted: ['spam'] });
    expect(r.classes).toEqual([['pos'], ['neg'], ['pos'], null, null, ['pos']]);
    expect(r.labelNames).toEqual(['neg', 'pos']);
    expect(classCounts(r)).toEqual([{ label: 'pos', count: 3 }, { label: 'neg', count: 1 }]);
    expect(classCounts(r, Uint8Array.from([0, 1, 1, 1, 1, 1]))).toEqual([{ label: 'pos', count: 2 }, { label: 'neg', count: 1 }]);
  });

  it('renames chain and merge; a cycle stops; deleting the target deletes the source', () => {
    const edits = { renames: { a: 'b', b: 'c', x: 'y', y: 'x' }, deleted: ['d'] };
    expect(editClass('a', edits)).toBe('c');
    expect(editClass('x', edits)).toBe('x');
    expect(editClass('d', edits)).toBeNull();
    expect(editClass('q', { renames: { q: 'd' }, deleted: ['d'] })).toBeNull();
    expect(editClass('q', { renames: { q: '  ' }, deleted: [] })).toBeNull();
  });

  it('manual labels win over the cell and are not renamed', () => {
    const r = resolveLabels(t, single, { renames: { pos: 'positive' }, deleted: [] }, { 3: 'pos', 1: '' });
    expect(r.classes).toEqual([['positive'], null, ['Positive'], ['pos'], ['spam'], ['positive']]);
  });

  it('multi-label cells split on the separator, trimmed and de-duplicated', () => {
    expect(parseMultiLabelCell(' a | b |a||c ', '|')).toEqual(['a', 'b', 'c']);
    const m = parseFixture('multi-label.csv');
    const r = resolveLabels(m, { textColumn: 'text', labelColumn: 'tags', labelKind: 'multi', multiLabelSeparator: '|' },
      { renames: { design: 'looks' }, deleted: ['price'] });
    expect(r.classes).toEqual([['speed'], ['speed'], ['looks'], ['looks'], ['speed']]);
    expect(r.labelNames).toEqual(['looks', 'speed']);
  });

  it('regression: numbers parsed, a non-number named by row and column', () => {
    expect(parseRegressionCell(' 2,5 ', 1, 'score')).toBe(2.5);
    expect(parseRegressionCell('-1e-3', 1, 'score')).toBe(-0.001);
    expect(parseRegressionCell('n/a', 7, 'score')).toEqual({
      row: 7, column: 'score',
      message: 'Row 7, column "score": "n/a" is not a number; regression needs a numeric target. The row has no label until it is fixed.',
    });
    const r = resolveLabels(parseFixture('regression.csv'), { textColumn: 'text', labelColumn: 'score', labelKind: 'regression' });
    expect(Array.from((r.values as Float64Array).subarray(0, 4))).toEqual([4.5, 0.2, 3.8, 5]);
    expect(Number.isNaN((r.values as Float64Array)[10])).toBe(true);
    expect(r.classes[10]).toBeNull();
    expect(r.problems.map((p) => p.row)).toEqual([11]);
    expect(r.labelNames).toEqual([]);
  });

  it('names a missing label column', () => {
    expect(() => resolveLabels(t, { ...single, labelColumn: 'y' })).toThrow('The label column "y" is not in crafted.csv (columns: text, label).');
  });
});
