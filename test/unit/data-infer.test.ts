import { describe, expect, it } from 'vitest';
import { lengthStats, profileColumns, topValues } from '../../src/core/data/profile';
import { createRng } from '../../src/core/rng';
import { checkMapping, guessLabelKind, suggestMapping } from '../../src/core/data/infer';
import { parseFixture, parseSms, table } from './data-fixtures';

describe('column profile', () => {
  it('profiles sms_spam.csv: text vs category, distinct, empty, lengths, top values', () => {
    const [text, label] = profileColumns(parseSms(), 3);
    expect(text).toMatchObject({ name: 'text', type: 'text', distinct: 5171, empty: 0 });
    expect(text.length).toMatchObject({ min: 2, median: 62, p95: 160, max: 910 });
    expect(text.length.mean).toBeCloseTo(80.478, 2);
    expect(text.top[0]).toEqual({ value: "Sorry, I'll call later", count: 30 });
    expect(label).toMatchObject({ name: 'label', type: 'category', distinct: 2, empty: 0 });
    expect(label.top).toEqual([{ value: 'ham', count: 4827 }, { value: 'spam', count: 747 }]);
  });

  it('types numbers, booleans, categories and empty columns', () => {
    const rows: string[][] = [];
    for (let i = 0; i < 100; i++) rows.push([String(i * 1.5), i % 2 ? 'true' : 'false', ['a', 'b', 'c'][i % 3], '', i % 10 ? `free text number ${i}` : ' ']);
    const p = profileColumns(table(['x', 'flag', 'cat', 'nothing', 'note'], rows));
    expect(p.map((c) => c.type)).toEqual(['number', 'boolean', 'category', 'empty', 'text']);
    expect(p[3]).toMatchObject({ empty: 100, distinct: 0, length: { min: 0, mean: 0, median: 0, p95: 0, max: 0 } });
    expect(p[4].empty).toBe(10);
    expect(p[4].distinct).toBe(90);
  });

  it('length stats use nearest-rank percentiles', () => {
    const l = Array.from({ length: 20 }, (_, i) => i + 1); // 1..20
    expect(lengthStats(l)).toEqual({ min: 1, mean: 10.5, median: 10, p95: 19, max: 20 });
  });
});

describe('mapping suggestion', () => {
  it('sms_spam.csv: text → text, label → label (single), no warnings', () => {
    const s = suggestMapping(parseSms());
    expect(s.mapping).toEqual({ textColumn: 'text', labelColumn: 'label', labelKind: 'single' });
    expect(s.warnings).toEqual([]);
  });

  it('finds text by name, or the longest free text when names say nothing', () => {
    const rows = Array.from({ length: 60 }, (_, i) => [`id${i}`, ['x', 'y'][i % 2], `a fairly long sentence number ${i} with words`]);
    const s = suggestMapping(table(['a', 'b', 'c'], rows));
    expect(s.mapping).toMatchObject({ textColumn: 'c', labelColumn: 'b' });
    const named = suggestMapping(table(['comment', 'notes', 'sentiment'], rows.map((r) => [r[0] + ' short', r[2] + ' and more', r[1]])));
    expect(named.mapping).toMatchObject({ textColumn: 'comment', labelColumn: 'sentiment' });
  });

  it('detects a split column (train/dev/test) and a sentence pair', () => {
    expect(suggestMapping(parseFixture('tabs.tsv')).mapping)
      .toEqual({ textColumn: 'sentence', labelColumn: 'label', labelKind: 'single', splitColumn: 'split' });
    const rows = Array.from({ length: 30 }, (_, i) => [`premise number ${i} is long`, `hypothesis ${i} text`, ['entailment', 'neutral'][i % 2], ['TRAIN', 'Validation', 'testing'][i % 3]]);
    expect(suggestMapping(table(['premise', 'hypothesis', 'label', 'fold'], rows)).mapping).toEqual({
      textColumn: 'premise', textPairColumn: 'hypothesis', labelColumn: 'label', labelKind: 'single', splitColumn: 'fold',
    });
  });

  it('label kinds: multi with its separator, regression, single', () => {
    expect(suggestMapping(parseFixture('multi-label.csv')).mapping)
      .toMatchObject({ labelColumn: 'tags', labelKind: 'multi', multiLabelSeparator: '|' });
    expect(suggestMapping(parseFixture('regression.csv')).mapping).toMatchObject({ labelColumn: 'score', labelKind: 'regression' });
    expect(guessLabelKind(['1', '2', '3', '1', '5'])).toEqual({ kind: 'single' });
    expect(guessLabelKind(['a;b', 'b', 'c;a', 'c'])).toEqual({ kind: 'multi', separator: ';' });
    expect(guessLabelKind(['Hello, world', 'Nice day, right', 'Bye'])).toEqual({ kind: 'single' });
  });

  it('one column: no mapping, a warning that says why', () => {
    const s = suggestMapping(parseFixture('one-column.csv'));
    expect(s.mapping).toBeNull();
    expect(s.warnings[0].message).toMatch(/one column/);
  });

  it('warns when the label column looks like free text and suggests another column', () => {
    const rows = Array.from({ length: 2000 }, (_, i) => [`message ${i}`, `another unique sentence ${i}`, i % 4 ? 'ham' : 'spam']);
    const t = table(['text', 'label', 'kind'], rows);
    const w = checkMapping(t, { textColumn: 'text', labelColumn: 'label', labelKind: 'single' });
    expect(w).toEqual([{ kind: 'label-free-text', column: 'label', message: 'The label column "label" has 2,000 distinct values: it looks like free text, not a label. Did you mean "kind" (2 values)?' }]);
  });

  it('warns about a one-class label and a short categorical text column', () => {
    const t = table(['text', 'label'], Array.from({ length: 20 }, (_, i) => [['yes', 'no'][i % 2], 'x']));
    const msgs = checkMapping(t, { textColumn: 'text', labelColumn: 'label', labelKind: 'single' }).map((w) => w.message);
    expect(msgs).toEqual([
      'The label column "label" has one value only ("x"): a classifier needs at least two classes.',
      'The text column "text" has only 2 distinct short values: it looks like a label.',
    ]);
  });
});

describe('top values', () => {
  it('matches a full sort (count desc, then value) without sorting everything', () => {
    const rng = createRng(3);
    const counts = new Map<string, number>();
    for (let i = 0; i < 2000; i++) counts.set(`v${Math.floor(rng.next() * 5000)}`, 1 + Math.floor(rng.next() * 20));
    const full = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 10)
      .map(([value, count]) => ({ value, count }));
    expect(topValues(counts, 10)).toEqual(full);
    expect(topValues(new Map([['b', 1], ['a', 1]]), 1)).toEqual([{ value: 'a', count: 1 }]);
    expect(topValues(counts, 0)).toEqual([]);
  });
});
