/** A batch prediction scored against the file's own labels: the headline numbers, confusion matrix and per-class table. */
import type { BatchScore } from '../../../core/predict/batchScore';
import { ConfusionMatrix, PerClassTable } from '../train/ConfusionMatrix';

const f4 = (x: number) => x.toFixed(4);

function headline(s: BatchScore): [string, number][] {
  const m = s.metrics;
  if (m.kind === 'single') return [['accuracy', m.accuracy], ['macro_f1', m.macro_f1]];
  if (m.kind === 'multi') return [['micro_f1', m.micro_f1], ['macro_f1', m.macro_f1], ['exactMatch', m.exactMatch]];
  return [['mse', m.mse], ['mae', m.mae], ['r2', m.r2]];
}

export function BatchScoreView({ score, labelColumn }: { score: BatchScore; labelColumn: string }) {
  const m = score.metrics;
  return (
    <section className="batch-score" aria-label="Scores against the label column" data-testid="batch-score" data-scored={score.scored}>
      <h4>Against the file&apos;s labels (column &ldquo;{labelColumn}&rdquo;)</h4>
      <dl className="metric-list">
        {headline(score).map(([k, v]) => <div key={k} data-metric={k} data-value={v}><dt>{k}</dt><dd>{f4(v)}</dd></div>)}
        <div data-metric="count" data-value={score.scored}><dt>rows scored</dt><dd>{score.scored}</dd></div>
        {score.confident && (
          <div data-metric="confident_accuracy" data-value={score.confident.accuracy}>
            <dt>accuracy when not uncertain ({score.confident.count} rows)</dt><dd>{f4(score.confident.accuracy)}</dd>
          </div>
        )}
      </dl>
      {score.skipped.length > 0 && (
        <p className="muted" data-testid="batch-score-skipped">{score.skipped.length} rows not scored (empty label, or a label the model does not know):
          rows {score.skipped.slice(0, 8).join(', ')}{score.skipped.length > 8 ? ', …' : ''}.</p>
      )}
      {m.kind === 'single' && <ConfusionMatrix labels={m.perClass.map((c) => c.label)} matrix={m.confusion} title="Confusion matrix (this file)" testId="batch-confusion" />}
      {m.kind !== 'regression' && <PerClassTable rows={m.perClass} testId="batch-per-class" />}
    </section>
  );
}
