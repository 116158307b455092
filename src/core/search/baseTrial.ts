/**
 * Trial 0 of a study with `baseTrial`: the base job's own values of the searched parameters, run before
 * the sampler proposes anything (Optuna's enqueue_trial of the starting point). The base job is what the
 * person would train with one click (Auto's settings), so the study's best trial is never worse on
 * validation than that run: without it, a 12-trial search on a noisy 10-class dataset found nothing better
 * than Auto on validation in one seed of three and still handed back another trial (bench:quality).
 */
import type { JobSpec } from '../spec/jobSpec';
import type { StudySpec } from './study';
import { isActive, type ParamValue, type SearchParam, type SearchSpace, type TrialParams } from './space';

/** The value at a dotted JobSpec path ('hyperparameters.freeze.embeddings'), or undefined. */
function valueAt(job: JobSpec, path: string): unknown {
  let v: unknown = job;
  for (const k of path.split('.')) v = typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[k] : undefined;
  return v;
}

/** Why `value` cannot be this parameter's trial value, or '' when it can. */
function misfit(param: SearchParam, value: unknown): string {
  if (param.kind === 'categorical') {
    return param.choices.some((c) => c === value) ? '' : `${String(value)} is not one of ${param.choices.join(', ')}`;
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) return `${String(value)} is not a number`;
  if (param.kind === 'int' && !Number.isInteger(value)) return `${value} is not a whole number`;
  return value >= param.low && value <= param.high ? '' : `${value} is outside ${param.low}–${param.high}`;
}

/**
 * The base job's values of the space's active parameters, or why they cannot be a trial (a value outside
 * the space: the search then starts from the sampler, as without `baseTrial`).
 */
export function baseTrialParams(space: SearchSpace, baseJob: JobSpec): { params: TrialParams } | { why: string } {
  const params: TrialParams = {};
  for (const param of space.params) {
    if (!isActive(param, params)) continue;
    const value = valueAt(baseJob, param.name);
    const why = misfit(param, value);
    if (why) return { why: `${param.name.replace(/^hyperparameters\./, '')}: ${why}` };
    params[param.name] = value as ParamValue;
  }
  return { params };
}

/** The base trial a study runs first: null when `baseTrial` is off or the sampler is a grid (which ignores it). */
export function studyBaseTrial(spec: StudySpec, baseJob: JobSpec): { params: TrialParams } | { why: string } | null {
  return spec.baseTrial && spec.sampler.kind !== 'grid' ? baseTrialParams(spec.space, baseJob) : null;
}
