/**
 * The dataset record (what the data stage persists) and the one function that turns it into TrainingData.
 */
import type { ColumnMapping, RawTable, TrainingData } from './types';
import { DEFAULT_CLEANING, type CleaningOptions, type CleaningReport } from './clean';
import { NO_LABEL_EDITS, type LabelEdits, type ManualLabels, type ResolvedLabels } from './labels';
import { DEFAULT_SPLIT, type SplitSettings, type SplitSummary } from './split';
import type { CsvWriteOptions } from './csv';

export interface DatasetRecord {
  id: string;
  name: string;
  /** ms since epoch */
  createdAt: number;
  updatedAt: number;
  table: RawTable;
  /** Null until a mapping is chosen (or when none could be suggested). */
  mapping: ColumnMapping | null;
  cleaning: CleaningOptions;
  labelEdits: LabelEdits;
  manualLabels: ManualLabels;
  split: SplitSettings;
  /** SPLIT_CODE per row for the current settings; null until computed (see prepareDataset). */
  splitCodes: Uint8Array | null;
}

/** Everything derived from a record, computed in one pass for the UI and for buildTrainingData. */
export interface PreparedDataset {
  labels: ResolvedLabels;
  cleaning: CleaningReport;
  /** SPLIT_CODE per row. */
  splitCodes: Uint8Array;
  summary: SplitSummary;
  /** Problems that block training (e.g. no rows left, regression cells that are not numbers), as messages. */
  errors: string[];
  warnings: string[];
}

export function createDatasetRecord(
  table: RawTable, init: { id: string; name?: string; now?: number },
): DatasetRecord {
  const now = init.now ?? Date.now();
  return {
    id: init.id, name: init.name ?? table.fileName, createdAt: now, updatedAt: now, table,
    mapping: null, cleaning: DEFAULT_CLEANING, labelEdits: NO_LABEL_EDITS, manualLabels: {},
    split: DEFAULT_SPLIT, splitCodes: null,
  };
}

export function prepareDataset(_record: DatasetRecord): PreparedDataset {
  throw new Error('not implemented');
}

/** Throws a DataError naming the problem when the record cannot be trained on. */
export function buildTrainingData(_record: DatasetRecord): TrainingData {
  throw new Error('not implemented');
}

/** The labelled dataset as CSV: text (, pair), label, split — kept rows only unless `allRows`. */
export function labelledDatasetCsv(_record: DatasetRecord, _opts: CsvWriteOptions & { allRows?: boolean } = {}): string {
  throw new Error('not implemented');
}
