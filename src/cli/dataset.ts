/** CSV file + column flags → TrainingData, through the same data core as the studio (cleaning, split). */
import { createDatasetRecord, buildTrainingData, prepareDataset } from '../core/data/dataset';
import { checkMapping, guessLabelKind } from '../core/data/infer';
import { profileColumns } from '../core/data/profile';
import { dataReport, type DataReport } from './dataReport';
import { describeSplit } from '../core/data/split';
import { LABEL_KINDS, type LabelKind, type RawTable, type TrainingData } from '../core/data/types';

export interface CsvMapping {
  textColumn: string;
  textPairColumn?: string;
  labelColumn: string;
  labelKind?: string;
  separator?: string;
}

function columnIndex(table: RawTable, column: string, flag: string): number {
  const i = table.columns.indexOf(column);
  if (i < 0) throw new Error(`${table.fileName} has no column "${column}" (--${flag}); its columns are: ${table.columns.join(', ')}`);
  return i;
}

export function trainingDataFromTable(table: RawTable, m: CsvMapping): { data: TrainingData; splitMethod: string; report: DataReport } {
  if (table.rows.length === 0) throw new Error(`${table.fileName} has no data rows`);
  columnIndex(table, m.textColumn, 'text-column');
  if (m.textPairColumn) columnIndex(table, m.textPairColumn, 'text-pair-column');
  const labelCol = columnIndex(table, m.labelColumn, 'label-column');
  let labelKind: LabelKind;
  let separator = m.separator;
  if (m.labelKind) {
    if (!(LABEL_KINDS as readonly string[]).includes(m.labelKind)) throw new Error(`--label-kind must be single, multi or regression, got "${m.labelKind}"`);
    labelKind = m.labelKind as LabelKind;
  } else {
    const guess = guessLabelKind(table.rows.map((r) => r[labelCol] ?? ''));
    labelKind = guess.kind;
    separator ??= guess.separator;
  }
  const record = createDatasetRecord(table, { id: table.fileName, now: 0 });
  record.mapping = {
    textColumn: m.textColumn, labelColumn: m.labelColumn, labelKind,
    ...(m.textPairColumn ? { textPairColumn: m.textPairColumn } : {}),
    ...(labelKind === 'multi' ? { multiLabelSeparator: separator ?? ';' } : {}),
  };
  const data = buildTrainingData(record);
  const prep = prepareDataset(record, { mappingWarnings: false });
  const report = dataReport(table, prep, checkMapping(table, record.mapping, profileColumns(table)), data);
  return { data, splitMethod: describeSplit(record.split), report };
}
