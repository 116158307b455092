import { useMemo } from 'react';
import type { JobRecord } from '../../../storage/jobRecords';
import { MetricChart, type Series } from './MetricChart';

const COLORS = ['#1d4ed8', '#dc2626'];

type Curve = readonly { step: number; value: number }[];
const NONE: never[] = [];

/** Two curves on one step axis: a point per step, with `r0` and/or `r1`. */
function mergeByStep(curves: readonly Curve[]): Record<string, number>[] {
  const byStep = new Map<number, Record<string, number>>();
  curves.forEach((curve, i) => {
    for (const p of curve) {
      let row = byStep.get(p.step);
      if (!row) byStep.set(p.step, (row = { step: p.step }));
      row[`r${i}`] = p.value;
    }
  });
  return [...byStep.values()].sort((x, y) => x.step - y.step);
}

/** Overlays two runs: smoothed training loss and validation loss, on a shared step axis. */
export function CompareRuns({ runs }: { runs: JobRecord[] }) {
  const [a, b] = runs.length === 2 ? runs : [];
  // Recomputed only when one of the two runs' curves changes (the live run's, a few times a second).
  const [stepsA, stepsB] = [a?.history.steps ?? NONE, b?.history.steps ?? NONE];
  const loss = useMemo(() => mergeByStep([stepsA, stepsB].map((s) => s.map((p) => ({ step: p.step, value: p.smoothedLoss })))), [stepsA, stepsB]);
  const [valA, valB] = [a?.history.validation ?? NONE, b?.history.validation ?? NONE];
  const val = useMemo(() => mergeByStep([valA, valB].map((v) => v.map((p) => ({ step: p.step, value: p.loss })))), [valA, valB]);
  const [nameA, nameB] = [a?.spec.name || a?.id || '', b?.spec.name || b?.id || ''];
  const series = useMemo<Series[]>(() => [nameA, nameB].map((label, i) => ({ key: `r${i}`, label, color: COLORS[i] })), [nameA, nameB]);
  if (!a || !b) return <p className="compare-hint">Tick two runs in the list to compare their curves.</p>;
  return (
    <div className="compare-runs" data-testid="compare-runs">
      <MetricChart title="Smoothed training loss" testId="compare-train-loss" points={loss} series={series} />
      <MetricChart title="Validation loss" testId="compare-validation-loss" points={val} series={series} />
    </div>
  );
}
