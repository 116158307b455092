import type { JobRecord } from '../../../storage/jobRecords';
import { MetricChart } from './MetricChart';
import { downsample } from '../../../core/train/runHistory';

const COLORS = ['#1d4ed8', '#dc2626'];

/** Overlays two runs: smoothed training loss and validation loss, on a shared step axis. */
export function CompareRuns({ runs }: { runs: JobRecord[] }) {
  if (runs.length !== 2) return <p className="compare-hint">Tick two runs in the list to compare their curves.</p>;
  const [a, b] = runs;
  const merge = (pick: (j: JobRecord) => { step: number; value: number }[]) => {
    const byStep = new Map<number, Record<string, number>>();
    runs.forEach((run, i) => {
      for (const p of pick(run)) byStep.set(p.step, { ...(byStep.get(p.step) ?? { step: p.step }), [`r${i}`]: p.value });
    });
    return [...byStep.values()].sort((x, y) => x.step - y.step);
  };
  const loss = merge((j) => downsample(j.history.steps).map((p) => ({ step: p.step, value: p.smoothedLoss })));
  const val = merge((j) => j.history.validation.map((p) => ({ step: p.step, value: p.loss })));
  const series = [a, b].map((r, i) => ({ key: `r${i}`, label: r.spec.name || r.id, color: COLORS[i] }));
  return (
    <div className="compare-runs" data-testid="compare-runs">
      <MetricChart title="Smoothed training loss" testId="compare-train-loss" points={loss} series={series} />
      <MetricChart title="Validation loss" testId="compare-validation-loss" points={val} series={series} />
    </div>
  );
}
