/**
 * The cleaning report: every rule counts its rows and lists them BEFORE anything is dropped; the
 * person chooses which rules drop rows. Defaults drop only empty texts and missing labels.
 */
import type { ColumnMapping, RawTable } from './types';
import type { ResolvedLabels } from './labels';

export type CleaningRuleId =
  | 'empty-text' | 'missing-label' | 'duplicate' | 'conflicting-duplicate' | 'too-long' | 'wrong-field-count';

export interface CleaningOptions {
  /** Which rules drop their rows. */
  drop: Record<CleaningRuleId, boolean>;
  /** 'too-long' threshold in characters (text + pair text). */
  maxChars: number;
}

export const DEFAULT_CLEANING: CleaningOptions = {
  drop: {
    'empty-text': true, 'missing-label': true, duplicate: false,
    'conflicting-duplicate': false, 'too-long': false, 'wrong-field-count': false,
  },
  maxChars: 2000,
};

export interface CleaningFinding {
  rule: CleaningRuleId;
  title: string;
  /** What the rule means, in a sentence. */
  description: string;
  count: number;
  /** 1-based data rows, ascending. */
  rows: number[];
  drop: boolean;
}

export interface CleaningReport {
  findings: CleaningFinding[];
  /** 1 = kept, 0 = dropped; one entry per table row. */
  keep: Uint8Array;
  total: number;
  kept: number;
  dropped: number;
}

/**
 * `labels` are the resolved labels (after edits and manual labels); without them the 'missing-label' and
 * 'conflicting-duplicate' rules look at the raw label column.
 */
export function cleaningReport(
  _table: RawTable, _mapping: ColumnMapping, _options: CleaningOptions = DEFAULT_CLEANING, _labels?: ResolvedLabels,
): CleaningReport {
  throw new Error('not implemented');
}

/** The report as CSV: rule,title,row,dropped — one line per (rule, row). */
export function cleaningReportCsv(_report: CleaningReport): string {
  throw new Error('not implemented');
}
