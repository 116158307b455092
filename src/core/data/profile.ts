/**
 * Column profiles: what each column looks like, for the mapping suggestion and the data stage's summary.
 */
import type { RawTable } from './types';

export type ColumnType = 'text' | 'category' | 'number' | 'boolean' | 'empty';

export interface LengthStats {
  min: number;
  mean: number;
  median: number;
  p95: number;
  max: number;
}

export interface ColumnProfile {
  name: string;
  index: number;
  type: ColumnType;
  /** Distinct non-empty values (exact). */
  distinct: number;
  /** Cells that are empty or whitespace only. */
  empty: number;
  /** Character lengths of the non-empty cells (all zeros for an empty column). */
  length: LengthStats;
  /** Most frequent non-empty values, most frequent first (at most `topN`). */
  top: { value: string; count: number }[];
  /** Share of non-empty cells that parse as numbers (0..1). */
  numericShare: number;
}

export function profileColumn(_table: RawTable, _index: number, _topN = 10): ColumnProfile {
  throw new Error('not implemented');
}

export function profileColumns(table: RawTable, topN = 10): ColumnProfile[] {
  return table.columns.map((_, i) => profileColumn(table, i, topN));
}
