/**
 * The decision rule of a single-label model with more than two classes. Exactly one class wins (the most
 * probable), so per-class thresholds cannot apply; what can be chosen is how sure the model must be: below a
 * confidence cut-off the outcome is "uncertain", for a person to check. Measured on labelled data (the
 * validation split, or a CSV): how many texts stay decided (coverage) and how accurate those are.
 */
import { useState } from 'react';
import { confidenceCurve, defaultCutoffs, type ConfidencePoint } from '../../../core/predict/thresholds';
import type { Predictor } from '../../../core/predict/predictor';
import type { Thresholds } from '../../../core/export/types';
import { updateThresholds } from '../../../storage/modelsStore';
import type { OpenRecord } from './useOpenModel';
import { labelledRowsFromCsv, labelledRowsFromValidation, type LabelledRows } from './labelledRows';

interface Props {
  record: OpenRecord;
  predictor: Predictor;
  onSaved(thresholds: Thresholds | undefined): void;
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

export function ConfidenceCutoff({ record, predictor, onSaved }: Props) {
  const k = predictor.numLabels;
  const current = record.thresholds?.minConfidence;
  const [cutoff, setCutoff] = useState(current ?? 0.5);
  const [curve, setCurve] = useState<{ points: ConfidencePoint[]; rows: number; skipped: number[] } | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  async function measure(load: () => Promise<LabelledRows>) {
    setCurve(null);
    try {
      const rows = await load();
      if (rows.texts.length === 0) throw new Error(`no labelled row this model knows (${predictor.labelNames.join(', ')}).`);
      setStatus(`Predicting ${rows.texts.length} rows…`);
      const { probs } = await predictor.predict(rows.texts, rows.pairs);
      const cutoffs = [...new Set([...defaultCutoffs(k), cutoff])].sort((a, b) => a - b);
      setCurve({ points: confidenceCurve(probs, rows.values, k, cutoffs), rows: rows.texts.length, skipped: rows.skipped });
      setStatus(null);
    } catch (e) {
      setStatus(`Measuring failed: ${(e as Error).message}`);
    }
  }

  async function save(value: number | undefined) {
    const thresholds = value === undefined ? undefined : { metric: 'confidence cut-off', values: {}, minConfidence: value };
    await updateThresholds(record.id, thresholds);
    onSaved(thresholds);
    setStatus(value === undefined ? 'Cut-off removed: the most probable class is always the prediction.' : `Cut-off ${value.toFixed(2)} saved; predictions and exports use it now.`);
  }

  return (
    <section aria-label="Decision rule" data-testid="confidence-cutoff">
      <h3>Decision rule: confidence cut-off</h3>
      <p data-testid="why-no-thresholds">This model picks one of {k} classes: the most probable class wins, so per-class decision thresholds
        would not give one answer per text and do not apply here. What you can choose is how sure it must be — below a
        cut-off the outcome is <strong>uncertain</strong>, for a person to check.</p>
      <p>Current: {current === undefined ? 'no cut-off (every text gets its most probable class)' : `uncertain below ${current.toFixed(2)}`}.</p>
      <label>Cut-off (top-class probability){' '}
        <input type="number" aria-label="Confidence cut-off" min={0} max={1} step={0.05} value={cutoff}
          onChange={(e) => setCutoff(Math.min(1, Math.max(0, Number(e.target.value) || 0)))} />
      </label>{' '}
      <button type="button" onClick={() => void save(cutoff)}>Save cut-off</button>{' '}
      {current !== undefined && <button type="button" onClick={() => void save(undefined)}>Remove cut-off</button>}
      <p>See what a cut-off costs:{' '}
        {record.spec && <><button type="button" onClick={() => void measure(() => labelledRowsFromValidation(record, predictor))}>Measure on the validation split of {record.spec.dataset.name}</button>{' '}or{' '}</>}
        <input type="file" accept=".csv,.tsv,.txt,text/csv" aria-label="Labelled CSV for the confidence cut-off"
          onChange={(e) => { const f = e.target.files?.[0]; if (f) void measure(() => labelledRowsFromCsv(f, record, predictor)); }} />
      </p>
      {status && <p role="status">{status}</p>}
      {curve && (
        <table aria-label="Coverage and accuracy by cut-off" data-testid="cutoff-table" data-rows={curve.rows}>
          <thead><tr><th>cut-off</th><th>decided (coverage)</th><th>accuracy on those</th><th /></tr></thead>
          <tbody>
            {curve.points.map((p) => (
              <tr key={p.cutoff} data-cutoff={p.cutoff} aria-current={p.cutoff === cutoff ? 'true' : undefined}>
                <td>{p.cutoff.toFixed(2)}</td><td>{pct(p.coverage)} ({p.count} of {curve.rows})</td><td>{p.count ? pct(p.accuracy) : '—'}</td>
                <td><button type="button" onClick={() => setCutoff(p.cutoff)}>Choose</button></td>
              </tr>
            ))}
          </tbody>
          {curve.skipped.length > 0 && <caption>{curve.skipped.length} rows skipped for unknown labels.</caption>}
        </table>
      )}
    </section>
  );
}
