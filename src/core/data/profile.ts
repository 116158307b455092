/**
 * Column profiles: what each column looks like, for the mapping suggestion and the data stage's summary.
 */
import type { RawTable } from './types';
import { isNumberCell } from './header';

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

const BOOLEAN_VALUES = new Set(['true', 'false', 'yes', 'no', '0', '1', 't', 'f', 'y', 'n']);

/** At most this many distinct values (or this share of the rows) makes a column a category. */
const MAX_CATEGORY_DISTINCT = 50;
const MAX_CATEGORY_SHARE = 0.5;

export function profileColumn(table: RawTable, index: number, topN = 10): ColumnProfile {
  const counts = new Map<string, number>();
  const lengths: number[] = [];
  let empty = 0;
  let numeric = 0;
  for (const row of table.rows) {
    const v = row[index] ?? '';
    if (v.trim() === '') { empty++; continue; }
    counts.set(v, (counts.get(v) ?? 0) + 1);
    lengths.push(v.length);
    if (isNumberCell(v)) numeric++;
  }
  const filled = lengths.length;
  const distinct = counts.size;
  const numericShare = filled === 0 ? 0 : numeric / filled;
  const top = topValues(counts, topN);
  return {
    name: table.columns[index], index, distinct, empty, top, numericShare,
    length: lengthStats(lengths),
    type: guessType(counts, filled, numericShare),
  };
}

function guessType(counts: Map<string, number>, filled: number, numericShare: number): ColumnType {
  if (filled === 0) return 'empty';
  const distinct = counts.size;
  if (distinct <= 2 && [...counts.keys()].every((k) => BOOLEAN_VALUES.has(k.trim().toLowerCase()))) return 'boolean';
  // Numbers with few distinct values (ratings 1–5, class ids) are categories, not measurements.
  const fewDistinct = distinct <= MAX_CATEGORY_DISTINCT && distinct <= Math.max(2, filled * MAX_CATEGORY_SHARE);
  if (numericShare >= 0.95 && !fewDistinct) return 'number';
  if (fewDistinct) return 'category';
  if (numericShare >= 0.95) return 'number';
  return 'text';
}

/**
 * The `n` most frequent values, most frequent first, ties by value. One pass with a small sorted list:
 * sorting a million distinct texts (ties compared as strings) took seconds.
 */
export function topValues(counts: Map<string, number>, n: number): { value: string; count: number }[] {
  const top: { value: string; count: number }[] = [];
  if (n <= 0) return top;
  for (const [value, count] of counts) {
    const last = top[top.length - 1];
    if (top.length === n && (count < last.count || (count === last.count && value >= last.value))) continue;
    let i = top.length;
    while (i > 0 && (top[i - 1].count < count || (top[i - 1].count === count && top[i - 1].value > value))) i--;
    top.splice(i, 0, { value, count });
    if (top.length > n) top.pop();
  }
  return top;
}

/** min / mean / median / p95 / max of character lengths (nearest-rank percentiles). */
export function lengthStats(lengths: number[]): LengthStats {
  if (lengths.length === 0) return { min: 0, mean: 0, median: 0, p95: 0, max: 0 };
  const sorted = Float64Array.from(lengths).sort();
  const rank = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
  let sum = 0;
  for (const l of sorted) sum += l;
  return { min: sorted[0], mean: sum / sorted.length, median: rank(0.5), p95: rank(0.95), max: sorted[sorted.length - 1] };
}

export function profileColumns(table: RawTable, topN = 10): ColumnProfile[] {
  return table.columns.map((_, i) => profileColumn(table, i, topN));
}
