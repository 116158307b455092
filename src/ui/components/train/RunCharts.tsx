import { memo, useMemo } from 'react';
import { MetricChart, type Series } from './MetricChart';
import type { EvalPoint, StepPoint } from '../../../core/train/runHistory';

const METRIC_COLORS: Record<string, string> = {
  accuracy: '#16a34a', macro_f1: '#9333ea', micro_f1: '#0891b2', exactMatch: '#ca8a04', mse: '#dc2626', mae: '#ea580c', r2: '#16a34a',
};
const LOSS_SERIES: Series[] = [{ key: 'loss', label: 'loss (raw)', color: '#93c5fd' }, { key: 'smoothed', label: 'loss (smoothed)', color: '#1d4ed8' }];
const LR_SERIES: Series[] = [{ key: 'head', label: 'head', color: '#ea580c' }, { key: 'body', label: 'body (top layer)', color: '#0f766e' }];
const SPEED_SERIES: Series[] = [{ key: 'samplesPerSecond', label: 'samples/s', color: '#4b5563' }];

/**
 * The four live charts of a run: train loss, validation, learning rate, throughput. Takes the history's
 * arrays themselves (not the history) so a step event leaves the validation chart alone, and an
 * evaluation the step charts; each chart draws only what its pixels can show (MetricChart).
 */
export const RunCharts = memo(function RunCharts({ steps, validation }: { steps: StepPoint[]; validation: EvalPoint[] }) {
  const stepCharts = useMemo(() => ({
    loss: steps.map((p) => ({ step: p.step, loss: p.loss, smoothed: p.smoothedLoss })),
    lr: steps.map((p) => ({ step: p.step, head: p.headLr, body: p.bodyLr })),
    speed: steps.map((p) => ({ step: p.step, samplesPerSecond: p.samplesPerSecond })),
  }), [steps]);
  const val = useMemo(() => {
    const metricNames = [...new Set(validation.flatMap((v) => Object.keys(v.metrics)))];
    return {
      points: validation.map((v) => ({ step: v.step, loss: v.loss, ...v.metrics })),
      series: [{ key: 'loss', label: 'validation loss', color: '#b91c1c' },
        ...metricNames.map((m) => ({ key: m, label: m, color: METRIC_COLORS[m] ?? '#555', dashed: true }))],
    };
  }, [validation]);
  return (
    <div className="run-charts" data-testid="run-charts">
      <MetricChart title="Training loss" testId="chart-train-loss" points={stepCharts.loss} series={LOSS_SERIES} />
      <MetricChart title="Validation" testId="chart-validation" points={val.points} series={val.series} />
      <MetricChart title="Learning rate" testId="chart-lr" points={stepCharts.lr} series={LR_SERIES} />
      <MetricChart title="Throughput (samples/s)" testId="chart-throughput" points={stepCharts.speed} series={SPEED_SERIES} />
    </div>
  );
});
