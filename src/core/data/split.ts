/**
 * Train/validation/test splits: stratified by label with a seed, exact per class, or taken from a column.
 */
import { SPLIT_CODE, type SplitName } from './types';

export interface SplitRatios {
  train: number;
  validation: number;
  test: number;
}

export const SPLIT_PRESETS = {
  '80/10/10': { train: 0.8, validation: 0.1, test: 0.1 },
  '70/15/15': { train: 0.7, validation: 0.15, test: 0.15 },
} as const satisfies Record<string, SplitRatios>;

export type SplitSettings =
  | { mode: 'ratio'; ratios: SplitRatios; seed: number; stratify: boolean }
  | { mode: 'column'; column: string };

export const DEFAULT_SPLIT: SplitSettings = { mode: 'ratio', ratios: SPLIT_PRESETS['80/10/10'], seed: 42, stratify: true };

export { SPLIT_CODE };

/** 'Train', 'dev', 'VALID', 'testing' … → the split; null when the value is not a split name. */
export function parseSplitName(_value: string): SplitName | null {
  throw new Error('not implemented');
}

/**
 * Split the kept rows. `strata[i]` is row i's stratum (its class; null = unstratified pool). Per stratum:
 * shuffle with the seed, n_val = round(n·r_val), n_test = round(n·r_test), the rest train.
 * Rows with keep[i] = 0 get SPLIT_CODE.excluded.
 */
export function ratioSplit(_strata: (string | null)[], _keep: Uint8Array, _ratios: SplitRatios, _seed: number): Uint8Array {
  throw new Error('not implemented');
}

export interface ColumnSplitResult {
  codes: Uint8Array;
  /** Kept rows whose cell is not a split name (they are excluded). */
  problems: { row: number; value: string }[];
}

export function columnSplit(_values: string[], _keep: Uint8Array): ColumnSplitResult {
  throw new Error('not implemented');
}

export interface SplitSummary {
  counts: Record<SplitName, number>;
  excluded: number;
  /** Per class: rows in each split. */
  perClass: { label: string; train: number; validation: number; test: number }[];
  warnings: string[];
}

export function summarizeSplit(_codes: Uint8Array, _strata: (string | null)[]): SplitSummary {
  throw new Error('not implemented');
}
