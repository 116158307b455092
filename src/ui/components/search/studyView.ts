/**
 * What the search view draws, computed from a study as pure functions (unit-tested): best-so-far by trial,
 * objective against one parameter, the trials' validation curves overlaid, and a parameter importance.
 */
import type { SearchParam } from '../../../core/search/space';
import { isBetter, type Study, type Trial } from '../../../core/search/study';

/** Average ranks (1-based, ties share their mean rank), as scipy.stats.rankdata. */
export function averageRanks(xs: number[]): number[] {
  const order = xs.map((x, i) => ({ x, i })).sort((a, b) => a.x - b.x);
  const ranks = new Array<number>(xs.length);
  for (let start = 0; start < order.length;) {
    let end = start;
    while (end + 1 < order.length && order[end + 1].x === order[start].x) end++;
    const mean = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) ranks[order[k].i] = mean;
    start = end + 1;
  }
  return ranks;
}

function pearson(xs: number[], ys: number[]): number {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
    syy += (ys[i] - my) ** 2;
  }
  return sxx === 0 || syy === 0 ? 0 : sxy / Math.sqrt(sxx * syy);
}

/** Spearman's rank correlation (scipy.stats.spearmanr's statistic); 0 when either side is constant. */
export function spearman(xs: number[], ys: number[]): number {
  return pearson(averageRanks(xs), averageRanks(ys));
}

/** The correlation ratio η²: the share of ys' variance explained by the group means. */
export function correlationRatio(groups: string[], ys: number[]): number {
  const n = ys.length;
  const mean = ys.reduce((a, b) => a + b, 0) / n;
  const total = ys.reduce((a, y) => a + (y - mean) ** 2, 0);
  if (total === 0) return 0;
  const sums = new Map<string, { sum: number; n: number }>();
  groups.forEach((g, i) => {
    const s = sums.get(g) ?? { sum: 0, n: 0 };
    s.sum += ys[i];
    s.n++;
    sums.set(g, s);
  });
  let between = 0;
  for (const s of sums.values()) between += s.n * (s.sum / s.n - mean) ** 2;
  return between / total;
}

export interface Importance {
  name: string;
  /** ρ² (numbers) or η² (categories), in [0, 1]. */
  explained: number;
  /** explained / the sum over parameters (shares add up to 1); 0 when nothing explains anything. */
  share: number;
  /** Complete trials that sampled the parameter. */
  trials: number;
}

/** Fewer complete trials than this and no importance is shown: two points always correlate perfectly. */
export const MIN_TRIALS_FOR_IMPORTANCE = 3;

function explainedBy(param: SearchParam, trials: Trial[]): { explained: number; trials: number } | null {
  const used = trials.filter((t) => t.params[param.name] !== undefined);
  if (used.length < MIN_TRIALS_FOR_IMPORTANCE) return null;
  const ys = used.map((t) => t.value!);
  if (param.kind === 'categorical') return { explained: correlationRatio(used.map((t) => String(t.params[param.name])), ys), trials: used.length };
  return { explained: spearman(used.map((t) => Number(t.params[param.name])), ys) ** 2, trials: used.length };
}

/**
 * How much each parameter mattered, one at a time over the complete trials: the share of the objective's
 * variation it explains alone — ρ² of Spearman's rank correlation for a number (a log scale changes no rank),
 * η² for a category — normalised so the shares add up to 1. Cheap and readable; unlike fANOVA it ignores
 * interactions, and with few trials it is a hint, not a measurement. Sorted, most important first.
 */
export function parameterImportance(study: Study): Importance[] {
  const complete = study.trials.filter((t) => t.state === 'complete' && t.value !== null && Number.isFinite(t.value));
  const rows = study.spec.space.params
    .map((p) => ({ name: p.name, r: explainedBy(p, complete) }))
    .filter((x): x is { name: string; r: { explained: number; trials: number } } => x.r !== null);
  const sum = rows.reduce((a, x) => a + x.r.explained, 0);
  return rows
    .map((x) => ({ name: x.name, explained: x.r.explained, share: sum > 0 ? x.r.explained / sum : 0, trials: x.r.trials }))
    .sort((a, b) => b.share - a.share || a.name.localeCompare(b.name));
}

/** Best-so-far after each trial (null until one completes): what the budget bought. */
export function bestSoFar(study: Study): { trial: number; value: number | null; best: number | null }[] {
  let best: number | null = null;
  return study.trials.map((t) => {
    if (t.state === 'complete' && t.value !== null && (best === null || isBetter(t.value, best, study.spec.objective.direction))) best = t.value;
    return { trial: t.number, value: t.state === 'complete' ? t.value : null, best };
  });
}

/** Complete trials as (parameter value, objective) points; categories and booleans as their strings. */
export function scatterPoints(study: Study, param: string): { trial: number; x: number | string; y: number }[] {
  return study.trials
    .filter((t) => t.state === 'complete' && t.value !== null && t.params[param] !== undefined)
    .map((t) => {
      const v = t.params[param];
      return { trial: t.number, x: typeof v === 'number' ? v : String(v), y: t.value! };
    });
}

/** The trials' objective per evaluation step, one row per step with a `t<n>` key per trial (recharts' shape). */
export function overlaidCurves(study: Study): Record<string, number>[] {
  const steps = new Map<number, Record<string, number>>();
  for (const t of study.trials) {
    for (const [k, v] of Object.entries(t.intermediate)) {
      const step = Number(k);
      const row = steps.get(step) ?? { step };
      row[`t${t.number}`] = v;
      steps.set(step, row);
    }
  }
  return [...steps.values()].sort((a, b) => a.step - b.step);
}
