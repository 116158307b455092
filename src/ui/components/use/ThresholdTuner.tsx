/**
 * Decision thresholds for binary and multi-label models: predict a labelled CSV (e.g. the validation split),
 * pick the threshold that maximises the chosen metric, see the precision–recall curve, and save the
 * thresholds with the model (they go into config.json and the model card on export).
 */
import { useState } from 'react';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { parseCsvBytes } from '../../../core/data/parse';
import { precisionRecallCurve, THRESHOLD_METRICS, tuneThresholds, type CurvePoint, type ThresholdMetric } from '../../../core/predict/thresholds';
import type { Predictor } from '../../../core/predict/predictor';
import type { Thresholds } from '../../../core/export/types';
import { updateThresholds } from '../../../storage/modelsStore';
import type { OpenRecord } from './useOpenModel';
import { loadDataset } from '../../../storage/datasetStore';
import { buildTrainingData } from '../../../core/data/dataset';
import { SPLIT_CODE } from '../../../core/data/types';

interface Props {
  record: OpenRecord;
  predictor: Predictor;
  onSaved(thresholds: Thresholds): void;
}

/** Label targets of each row: class id (binary) or multi-hot; rows with unknown labels are listed, not dropped silently. */
function targets(cells: string[], labelNames: string[], multi: boolean): { values: number[]; bad: number[] } {
  const values: number[] = [];
  const bad: number[] = [];
  cells.forEach((cell, i) => {
    const parts = multi ? cell.split(/[;|,]/).map((s) => s.trim()).filter(Boolean) : [cell.trim()];
    const ids = parts.map((p) => labelNames.indexOf(p));
    if (ids.some((id) => id < 0) || (!multi && ids.length !== 1)) { bad.push(i + 1); return; }
    if (multi) values.push(...labelNames.map((_, j) => (ids.includes(j) ? 1 : 0)));
    else values.push(ids[0]);
  });
  return { values, bad };
}

