/**
 * Labels as the person edits them: the raw label cells, then class renames/merges/deletions, then manual
 * labels from the labelling view. Deleting a class makes its rows UNLABELLED (not dropped outright): they
 * then fall under the cleaning rule "missing label" (dropped by default) and can be labelled by hand.
 */
import type { ColumnMapping, LabelKind, RawTable } from './types';
import { DataError } from './errors';

export interface LabelEdits {
  /** Old class name → new name. Renaming to a name that already exists merges the two classes. */
  renames: Record<string, string>;
  /** Deleted classes: their rows become unlabelled. */
  deleted: string[];
}

export const NO_LABEL_EDITS: LabelEdits = { renames: {}, deleted: [] };

/**
 * Labels typed by hand, keyed by the 0-based row index into RawTable.rows (data row number − 1).
 * Single: the class name; multi: the classes joined with the mapping's separator; regression: the number
 * as text. An empty string clears the row's label. Manual labels win over the file's cell and are not
 * affected by renames/deletions made before or after (they are what the person typed).
 */
export type ManualLabels = Record<number, string>;

export interface LabelProblem {
  /** 1-based data row. */
  row: number;
  column: string;
  message: string;
}

export interface ResolvedLabels {
  kind: LabelKind;
  /**
   * Per row: single → [class]; multi → its classes (never empty); regression → []. null = no label
   * (empty cell, deleted class, or a regression cell that is not a number).
   */
  classes: (string[] | null)[];
  /** Regression only: the target per row, NaN where `classes[i]` is null. */
  values: Float64Array | null;
  /** All class names in use, sorted (single/multi); [] for regression. */
  labelNames: string[];
  problems: LabelProblem[];
}

export interface ClassCount {
  label: string;
  count: number;
}

/** Split a multi-label cell: trimmed, empty parts removed, duplicates removed, order kept. */
export function parseMultiLabelCell(cell: string, separator: string): string[] {
  const out: string[] = [];
  for (const part of cell.split(separator)) {
    const t = part.trim();
    if (t !== '' && !out.includes(t)) out.push(t);
  }
  return out;
}

/** A regression cell as a number ("3.5", "-1e-3", "2,5" with a decimal comma), or a problem naming row and column. */
export function parseRegressionCell(cell: string, row: number, column: string): number | LabelProblem {
  const t = cell.trim();
  const normalised = /^[-+]?\d+,\d+$/.test(t) ? t.replace(',', '.') : t;
  const v = normalised === '' ? NaN : Number(normalised);
  if (Number.isFinite(v)) return v;
  return {
    row, column,
    message: `Row ${row}, column "${column}": "${t.length > 30 ? `${t.slice(0, 30)}…` : t}" is not a number; regression needs a numeric target. The row has no label until it is fixed.`,
  };
}

/** Apply renames (chains resolved, merges included) and deletions to one class name; null = deleted. */
export function editClass(name: string, edits: LabelEdits): string | null {
  let current = name;
  const seen = new Set<string>();
  while (Object.prototype.hasOwnProperty.call(edits.renames, current) && !seen.has(current)) {
    seen.add(current);
    if (edits.deleted.includes(current)) return null;
    current = edits.renames[current].trim();
  }
  if (current === '' || edits.deleted.includes(current)) return null;
  return current;
}

function editClasses(names: string[], edits: LabelEdits): string[] | null {
  const out: string[] = [];
  for (const n of names) {
    const e = editClass(n, edits);
    if (e !== null && !out.includes(e)) out.push(e);
  }
  return out.length > 0 ? out : null;
}

export function resolveLabels(
  table: RawTable, mapping: ColumnMapping, edits: LabelEdits = NO_LABEL_EDITS, manual: ManualLabels = {},
): ResolvedLabels {
  const col = table.columns.indexOf(mapping.labelColumn);
  if (col < 0) {
    throw new DataError('mapping', `The label column "${mapping.labelColumn}" is not in ${table.fileName} (columns: ${table.columns.join(', ')}).`, undefined, mapping.labelColumn);
  }
  const kind = mapping.labelKind;
  const sep = mapping.multiLabelSeparator ?? '|';
  const n = table.rows.length;
  const classes: (string[] | null)[] = new Array(n);
  const values = kind === 'regression' ? new Float64Array(n).fill(NaN) : null;
  const problems: LabelProblem[] = [];
  for (let i = 0; i < n; i++) {
    const hand = Object.prototype.hasOwnProperty.call(manual, i) ? manual[i] : undefined;
    const cell = hand ?? table.rows[i][col] ?? '';
    if (cell.trim() === '') { classes[i] = null; continue; }
    if (kind === 'regression') {
      const v = parseRegressionCell(cell, i + 1, mapping.labelColumn);
      if (typeof v === 'number') { (values as Float64Array)[i] = v; classes[i] = []; }
      else { problems.push(v); classes[i] = null; }
    } else {
      const raw = kind === 'multi' ? parseMultiLabelCell(cell, sep) : [cell.trim()];
      // Manual labels are what the person typed: class edits do not apply to them.
      classes[i] = hand !== undefined ? (raw.length > 0 ? raw : null) : editClasses(raw, edits);
    }
  }
  const names = new Set<string>();
  if (kind !== 'regression') for (const c of classes) if (c) for (const x of c) names.add(x);
  return { kind, classes, values, labelNames: [...names].sort(), problems };
}

/** Rows per class (multi-label: a row counts once for each of its classes), most frequent first. */
export function classCounts(labels: ResolvedLabels, keep?: Uint8Array): ClassCount[] {
  const m = new Map<string, number>();
  labels.classes.forEach((c, i) => {
    if (!c || (keep && !keep[i])) return;
    for (const x of c) m.set(x, (m.get(x) ?? 0) + 1);
  });
  return sortCounts(m);
}

/** Class counts of the raw label column before edits, for the label editor (multi-label cells split). */
export function rawClassCounts(table: RawTable, mapping: ColumnMapping): ClassCount[] {
  const col = table.columns.indexOf(mapping.labelColumn);
  const m = new Map<string, number>();
  if (col < 0) return [];
  for (const r of table.rows) {
    const cell = (r[col] ?? '').trim();
    if (cell === '') continue;
    const parts = mapping.labelKind === 'multi' ? parseMultiLabelCell(cell, mapping.multiLabelSeparator ?? '|') : [cell];
    for (const p of parts) m.set(p, (m.get(p) ?? 0) + 1);
  }
  return sortCounts(m);
}

function sortCounts(m: Map<string, number>): ClassCount[] {
  return [...m.entries()].map(([label, count]) => ({ label, count }))
    .sort((a, b) => b.count - a.count || (a.label < b.label ? -1 : 1));
}

/** One stratum per row for splitting: the class (single), the sorted class set (multi), null otherwise. */
export function strataOf(labels: ResolvedLabels): (string | null)[] {
  if (labels.kind === 'regression') return labels.classes.map(() => null);
  if (labels.kind === 'single') return labels.classes.map((c) => (c ? c[0] : null));
  return labels.classes.map((c) => (c ? [...c].sort().join('\u0001') : null));
}
