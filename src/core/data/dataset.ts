/**
 * The dataset record (what the data stage persists) and the one function that turns it into TrainingData.
 */
import { SPLIT_CODE, type ColumnMapping, type RawTable, type TrainingData } from './types';
import { cleaningReport, DEFAULT_CLEANING, type CleaningOptions, type CleaningReport } from './clean';
import { NO_LABEL_EDITS, resolveLabels, strataOf, type LabelEdits, type ManualLabels, type ResolvedLabels } from './labels';
import {
  columnSplit, DEFAULT_SPLIT, exactTextGroups, ratioSplit, summarizeSplit, textsInSeveralSplits, type SplitSettings, type SplitSummary,
} from './split';
import { writeCsv, type CsvWriteOptions } from './csv';
import { checkMapping, suggestMapping } from './infer';
import type { ColumnProfile } from './profile';
import { DataError } from './errors';

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

/** A new record with the suggested mapping and the default cleaning and split settings. */
export function createDatasetRecord(
  table: RawTable, init: { id: string; name?: string; now?: number; mapping?: ColumnMapping | null },
): DatasetRecord {
  const now = init.now ?? Date.now();
  // Suggested here unless the caller already did (the parse worker suggests while it reads a file).
  const mapping = init.mapping !== undefined ? init.mapping : suggestMapping(table).mapping;
  return {
    id: init.id, name: init.name ?? table.fileName, createdAt: now, updatedAt: now, table,
    mapping, cleaning: DEFAULT_CLEANING, labelEdits: NO_LABEL_EDITS, manualLabels: {},
    split: mapping?.splitColumn ? { mode: 'column', column: mapping.splitColumn } : DEFAULT_SPLIT,
    splitCodes: null,
  };
}

/**
 * Labels → cleaning → split, from the record's settings. Pass `profiles` (profileColumns) when already
 * computed, or `mappingWarnings: false` to skip checkMapping: profiling is the slow part on a million rows.
 * Deterministic: the same record always gives the
 * same codes, so `record.splitCodes` is only a cache for display; this function is the source of truth.
 * Rows without a label never enter a split, even when the 'missing-label' rule is set to keep them.
 */
export function prepareDataset(
  record: DatasetRecord, opts: { profiles?: ColumnProfile[]; mappingWarnings?: boolean } = {},
): PreparedDataset {
  const { table, mapping } = record;
  if (!mapping) throw new DataError('mapping', `Choose the text and label columns of ${record.name} first.`);
  const labels = resolveLabels(table, mapping, record.labelEdits, record.manualLabels);
  const cleaning = cleaningReport(table, mapping, record.cleaning, labels);
  const errors: string[] = [];
  const warnings: string[] = opts.mappingWarnings === false ? [] : checkMapping(table, mapping, opts.profiles).map((w) => w.message);
  const keep = Uint8Array.from(cleaning.keep, (k, i) => (k && labels.classes[i] !== null ? 1 : 0));
  const keptUnlabelled = cleaning.kept - keep.reduce((a, b) => a + b, 0);
  if (keptUnlabelled > 0) {
    warnings.push(`${keptUnlabelled} kept row(s) have no label: they cannot be trained on and are left out of the splits.`);
  }
  if (labels.problems.length > 0) {
    const first = labels.problems.slice(0, 3).map((p) => p.message).join(' ');
    warnings.push(`${labels.problems.length} label cell(s) could not be read. ${first}`);
  }
  const groups = textGroupsOf(table, mapping);
  let splitCodes: Uint8Array;
  if (record.split.mode === 'column') {
    const col = table.columns.indexOf(record.split.column);
    if (col < 0) throw new DataError('split', `The split column "${record.split.column}" is not in ${table.fileName}.`, undefined, record.split.column);
    const r = columnSplit(table.rows.map((row) => row[col] ?? ''), keep);
    splitCodes = r.codes;
    if (r.problems.length > 0) {
      const shown = r.problems.slice(0, 5).map((p) => `row ${p.row} "${p.value}"`).join(', ');
      warnings.push(`${r.problems.length} row(s) of column "${record.split.column}" are not train/validation/test (${shown}${r.problems.length > 5 ? ', …' : ''}); they are left out.`);
    }
    const crossing = textsInSeveralSplits(splitCodes, groups);
    if (crossing > 0) warnings.push(`${crossing} text(s) appear in more than one split of column "${record.split.column}": scores on validation/test are optimistic for them. Drop duplicates (cleaning) or fix the column.`);
  } else {
    const strata = record.split.stratify ? strataOf(labels) : labels.classes.map(() => null);
    splitCodes = ratioSplit(strata, keep, record.split.ratios, record.split.seed, groups);
  }
  const summary = summarizeSplit(splitCodes, labels.kind === 'regression' ? labels.classes.map(() => null) : labels.classes);
  warnings.push(...summary.warnings);
  if (summary.counts.train === 0) errors.push(`No rows are left to train on in ${record.name}: check the cleaning choices, the labels and the split.`);
  if (labels.kind !== 'regression') {
    const used = new Set<string>();
    labels.classes.forEach((c, i) => { if (c && splitCodes[i] !== SPLIT_CODE.excluded) c.forEach((x) => used.add(x)); });
    if (used.size < 2 && labels.kind === 'single') errors.push(`A classifier needs at least two classes; the kept rows have ${used.size} (${[...used].join(', ') || 'none'}).`);
  }
  return { labels, cleaning, splitCodes, summary, errors, warnings };
}

