import { MetricChart } from './MetricChart';
import { downsample, type RunHistory } from '../../../core/train/runHistory';

const METRIC_COLORS: Record<string, string> = {
  accuracy: '#16a34a', macro_f1: '#9333ea', micro_f1: '#0891b2', exactMatch: '#ca8a04', mse: '#dc2626', mae: '#ea580c', r2: '#16a34a',
};

/** The four live charts of a run: train loss, validation, learning rate, throughput. */
export function RunCharts({ history }: { history: RunHistory }) {
  const steps = downsample(history.steps);
  const lossPoints = steps.map((p) => ({ step: p.step, loss: p.loss, smoothed: p.smoothedLoss }));
  const lrPoints = steps.map((p) => ({ step: p.step, head: p.headLr, body: p.bodyLr }));
  const speedPoints = steps.map((p) => ({ step: p.step, samplesPerSecond: p.samplesPerSecond }));
  const metricNames = [...new Set(history.validation.flatMap((v) => Object.keys(v.metrics)))];
  const valPoints = history.validation.map((v) => ({ step: v.step, loss: v.loss, ...v.metrics }));
  // Show the train loss at evaluation steps next to the validation loss: over-fitting is the gap.
  return (
    <div className="run-charts" data-testid="run-charts">
      <MetricChart title="Training loss" testId="chart-train-loss" points={lossPoints}
        series={[{ key: 'loss', label: 'loss (raw)', color: '#93c5fd' }, { key: 'smoothed', label: 'loss (smoothed)', color: '#1d4ed8' }]} />
      <MetricChart title="Validation" testId="chart-validation" points={valPoints}
        series={[{ key: 'loss', label: 'validation loss', color: '#b91c1c' },
          ...metricNames.map((m) => ({ key: m, label: m, color: METRIC_COLORS[m] ?? '#555', dashed: true }))]} />
      <MetricChart title="Learning rate" testId="chart-lr" points={lrPoints}
        series={[{ key: 'head', label: 'head', color: '#ea580c' }, { key: 'body', label: 'body (top layer)', color: '#0f766e' }]} />
      <MetricChart title="Throughput (samples/s)" testId="chart-throughput" points={speedPoints}
        series={[{ key: 'samplesPerSecond', label: 'samples/s', color: '#4b5563' }]} />
    </div>
  );
}