export function ThresholdTuner({ record, predictor, onSaved }: Props) {
  const multi = predictor.task === 'multi_label_classification';
  const [metric, setMetric] = useState<ThresholdMetric>('f1');
  const [result, setResult] = useState<{ thresholds: Thresholds; curve: CurvePoint[]; skipped: number[] } | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  /** Predicts labelled rows, tunes, and draws the curve of the positive (binary) or first (multi) label. */
  async function tune(texts: string[], pairs: string[] | undefined, values: number[], skipped: number[]) {
    if (texts.length === 0) throw new Error(`no labelled row this model knows (${predictor.labelNames.join(', ')}).`);
    setStatus(`Predicting ${texts.length} rows…`);
    const { probs } = await predictor.predict(texts, pairs);
    const thresholds = tuneThresholds(probs, values, predictor.task, predictor.labelNames, metric);
    if (!thresholds) throw new Error('thresholds apply to binary and multi-label models only.');
    const k = predictor.numLabels;
    const j = multi ? 0 : 1;
    const truth = multi ? values.filter((_, i) => i % k === j) : values.map((v) => (v === 1 ? 1 : 0));
    const curve = precisionRecallCurve(Array.from({ length: texts.length }, (_, i) => probs[i * k + j]), truth, metric);
    setResult({ thresholds, curve, skipped });
    setStatus(null);
  }

  async function onFile(file: File | undefined) {
    if (!file) return;
    setResult(null);
    try {
      const t = parseCsvBytes(new Uint8Array(await file.arrayBuffer()), { fileName: file.name, header: true });
      const textCol = [record.spec?.dataset.textColumn, 'text'].map((c) => (c ? t.columns.indexOf(c) : -1)).find((i) => i >= 0) ?? 0;
      const labelCol = [record.spec?.dataset.labelColumn, 'label', 'labels'].map((c) => (c ? t.columns.indexOf(c) : -1)).find((i) => i >= 0);
      if (labelCol === undefined) throw new Error(`${file.name} needs a label column (named "${record.spec?.dataset.labelColumn ?? 'label'}").`);
      const { values, bad } = targets(t.rows.map((r) => r[labelCol] ?? ''), predictor.labelNames, multi);
      const rows = t.rows.filter((_, i) => !bad.includes(i + 1));
      await tune(rows.map((r) => r[textCol] ?? ''), undefined, values, bad);
    } catch (e) {
      setStatus(`Tuning failed: ${(e as Error).message}`);
    }
  }

  /** The validation split of the dataset the model was trained on, straight from this browser's storage. */
  async function onValidation() {
    setResult(null);
    try {
      const id = record.spec?.dataset.id;
      const ds = id ? await loadDataset(id) : null;
      if (!ds) throw new Error(`the dataset "${record.spec?.dataset.name}" is no longer in this browser; use a labelled CSV instead.`);
      const data = buildTrainingData(ds);
      if (data.labelNames.join('\n') !== predictor.labelNames.join('\n')) throw new Error(`the dataset's labels (${data.labelNames.join(', ')}) differ from the model's now.`);
      const k = predictor.numLabels;
      const rows = Array.from(data.split.keys()).filter((i) => data.split[i] === SPLIT_CODE.validation);
      const values = multi ? rows.flatMap((i) => Array.from(data.labels.subarray(i * k, i * k + k))) : rows.map((i) => data.labels[i]);
      await tune(rows.map((i) => data.texts[i]), data.pairs ? rows.map((i) => data.pairs![i]) : undefined, values, []);
    } catch (e) {
      setStatus(`Tuning failed: ${(e as Error).message}`);
    }
  }

  async function save() {
    if (!result) return;
    await updateThresholds(record.id, result.thresholds);
    onSaved(result.thresholds);
    setStatus('Thresholds saved; predictions and exports use them now.');
  }

  const th = result?.thresholds;
  return (
    <section aria-label="Thresholds">
      <h3>Decision thresholds</h3>
      <p>Current: {record.thresholds ? Object.entries(record.thresholds.values).map(([l, v]) => `${l} ≥ ${v.toFixed(3)}`).join(', ') : multi ? '0.5 for every label' : 'highest probability wins'}.
        {' '}Tune them on labelled data the model has not trained on, e.g. your validation split as CSV.</p>
      <label>Maximise{' '}
        <select aria-label="Threshold metric" value={metric} onChange={(e) => setMetric(e.target.value as ThresholdMetric)}>
          {THRESHOLD_METRICS.map((m) => <option key={m} value={m}>{m}</option>)}
        </select>
      </label>{' '}
      {record.spec && <><button onClick={() => void onValidation()}>Tune on the validation split of {record.spec.dataset.name}</button>{' '}or{' '}</>}
      <input type="file" accept=".csv,.tsv,.txt,text/csv" aria-label="Labelled CSV for threshold tuning" onChange={(e) => void onFile(e.target.files?.[0])} />
      {status && <p role="status">{status}</p>}
      {th && result && (
        <div data-testid="threshold-result">
          <table aria-label="Tuned thresholds">
            <thead><tr><th>Label</th><th>Threshold</th></tr></thead>
            <tbody>{Object.entries(th.values).map(([l, v]) => <tr key={l}><td>{l}</td><td>{v.toFixed(4)}</td></tr>)}</tbody>
          </table>
          <p>{th.metric}: {th.tunedScore?.toFixed(4)} tuned vs {th.defaultScore?.toFixed(4)} at 0.5.
            {result.skipped.length > 0 && ` ${result.skipped.length} rows skipped for unknown labels (rows ${result.skipped.slice(0, 5).join(', ')}${result.skipped.length > 5 ? ', …' : ''}).`}</p>
          <div style={{ width: '100%', height: 220 }} aria-label="Precision-recall curve">
            <ResponsiveContainer>
              <LineChart data={result.curve} margin={{ left: 8, right: 24 }}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="recall" type="number" domain={[0, 1]} label={{ value: 'recall', position: 'insideBottom', offset: -2 }} />
                <YAxis dataKey="precision" type="number" domain={[0, 1]} />
                <Tooltip formatter={(v) => Number(v).toFixed(3)} labelFormatter={(v) => `recall ${Number(v).toFixed(3)}`} />
                <Line dataKey="precision" dot={false} isAnimationActive={false} />
              </LineChart>
            </ResponsiveContainer>
          </div>
          <button onClick={() => void save()}>Save thresholds</button>
        </div>
      )}
    </section>
  );
}
