/**
 * Batch prediction: drop a CSV, pick the text column, and predictions with per-class probabilities stream
 * into a virtualised table with progress (only the visible rows are in the page, however long the file); the
 * result downloads as CSV (formula-like cells neutralised; `score_<label>` columns, as the CLI writes). When
 * the file has the label column, the predictions are scored against it.
 */
import { useMemo, useRef, useState } from 'react';
import { parseCsvBytes } from '../../../core/data/parse';
import type { RawTable } from '../../../core/data/types';
import { predictRow, predictionCells, predictionColumns, predictionsCsv, type Prediction } from '../../../core/predict/batch';
import { scoreBatch } from '../../../core/predict/batchScore';
import type { Predictor } from '../../../core/predict/predictor';
import type { OpenRecord } from './useOpenModel';
import { saveFile } from '../../download';
import { RowsTable } from '../data/RowsTable';
import { BatchScoreView } from './BatchScoreView';
import { takesPairs } from './Playground';

interface Props {
  record: OpenRecord;
  predictor: Predictor;
}

// Small chunks: progress, rows and Stop between them. The forward passes run in the prediction worker; in the
// on-page fallback, small chunks are what lets the page repaint at all.
const CHUNK = 16;

/** The columns a file's first pick should be: the training columns when the file has them. */
function preferredColumns(t: RawTable, record: OpenRecord) {
  const pick = (names: (string | undefined)[]) => names.find((c) => c && t.columns.includes(c)) ?? '';
  return {
    text: pick([record.spec?.dataset.textColumn, 'text', 'sentence']) || t.columns[0],
    pair: pick([record.spec?.dataset.textPairColumn]),
    label: pick([record.spec?.dataset.labelColumn, 'label', 'labels']),
  };
}

export function BatchPredict({ record, predictor }: Props) {
  const [table, setTable] = useState<RawTable | null>(null);
  const [column, setColumn] = useState('');
  /** Second text of a pair model; '' = none. */
  const [pairColumn, setPairColumn] = useState('');
  /** The file's true labels, to score the predictions against; '' = none. */
  const [labelColumn, setLabelColumn] = useState('');
  const [preds, setPreds] = useState<Prediction[]>([]);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const cancel = useRef(false);
  const pairs = takesPairs(record);

  async function onFile(file: File | undefined) {
    if (!file) return;
    setError(null);
    setPreds([]);
    try {
      const t = parseCsvBytes(new Uint8Array(await file.arrayBuffer()), { fileName: file.name, header: true });
      if (t.rows.length === 0) throw new Error(`${file.name} has no data rows.`);
      setTable(t);
      const cols = preferredColumns(t, record);
      setColumn(cols.text);
      setPairColumn(pairs === 'never' ? '' : cols.pair);
      setLabelColumn(record.task === 'regression' && !cols.label ? '' : cols.label);
    } catch (e) {
      setTable(null);
      setError(`Could not read the file: ${(e as Error).message}`);
    }
  }

  async function run() {
    if (!table) return;
    const col = table.columns.indexOf(column);
    const pairCol = pairColumn ? table.columns.indexOf(pairColumn) : -1;
    cancel.current = false;
    setRunning(true);
    setError(null);
    setPreds([]);
    const done: Prediction[] = [];
    try {
      for (let start = 0; start < table.rows.length && !cancel.current; start += CHUNK) {
        const chunk = table.rows.slice(start, start + CHUNK);
        const texts = chunk.map((r) => r[col] ?? '');
        const { probs } = await predictor.predict(texts, pairCol >= 0 ? chunk.map((r) => r[pairCol] ?? '') : undefined);
        const k = predictor.numLabels;
        for (let i = 0; i < texts.length; i++) done.push(predictRow(probs.subarray(i * k, i * k + k), predictor.task, predictor.labelNames, record.thresholds));
        setPreds([...done]);
        // Let the page paint the progress (on-page wasm results resolve without a task switch).
        await new Promise((r) => setTimeout(r, 0));
      }
    } catch (e) {
      setError(`Prediction stopped at row ${done.length + 1}: ${(e as Error).message}`);
    } finally {
      setRunning(false);
    }
  }

  function download() {
    if (!table) return;
    const rows = table.rows.slice(0, preds.length);
    const csv = predictionsCsv(table.columns, rows, preds, predictor.task, predictor.labelNames, record.thresholds);
    saveFile(`${table.fileName.replace(/\.[^.]+$/, '')}-predictions.csv`, csv, 'text/csv;charset=utf-8');
  }

  const extra = predictionColumns(predictor.task, predictor.labelNames, record.thresholds);
  const col = table ? table.columns.indexOf(column) : -1;
  const labelCol = table && labelColumn ? table.columns.indexOf(labelColumn) : -1;
  const finished = table !== null && !running && preds.length === table.rows.length;
  const score = useMemo(() => (table && finished && labelCol >= 0
    ? scoreBatch(preds, table.rows.map((r) => r[labelCol] ?? ''), predictor.task, predictor.labelNames) : null),
  [table, finished, labelCol, preds, predictor]);
  const select = (label: string, value: string, set: (v: string) => void, none?: string) => (
    <label>{label}{' '}
      <select aria-label={label} value={value} onChange={(e) => set(e.target.value)} disabled={running}>
        {none && <option value="">{none}</option>}
        {table!.columns.map((c) => <option key={c} value={c}>{c}</option>)}
      </select>{' '}
    </label>
  );
  return (
    <section aria-label="Batch prediction">
      <h3>Predict a whole file</h3>
      <input type="file" accept=".csv,.tsv,.txt,text/csv" aria-label="CSV file for batch prediction" onChange={(e) => void onFile(e.target.files?.[0])} />
      {table && (
        <div>
          {select('Text column', column, setColumn)}
          {pairs !== 'never' && select('Pair column', pairColumn, setPairColumn, '(none)')}
          {select('Label column', labelColumn, setLabelColumn, '(none: do not score)')}
          <button onClick={() => void run()} disabled={running}>Predict {table.rows.length} rows</button>{' '}
          {running && <button onClick={() => { cancel.current = true; }}>Stop</button>}{' '}
          <button onClick={download} disabled={running || preds.length === 0}>Download predictions (CSV)</button>
          <p><progress max={table.rows.length} value={preds.length} aria-label="Batch progress" />{' '}
            <span data-testid="batch-progress">{preds.length} / {table.rows.length}</span></p>
        </div>
      )}
      {error && <p role="alert">{error}</p>}
      {table && preds.length > 0 && (
        <RowsTable label="Batch predictions" testId="batch-predictions" columns={[column, ...extra]} count={preds.length} height={360}
          cell={(i, c) => (c === 0 ? table.rows[i][col] ?? '' : predictionCells(preds[i], predictor.task)[c - 1])} rowNumber={(i) => i + 1} />
      )}
      {score && labelColumn && <BatchScoreView score={score} labelColumn={labelColumn} />}
    </section>
  );
}
