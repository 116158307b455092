/** A study as people read it: the trials table (trials.csv) and the summary the model card records. */
import type { StudySummary } from '../export/modelCard';
import { describeParam, shortParamName } from './space';
import { bestTrial, countByState, type Study } from './study';

const csvCell = (v: unknown): string => {
  const s = v === undefined || v === null ? '' : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** trial, state, value, duration_s, then one column per parameter (empty where a conditional one was not sampled). */
export function trialsCsv(study: Study): string {
  const names = study.spec.space.params.map((p) => p.name);
  const header = ['trial', 'state', 'value', 'duration_s', ...names.map(shortParamName)];
  const rows = study.trials.map((t) => [
    t.number, t.state, t.value ?? '', t.durationS.toFixed(1), ...names.map((n) => t.params[n]),
  ]);
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\n') + '\n';
}

function describeSampler(study: Study): string {
  const s = study.spec.sampler;
  return s.kind === 'tpe' ? `TPE (seed ${s.seed}, ${s.nStartupTrials ?? 10} random start-up trials)` : `${s.kind} (seed ${s.seed})`;
}

function describePruner(study: Study): string {
  const p = study.spec.pruner;
  switch (p.kind) {
    case 'none':
      return 'none';
    case 'median':
      return `median (after ${p.nStartupTrials} complete trials, from step ${p.nWarmupSteps}, every ${p.intervalSteps})`;
    case 'asha':
      return `successive halving (min resource ${p.minResource}, η ${p.reductionFactor}, rate ${p.minEarlyStoppingRate})`;
    default: {
      const never: never = p;
      return String(never);
    }
  }
}

/** What the model card says about the search; null when no trial completed. */
export function studySummary(study: Study): StudySummary | null {
  const best = bestTrial(study);
  if (!best) return null;
  const c = countByState(study);
  return {
    sampler: describeSampler(study),
    pruner: describePruner(study),
    objective: study.spec.objective,
    trials: { total: study.trials.length, complete: c.complete, pruned: c.pruned, failed: c.failed },
    bestTrial: best.number,
    bestValue: best.value!,
    params: study.spec.space.params.map((p) => ({ name: shortParamName(p.name), range: describeParam(p), best: best.params[p.name] })),
  };
}
