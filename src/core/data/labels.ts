/**
 * Labels as the person edits them: the raw label cells, then class renames/merges/deletions, then manual
 * labels from the labelling view. Deleting a class makes its rows UNLABELLED (not dropped outright): they
 * then fall under the cleaning rule "missing label" (dropped by default) and can be labelled by hand.
 */
import type { ColumnMapping, LabelKind, RawTable } from './types';

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
export function parseMultiLabelCell(_cell: string, _separator: string): string[] {
  throw new Error('not implemented');
}

/** A regression cell as a number, or an error message naming row and column. */
export function parseRegressionCell(_cell: string, _row: number, _column: string): number | LabelProblem {
  throw new Error('not implemented');
}

/** Apply renames (chains resolved, merges included) and deletions to one class name; null = deleted. */
export function editClass(_name: string, _edits: LabelEdits): string | null {
  throw new Error('not implemented');
}

export function resolveLabels(
  _table: RawTable, _mapping: ColumnMapping, _edits: LabelEdits = NO_LABEL_EDITS, _manual: ManualLabels = {},
): ResolvedLabels {
  throw new Error('not implemented');
}

/** Rows per class (multi-label: a row counts once for each of its classes), most frequent first. */
export function classCounts(_labels: ResolvedLabels, _keep?: Uint8Array): ClassCount[] {
  throw new Error('not implemented');
}

/** Class counts of the raw label column before edits, for the label editor. */
export function rawClassCounts(_table: RawTable, _mapping: ColumnMapping): ClassCount[] {
  throw new Error('not implemented');
}
