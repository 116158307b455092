/**
 * Suggests which column is the text, which the label (and its kind), and which an existing split.
 */
import type { ColumnMapping, LabelKind, RawTable } from './types';
import type { ColumnProfile } from './profile';

export interface MappingWarning {
  column: string;
  message: string;
}

export interface MappingSuggestion {
  /** Null when the table cannot be mapped (e.g. one column only: text without labels). */
  mapping: ColumnMapping | null;
  /** Columns that could be the text, best first. */
  textCandidates: string[];
  /** Columns that could be the label, best first. */
  labelCandidates: string[];
  warnings: MappingWarning[];
}

/** Guess single / multi (with its separator) / regression from a label column's values. */
export function guessLabelKind(_values: string[]): { kind: LabelKind; separator?: string } {
  throw new Error('not implemented');
}

export function suggestMapping(_table: RawTable, _profiles?: ColumnProfile[]): MappingSuggestion {
  throw new Error('not implemented');
}

/** Warnings for a mapping the person chose (e.g. a label column with thousands of distinct values). */
export function checkMapping(_table: RawTable, _mapping: ColumnMapping, _profiles?: ColumnProfile[]): MappingWarning[] {
  throw new Error('not implemented');
}
