/**
 * The labelling view's rules, without React: the order of the class buttons, what a key press stores for a
 * row (one class, or a toggled set of classes joined like a multi-label cell), undo entries, and which new
 * class names can be stored at all.
 */
import type { ManualLabels } from './labels';
import { parseMultiLabelCell } from './labels';

/** How labels are typed: one class per row, or several joined with the mapping's separator. */
export type LabellingMode = { kind: 'single' } | { kind: 'multi'; separator: string };

/** Undoing puts the row's previous stored label back (null = it had none) and returns to where it was. */
export interface LabellingUndoEntry {
  row: number;
  previous: string | null;
  position: number;
}

/** One change to a row: its new stored label (null = no label) and how to undo it. */
export interface LabellingStep {
  label: string | null;
  undo: LabellingUndoEntry;
}

/**
 * The buttons' order, kept stable while labelling: the names already shown stay where they are (so key 3
 * stays the same class once a new class gets its first row and moves in the sorted list), names no longer
 * offered go, new ones are appended in the order given.
 */
export function mergeClassOrder(shown: string[], offered: string[]): string[] {
  const kept = shown.filter((c) => offered.includes(c));
  const added = offered.filter((c, i) => !kept.includes(c) && offered.indexOf(c) === i);
  return [...kept, ...added];
}

/** The classes of a stored manual label: one, several (split like a file's cell), or none. */
export function storedClasses(stored: string | undefined, mode: LabellingMode): string[] {
  if (stored === undefined || stored.trim() === '') return [];
  return mode.kind === 'multi' ? parseMultiLabelCell(stored, mode.separator) : [stored.trim()];
}

/**
 * Adds the class if the row lacks it, else removes it; the result follows `order` (classes not in it keep
 * their relative order, after the others), so the same set is always stored as the same text.
 */
export function toggleClass(current: string[], cls: string, order: string[]): string[] {
  const next = current.includes(cls) ? current.filter((c) => c !== cls) : [...current, cls];
  const rank = (c: string) => {
    const i = order.indexOf(c);
    return i < 0 ? order.length + next.indexOf(c) : i;
  };
  return [...next].sort((a, b) => rank(a) - rank(b));
}

/** Several classes as one stored label, exactly like a multi-label cell; no class = no label (never ''). */
export function joinClasses(classes: string[], separator: string): string | null {
  return classes.length === 0 ? null : classes.join(separator);
}

/** Single-label: the class replaces the row's label. Multi-label: the class is toggled on the row. */
export function labelStep(
  mode: LabellingMode, labels: ManualLabels, row: number, cls: string, order: string[], position: number,
): LabellingStep {
  const previous = Object.prototype.hasOwnProperty.call(labels, row) ? labels[row] : undefined;
  const undo = { row, previous: previous ?? null, position };
  if (mode.kind === 'single') return { label: cls, undo };
  return { label: joinClasses(toggleClass(storedClasses(previous, mode), cls, order), mode.separator), undo };
}

/**
 * Why a new class name cannot be added (null = it can). Multi-label labels are stored as the classes joined
 * with the separator, so a name containing it would read back as other classes.
 */
export function classNameProblem(name: string, mode: LabellingMode): string | null {
  const t = name.trim();
  if (t === '') return 'Type a class name first.';
  if (mode.kind !== 'multi') return null;
  if (mode.separator === '') {
    return 'The label separator is empty: set one under Columns ("Label separator") before adding classes.';
  }
  if (t.includes(mode.separator)) {
    const parts = parseMultiLabelCell(t, mode.separator);
    const readAs = parts.length === 0 ? 'no class at all' : parts.map((p) => `"${p}"`).join(' and ');
    return `The class name "${t}" contains the label separator "${mode.separator}": it could not be stored `
      + `(the label would read as ${readAs}). `
      + 'Choose another name, or another separator under Columns.';
  }
  return null;
}
