/**
 * Labelled rows the Use stage tunes decision rules on: a labelled CSV, or the validation split of the dataset
 * the model was trained on (straight from this browser's storage). Rows whose label the model does not know
 * are listed by number, not dropped silently.
 */
import { parseCsvBytes } from '../../../core/data/parse';
import { buildTrainingData } from '../../../core/data/dataset';
import { SPLIT_CODE } from '../../../core/data/types';
import { labelTargets } from '../../../core/predict/batchScore';
import type { Predictor } from '../../../core/predict/predictor';
import { loadDataset } from '../../../storage/datasetStore';
import type { OpenRecord } from './useOpenModel';

export interface LabelledRows {
  texts: string[];
  pairs?: string[];
  /** Class id per row (single-label) or multi-hot [n × k] (multi-label). */
  values: number[];
  /** 1-based rows of the file left out for an empty or unknown label. */
  skipped: number[];
}

/** The first of `names` the table has, as a column index. */
function columnOf(columns: string[], names: (string | undefined)[]): number | undefined {
  return names.map((c) => (c ? columns.indexOf(c) : -1)).find((i) => i >= 0);
}

export async function labelledRowsFromCsv(file: File, record: OpenRecord, predictor: Predictor): Promise<LabelledRows> {
  const t = parseCsvBytes(new Uint8Array(await file.arrayBuffer()), { fileName: file.name, header: true });
  const textCol = columnOf(t.columns, [record.spec?.dataset.textColumn, 'text']) ?? 0;
  const labelCol = columnOf(t.columns, [record.spec?.dataset.labelColumn, 'label', 'labels']);
  if (labelCol === undefined) throw new Error(`${file.name} needs a label column (named "${record.spec?.dataset.labelColumn ?? 'label'}").`);
  const { values, bad } = labelTargets(t.rows.map((r) => r[labelCol] ?? ''), predictor.labelNames, predictor.task);
  const rows = t.rows.filter((_, i) => !bad.includes(i + 1));
  return { texts: rows.map((r) => r[textCol] ?? ''), values, skipped: bad };
}

export async function labelledRowsFromValidation(record: OpenRecord, predictor: Predictor): Promise<LabelledRows> {
  const id = record.spec?.dataset.id;
  const ds = id ? await loadDataset(id) : null;
  if (!ds) throw new Error(`the dataset "${record.spec?.dataset.name}" is no longer in this browser; use a labelled CSV instead.`);
  const data = buildTrainingData(ds);
  if (data.labelNames.join('\n') !== predictor.labelNames.join('\n')) throw new Error(`the dataset's labels (${data.labelNames.join(', ')}) differ from the model's now.`);
  const k = predictor.numLabels;
  const rows = Array.from(data.split.keys()).filter((i) => data.split[i] === SPLIT_CODE.validation);
  const multi = predictor.task === 'multi_label_classification';
  const values = multi ? rows.flatMap((i) => Array.from(data.labels.subarray(i * k, i * k + k))) : rows.map((i) => data.labels[i]);
  return { texts: rows.map((i) => data.texts[i]), pairs: data.pairs ? rows.map((i) => data.pairs![i]) : undefined, values, skipped: [] };
}
