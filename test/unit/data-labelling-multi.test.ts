import { describe, expect, it } from 'vitest';
import {
  classNameProblem, joinClasses, labelStep, mergeClassOrder, storedClasses, toggleClass, type LabellingMode,
} from '../../src/core/data/labelling';
import { classCounts, resolveLabels, strataOf } from '../../src/core/data/labels';
import { table } from './data-fixtures';

const multi: LabellingMode = { kind: 'multi', separator: '|' };
const single: LabellingMode = { kind: 'single' };
const order = ['politics', 'sports', 'tech'];

describe('multi-label labelling', () => {
  it('toggling keeps the shown class order, whatever order the keys come in', () => {
    expect(toggleClass([], 'tech', order)).toEqual(['tech']);
    expect(toggleClass(['tech'], 'politics', order)).toEqual(['politics', 'tech']);
    expect(toggleClass(['politics', 'tech'], 'sports', order)).toEqual(['politics', 'sports', 'tech']);
    expect(toggleClass(['politics', 'sports', 'tech'], 'sports', order)).toEqual(['politics', 'tech']);
    expect(toggleClass(['politics'], 'politics', order)).toEqual([]);
    // a class not (or no longer) shown goes after the shown ones, its own order kept
    expect(toggleClass(['zeta', 'alpha'], 'politics', order)).toEqual(['politics', 'zeta', 'alpha']);
  });

  it('joins with the mapping separator; no class is no label, never an empty string', () => {
    expect(joinClasses(['sports', 'politics'], '|')).toBe('sports|politics');
    expect(joinClasses(['a', 'b', 'c'], ';')).toBe('a;b;c');
    expect(joinClasses([], '|')).toBeNull();
    expect(storedClasses('sports| politics |sports', multi)).toEqual(['sports', 'politics']);
    expect(storedClasses('', multi)).toEqual([]);
    expect(storedClasses(undefined, multi)).toEqual([]);
    expect(storedClasses(' a|b ', single)).toEqual(['a|b']);
  });

  it('a step toggles on the row and records how to undo it; single-label replaces', () => {
    const labels: Record<number, string> = { 4: 'tech' };
    const on = labelStep(multi, labels, 4, 'politics', order, 2);
    expect(on).toEqual({ label: 'politics|tech', undo: { row: 4, previous: 'tech', position: 2 } });
    const off = labelStep(multi, { 4: 'politics|tech' }, 4, 'tech', order, 2);
    expect(off).toEqual({ label: 'politics', undo: { row: 4, previous: 'politics|tech', position: 2 } });
    const none = labelStep(multi, { 4: 'politics' }, 4, 'politics', order, 2);
    expect(none).toEqual({ label: null, undo: { row: 4, previous: 'politics', position: 2 } });
    const fresh = labelStep(multi, {}, 7, 'sports', order, 0);
    expect(fresh).toEqual({ label: 'sports', undo: { row: 7, previous: null, position: 0 } });
    expect(labelStep(single, labels, 4, 'sports', order, 1)).toEqual({ label: 'sports', undo: { row: 4, previous: 'tech', position: 1 } });
  });

  it('undoing steps in reverse gives back every earlier label', () => {
    let labels: Record<number, string> = {};
    const undo = [];
    for (const [row, cls] of [[0, 'tech'], [0, 'politics'], [1, 'sports'], [0, 'tech']] as const) {
      const step = labelStep(multi, labels, row, cls, order, row);
      undo.push(step.undo);
      labels = { ...labels };
      if (step.label === null) delete labels[row]; else labels[row] = step.label;
    }
    expect(labels).toEqual({ 0: 'politics', 1: 'sports' });
    const history: Record<number, string>[] = [];
    while (undo.length > 0) {
      const e = undo.pop()!;
      labels = { ...labels };
      if (e.previous === null) delete labels[e.row]; else labels[e.row] = e.previous;
      history.push(labels);
    }
    expect(history).toEqual([
      { 0: 'politics|tech', 1: 'sports' }, { 0: 'politics|tech' }, { 0: 'tech' }, {},
    ]);
  });

  it('refuses a class name containing the separator, with the reason', () => {
    expect(classNameProblem('world news', multi)).toBeNull();
    expect(classNameProblem('a|b', single)).toBeNull();
    expect(classNameProblem('  ', multi)).toBe('Type a class name first.');
    expect(classNameProblem('sports|politics', multi)).toBe(
      'The class name "sports|politics" contains the label separator "|": it could not be stored (the label would read as '
      + '"sports" and "politics"). Choose another name, or another separator under Columns.');
    expect(classNameProblem('a;b', { kind: 'multi', separator: ';' })).toMatch(/separator ";"/);
    expect(classNameProblem('a;b', multi)).toBeNull();
    expect(classNameProblem('|', multi)).toMatch(/read as no class at all/);
    expect(classNameProblem('x', { kind: 'multi', separator: '' })).toMatch(/separator is empty/);
  });

  it('the button order stays put: shown names keep their keys, new ones are appended, gone ones leave', () => {
    expect(mergeClassOrder([], ['b', 'a'])).toEqual(['b', 'a']);
    // "neutral" was added as key 3; once a row has it, the sorted class list puts it second: key 3 stays neutral
    expect(mergeClassOrder(['neg', 'pos', 'neutral'], ['neg', 'neutral', 'pos', 'neutral'])).toEqual(['neg', 'pos', 'neutral']);
    expect(mergeClassOrder(['neg', 'pos'], ['pos', 'zeta', 'zeta'])).toEqual(['pos', 'zeta']);
  });

  it('a typed multi-label reads back like the same cell from a file: counts and strata', () => {
    const t = table(['text', 'tags'], [['a', 'sports|politics'], ['b', ''], ['c', ''], ['d', 'tech']]);
    const mapping = { textColumn: 'text', labelColumn: 'tags', labelKind: 'multi' as const, multiLabelSeparator: '|' };
    const typed = labelStep(multi, {}, 1, 'sports', ['politics', 'sports', 'tech'], 0).label;
    const both = labelStep(multi, { 1: typed! }, 1, 'politics', ['politics', 'sports', 'tech'], 0).label;
    expect(both).toBe('politics|sports');
    const r = resolveLabels(t, mapping, undefined, { 1: both! });
    expect(r.classes).toEqual([['sports', 'politics'], ['politics', 'sports'], null, ['tech']]);
    expect(classCounts(r)).toEqual([{ label: 'politics', count: 2 }, { label: 'sports', count: 2 }, { label: 'tech', count: 1 }]);
    const strata = strataOf(r);
    expect(strata[1]).toBe(strata[0]);
    expect(strata[2]).toBeNull();
  });
});
