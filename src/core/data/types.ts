/**
 * Dataset types shared by the parser (worker), the cleaning/splitting core and the UI.
 * Everything here is plain serializable data: it crosses postMessage and lives in IndexedDB.
 */

/** One problem found while reading a file. `row` is 1-based as a person counts data rows (header excluded). */
export interface ParseIssue {
  kind: 'quotes' | 'delimiter' | 'field-count' | 'encoding' | 'empty' | 'binary' | 'other';
  message: string;
  row?: number;
}

/** The parsed file: a header and string cells. Rows keep their original order; index i is data row i+1. */
export interface RawTable {
  fileName: string;
  /** e.g. 'utf-8', 'utf-8-bom', 'windows-1252' */
  encoding: string;
  delimiter: string;
  columns: string[];
  rows: string[][];
  issues: ParseIssue[];
  /**
   * 1-based data rows whose field count differed from the header: short rows were padded with '',
   * long rows truncated (their extra cells are quoted in that row's 'field-count' issue). For the cleaning report.
   */
  raggedRows?: number[];
}

export const LABEL_KINDS = ['single', 'multi', 'regression'] as const;
export type LabelKind = (typeof LABEL_KINDS)[number];

export interface ColumnMapping {
  textColumn: string;
  /** Optional second text for sentence-pair tasks. */
  textPairColumn?: string;
  labelColumn: string;
  labelKind: LabelKind;
  /** Multi-label only: the separator between labels in one cell, e.g. ';' or '|'. */
  multiLabelSeparator?: string;
  /** When set, the split comes from this column (train/validation/test and aliases). */
  splitColumn?: string;
}

export type SplitName = 'train' | 'validation' | 'test';

/** Per-row split code: 0 train, 1 validation, 2 test, 255 excluded (dropped by cleaning or unlabelled). */
export const SPLIT_CODE = { train: 0, validation: 1, test: 2, excluded: 255 } as const;

/**
 * What the trainer receives: the cleaned, labelled, split dataset as flat arrays (one entry per kept row).
 * Built once from a dataset record by src/core/data/dataset.ts; serializable for postMessage.
 */
export interface TrainingData {
  labelKind: LabelKind;
  /** Class names in id order (single/multi-label); empty for regression. */
  labelNames: string[];
  texts: string[];
  /** Second text of each pair, when the mapping has a pair column. */
  pairs?: string[];
  /**
   * single: class id per row (length n). multi: multi-hot, row-major (length n × labelNames.length).
   * regression: the target value per row (length n).
   */
  labels: Float32Array;
  /** SPLIT_CODE per row: 0 train, 1 validation, 2 test. */
  split: Uint8Array;
  /** The 1-based data-row number in the source file, for messages that name a row. */
  rowNumbers: Int32Array;
}
