/**
 * Type or paste a text (or a pair) → class probabilities, the predicted class and how long it took.
 * Multi-label: each label's probability against its threshold. Regression: the predicted value.
 */
import { useState } from 'react';
import { predictRow, type Prediction } from '../../../core/predict/batch';
import type { Predictor } from '../../../core/predict/predictor';
import type { OpenRecord } from './useOpenModel';
import { ProbabilityChart } from './ProbabilityChart';
import { loadableByTransformers } from '../../../core/export/modelCard';

interface Props {
  record: OpenRecord;
  predictor: Predictor;
}

const pct = (p: number) => `${(p * 100).toFixed(1)} %`;

/**
 * Whether the model reads a second text. A model trained here knows (its dataset had a pair column or not); an
 * imported one may, when it is a transformer (its tokenizer joins pairs with [SEP]), never when it is a studio
 * bag-of-vectors model.
 */
export function takesPairs(record: OpenRecord): 'always' | 'optional' | 'never' {
  if (record.spec) return record.spec.dataset.textPairColumn ? 'always' : 'never';
  return loadableByTransformers(record.config.model_type) ? 'optional' : 'never';
}

/** The predicted outcome in words: which class, and by what rule (threshold, cut-off, or the most probable). */
function Outcome({ pred, labelNames, record }: { pred: Prediction; labelNames: string[]; record: OpenRecord }) {
  const top = pred.labels[0];
  const p = pred.probs[labelNames.indexOf(top)];
  const t = labelNames.length === 2 ? record.thresholds?.values[labelNames[1]] : undefined;
  if (t !== undefined) {
    const positive = labelNames[1];
    const pos = pred.probs[1];
    return <p>Predicted <strong data-testid="top-class">{top}</strong> <span data-testid="decision-rule">(threshold {t.toFixed(3)}: {positive} probability {pct(pos)} {pos >= t ? '≥' : '<'} {t.toFixed(3)})</span></p>;
  }
  if (pred.uncertain) {
    return <p><strong data-testid="top-class">uncertain</strong> <span data-testid="decision-rule">— most probable: {top} ({pct(p)}), below the {record.thresholds?.minConfidence?.toFixed(2)} confidence cut-off</span></p>;
  }
  return <p>Predicted <strong data-testid="top-class">{top}</strong> <span data-testid="decision-rule">({pct(p)}, the most probable class{pred.uncertain === false ? `, above the ${record.thresholds?.minConfidence?.toFixed(2)} cut-off` : ''})</span></p>;
}

export function Playground({ record, predictor }: Props) {
  const pairs = takesPairs(record);
  const [hasPair, setHasPair] = useState(pairs === 'always');
  const [text, setText] = useState('');
  const [pair, setPair] = useState('');
  const [result, setResult] = useState<{ probs: number[]; ms: number } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { task, labelNames } = predictor;

  async function run() {
    if (!text.trim()) { setError('Type a text first.'); return; }
    setBusy(true);
    setError(null);
    try {
      const t0 = performance.now();
      const { probs } = await predictor.predict([text], hasPair ? [pair] : undefined);
      const ms = performance.now() - t0;
      setResult({ probs: Array.from(probs), ms });
    } catch (e) {
      setError(`Prediction failed: ${(e as Error).message}`);
    } finally {
      setBusy(false);
    }
  }

  // Decided at render: thresholds saved after the prediction apply to it at once.
  const pred = result ? predictRow(result.probs, task, labelNames, record.thresholds) : undefined;
  const showThresholds = task === 'multi_label_classification' || Object.keys(record.thresholds?.values ?? {}).length > 0;
  return (
    <section aria-label="Playground">
      <h3>Try it</h3>
      <textarea aria-label="Text to classify" rows={4} style={{ width: '100%' }} value={text} placeholder="Type or paste a text…"
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void run(); }} />
      {pairs === 'optional' && (
        <label><input type="checkbox" checked={hasPair} onChange={(e) => setHasPair(e.target.checked)} /> Second text (sentence pair)</label>
      )}
      {hasPair && <textarea aria-label="Second text (pair)" rows={2} style={{ width: '100%' }} value={pair} onChange={(e) => setPair(e.target.value)} />}
      <div><button onClick={() => void run()} disabled={busy}>{busy ? 'Predicting…' : 'Predict'}</button> <small>Ctrl+Enter</small></div>
      {error && <p role="alert">{error}</p>}
      {pred && result && (
        <div data-testid="playground-result">
          {task === 'regression' ? (
            <p>Predicted value: <strong data-testid="top-class">{pred.probs[0].toFixed(4)}</strong></p>
          ) : task === 'multi_label_classification' ? (
            <p>Labels: <strong data-testid="top-class">{pred.labels.length ? pred.labels.join(', ') : 'none'}</strong></p>
          ) : (
            <Outcome pred={pred} labelNames={labelNames} record={record} />
          )}
          <p data-testid="latency">Latency: {result.ms.toFixed(0)} ms</p>
          {task !== 'regression' && (
            <>
              <ProbabilityChart labels={labelNames} probs={pred.probs} chosen={new Set(pred.labels)}
                thresholds={task === 'multi_label_classification' ? Object.fromEntries(labelNames.map((l) => [l, record.thresholds?.values[l] ?? 0.5])) : record.thresholds?.values} />
              <table aria-label="Class probabilities">
                <thead><tr><th>Label</th><th>Probability</th>{showThresholds && <th>Threshold</th>}</tr></thead>
                <tbody>
                  {labelNames.map((l, i) => (
                    <tr key={l}>
                      <td>{l}</td><td>{pct(pred.probs[i])}</td>
                      {showThresholds && (
                        <td>{record.thresholds?.values[l] !== undefined ? pct(record.thresholds.values[l]) : task === 'multi_label_classification' ? '50.0 %' : '—'}</td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </div>
      )}
    </section>
  );
}