/** Exact-text groups of the table's rows (text + pair text), for ratioSplit to keep copies in one split. */
function textGroupsOf(table: RawTable, mapping: ColumnMapping): Int32Array {
  const textCol = table.columns.indexOf(mapping.textColumn);
  const pairCol = mapping.textPairColumn ? table.columns.indexOf(mapping.textPairColumn) : -1;
  const texts = table.rows.map((r) => r[textCol] ?? '');
  return exactTextGroups(texts, pairCol >= 0 ? table.rows.map((r) => r[pairCol] ?? '') : undefined);
}

/** Throws a DataError naming the problem when the record cannot be trained on. */
export function buildTrainingData(record: DatasetRecord): TrainingData {
  // Mapping warnings need a full column profile and are shown by the data stage, not needed here.
  const prep = prepareDataset(record, { mappingWarnings: false });
  if (prep.errors.length > 0) throw new DataError('label', prep.errors.join(' '));
  const mapping = record.mapping as ColumnMapping;
  const { table } = record;
  const { labels, splitCodes } = prep;
  const textCol = table.columns.indexOf(mapping.textColumn);
  const pairCol = mapping.textPairColumn ? table.columns.indexOf(mapping.textPairColumn) : -1;
  if (mapping.textPairColumn && pairCol < 0) {
    throw new DataError('mapping', `The pair column "${mapping.textPairColumn}" is not in ${table.fileName}.`, undefined, mapping.textPairColumn);
  }
  const rows: number[] = [];
  for (let i = 0; i < splitCodes.length; i++) if (splitCodes[i] !== SPLIT_CODE.excluded) rows.push(i);
  const n = rows.length;
  // Class ids: names of the classes present in the split rows, sorted, so ids do not depend on row order.
  const present = new Set<string>();
  for (const i of rows) for (const c of labels.classes[i] ?? []) present.add(c);
  const labelNames = labels.kind === 'regression' ? [] : [...present].sort();
  const id = new Map(labelNames.map((name, k) => [name, k]));
  const k = labelNames.length;
  const out = new Float32Array(labels.kind === 'multi' ? n * k : n);
  const split = new Uint8Array(n);
  const rowNumbers = new Int32Array(n);
  const texts: string[] = new Array(n);
  const pairs: string[] | undefined = pairCol >= 0 ? new Array(n) : undefined;
  rows.forEach((i, j) => {
    texts[j] = table.rows[i][textCol];
    if (pairs) pairs[j] = table.rows[i][pairCol] ?? '';
    split[j] = splitCodes[i];
    rowNumbers[j] = i + 1;
    const cls = labels.classes[i] as string[];
    if (labels.kind === 'regression') out[j] = (labels.values as Float64Array)[i];
    else if (labels.kind === 'single') out[j] = id.get(cls[0]) as number;
    else for (const c of cls) out[j * k + (id.get(c) as number)] = 1;
  });
  return { labelKind: labels.kind, labelNames, texts, ...(pairs ? { pairs } : {}), labels: out, split, rowNumbers };
}

const SPLIT_NAMES = ['train', 'validation', 'test'] as const;

/**
 * The labelled dataset as CSV: text (, pair), label, split — the rows that go to training, unless
 * `allRows` (then every row, with an empty split for excluded rows). Labels are after edits and manual labels.
 */
export function labelledDatasetCsv(record: DatasetRecord, opts: CsvWriteOptions & { allRows?: boolean } = {}): string {
  const prep = prepareDataset(record, { mappingWarnings: false });
  const mapping = record.mapping as ColumnMapping;
  const { table } = record;
  const textCol = table.columns.indexOf(mapping.textColumn);
  const pairCol = mapping.textPairColumn ? table.columns.indexOf(mapping.textPairColumn) : -1;
  const sep = mapping.multiLabelSeparator ?? '|';
  const columns = [mapping.textColumn, ...(pairCol >= 0 ? [mapping.textPairColumn as string] : []), mapping.labelColumn, 'split'];
  const rows: string[][] = [];
  for (let i = 0; i < table.rows.length; i++) {
    const code = prep.splitCodes[i];
    if (code === SPLIT_CODE.excluded && !opts.allRows) continue;
    const cls = prep.labels.classes[i];
    const label = cls === null ? '' : prep.labels.kind === 'regression' ? String((prep.labels.values as Float64Array)[i]) : cls.join(sep);
    rows.push([
      table.rows[i][textCol], ...(pairCol >= 0 ? [table.rows[i][pairCol]] : []), label,
      code === SPLIT_CODE.excluded ? '' : SPLIT_NAMES[code],
    ]);
  }
  return writeCsv(columns, rows, opts);
}

/** Rows per split of a TrainingData (excluded rows are in none). */
export function splitCounts(data: TrainingData): { train: number; validation: number; test: number } {
  const c = { train: 0, validation: 0, test: 0 };
  for (const code of data.split) {
    if (code === SPLIT_CODE.train) c.train++;
    else if (code === SPLIT_CODE.validation) c.validation++;
    else if (code === SPLIT_CODE.test) c.test++;
  }
  return c;
}
