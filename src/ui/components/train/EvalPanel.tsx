import type { EvalMetrics } from '../../../core/train/metrics';
import { ConfusionMatrix, PerClassTable } from './ConfusionMatrix';
import { metricsRecord, type RunHistory } from '../../../core/train/runHistory';

function MetricList({ metrics, testId }: { metrics: EvalMetrics; testId: string }) {
  const rec = { loss: metrics.loss, ...metricsRecord(metrics) };
  return (
    <dl className="metric-list" data-testid={testId}>
      {Object.entries(rec).map(([k, v]) => (
        <div key={k} data-metric={k} data-value={v}>
          <dt>{k}</dt>
          <dd>{v.toFixed(4)}</dd>
        </div>
      ))}
      <div data-metric="count" data-value={metrics.count}><dt>examples</dt><dd>{metrics.count}</dd></div>
    </dl>
  );
}

/** One evaluation in detail: the numbers, the confusion matrix (single-label) and the per-class table. */
export function EvalDetail({ metrics, split, step }: { metrics: EvalMetrics; split: 'validation' | 'test'; step?: number }) {
  const title = split === 'test' ? 'Test set (best checkpoint)' : `Validation${step !== undefined ? ` at step ${step}` : ''}`;
  return (
    <section className={`eval-detail eval-${split}`} data-testid={`${split}-metrics`} aria-label={title}>
      <h3>{title}</h3>
      <MetricList metrics={metrics} testId={`${split}-metric-list`} />
      {metrics.kind === 'single' && (
        <ConfusionMatrix labels={metrics.perClass.map((c) => c.label)} matrix={metrics.confusion}
          title={`Confusion matrix (${split})`} testId={`${split}-confusion`} />
      )}
      {metrics.kind !== 'regression' && <PerClassTable rows={metrics.perClass} testId={`${split}-per-class`} />}
    </section>
  );
}

/** The latest validation evaluation, and the test scores apart once the run has them. */
export function EvalPanel({ history }: { history: RunHistory }) {
  const lastStep = history.validation.at(-1)?.step;
  return (
    <div className="eval-panel">
      {history.lastValidation
        ? <EvalDetail metrics={history.lastValidation} split="validation" step={lastStep} />
        : <p className="eval-waiting">The first validation scores appear after the first evaluation.</p>}
      {history.test && <EvalDetail metrics={history.test} split="test" />}
    </div>
  );
}
