/**
 * Batch prediction: drop a CSV, pick the text column, and predictions with per-class probabilities stream
 * into a table with progress; the result downloads as CSV (formula-like cells neutralised).
 */
import { useRef, useState } from 'react';
import { parseCsvBytes } from '../../../core/data/parse';
import type { RawTable } from '../../../core/data/types';
import { predictRow, predictionCells, predictionColumns, predictionsCsv, type Prediction } from '../../../core/predict/batch';
import type { Predictor } from '../../../core/predict/predictor';
import type { OpenRecord } from './useOpenModel';
import { saveFile } from '../../download';

interface Props {
  record: OpenRecord;
  predictor: Predictor;
}

// Small chunks: progress, rows and Stop between them. The forward passes run in the prediction worker; in the
// on-page fallback, small chunks are what lets the page repaint at all.
const CHUNK = 16;
const SHOWN = 100;

export function BatchPredict({ record, predictor }: Props) {
  const [table, setTable] = useState<RawTable | null>(null);
  const [column, setColumn] = useState('');
  /** Second text of a pair model; '' = none. */
  const [pairColumn, setPairColumn] = useState('');
  const [preds, setPreds] = useState<Prediction[]>([]);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const cancel = useRef(false);

  async function onFile(file: File | undefined) {
    if (!file) return;
    setError(null);
    setPreds([]);
    try {
      const t = parseCsvBytes(new Uint8Array(await file.arrayBuffer()), { fileName: file.name, header: true });
      if (t.rows.length === 0) throw new Error(`${file.name} has no data rows.`);
      setTable(t);
      const preferred = [record.spec?.dataset.textColumn, 'text', 'sentence'].find((c) => c && t.columns.includes(c));
      setColumn(preferred ?? t.columns[0]);
      const pair = record.spec?.dataset.textPairColumn;
      setPairColumn(pair && t.columns.includes(pair) ? pair : '');
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
    const csv = predictionsCsv(table.columns, rows, preds, predictor.task, predictor.labelNames);
    saveFile(`${table.fileName.replace(/\.[^.]+$/, '')}-predictions.csv`, csv, 'text/csv;charset=utf-8');
  }

  const extra = predictionColumns(predictor.task, predictor.labelNames);
  const col = table ? table.columns.indexOf(column) : -1;
  return (
    <section aria-label="Batch prediction">
      <h3>Predict a whole file</h3>
      <input type="file" accept=".csv,.tsv,.txt,text/csv" aria-label="CSV file for batch prediction" onChange={(e) => void onFile(e.target.files?.[0])} />
      {table && (
        <div>
          <label>Text column{' '}
            <select aria-label="Text column" value={column} onChange={(e) => setColumn(e.target.value)} disabled={running}>
              {table.columns.map((c) => <option key={c} value={c}>{c}</option>)}
            </select>
          </label>{' '}
          <label>Pair column{' '}
            <select aria-label="Pair column" value={pairColumn} onChange={(e) => setPairColumn(e.target.value)} disabled={running}>
              <option value="">(none)</option>
              {table.columns.map((c) => <option key={c} value={c}>{c}</option>)}
            </select>
          </label>{' '}
          <button onClick={() => void run()} disabled={running}>Predict {table.rows.length} rows</button>{' '}
          {running && <button onClick={() => { cancel.current = true; }}>Stop</button>}{' '}
          <button onClick={download} disabled={running || preds.length === 0}>Download predictions (CSV)</button>
          <p><progress max={table.rows.length} value={preds.length} aria-label="Batch progress" />{' '}
            <span data-testid="batch-progress">{preds.length} / {table.rows.length}</span></p>
        </div>
      )}
      {error && <p role="alert">{error}</p>}
      {table && preds.length > 0 && (
        <table aria-label="Batch predictions">
          <thead><tr><th>#</th><th>{column}</th>{extra.map((c) => <th key={c}>{c}</th>)}</tr></thead>
          <tbody>
            {preds.slice(0, SHOWN).map((p, i) => (
              <tr key={i}><td>{i + 1}</td><td>{table.rows[i][col]}</td>{predictionCells(p, predictor.task).map((c, j) => <td key={j}>{c}</td>)}</tr>
            ))}
          </tbody>
        </table>
      )}
      {preds.length > SHOWN && <p>Showing the first {SHOWN} rows; the download has all {preds.length}.</p>}
    </section>
  );
}
