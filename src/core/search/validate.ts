/**
 * validateStudySpec: every problem in a study spec as {path, message}, paths like
 * 'space.params[2].low', so the CLI can print them all and the UI can put each next to its field. Ranges
 * are checked by the JobSpec validator itself (each bound and choice written into the base job), so a
 * study can only propose jobs the trainer accepts; the model's own limits (encoder layers, positions) too.
 */
import { metricIsLowerBetter, metricsForTask, type JobSpec, type SpecIssue } from '../spec/jobSpec';
import { validateJobSpec } from '../spec/validate';
import { applyTrialParams, TUNABLE } from './apply';
import { gridSize } from './samplers/grid';
import type { ParamValue, SearchSpace } from './space';

/** What the chosen model allows, for checks the JobSpec alone cannot make. */
export interface ModelLimits {
  modelType: string;
  /** Encoder layers (0 for a bag of vectors, which has none to freeze or decay). */
  numLayers: number;
  /** The longest sequence the model's positions allow. */
  maxPositions: number;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isPrimitive = (v: unknown): v is ParamValue => typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean';
const show = (v: unknown) => JSON.stringify(v);
/** Beyond this many combinations a grid is a mistake, not a plan. */
export const MAX_GRID_SIZE = 10_000;
const LAYER_PARAMS = ['hyperparameters.layerwiseLrDecay', 'hyperparameters.freeze.firstLayers', 'hyperparameters.gradualUnfreezing'];

type Add = (path: string, message: string) => void;

/** Whether the JobSpec validator accepts `value` at `name`; its message otherwise. */
function jobSpecRejects(baseJob: JobSpec, name: string, value: ParamValue): string | null {
  const issues = validateJobSpec(applyTrialParams(baseJob, { [name]: value }));
  const mine = issues.find((i) => i.path === name);
  return mine ? mine.message : null;
}

function checkModelLimits(name: string, values: ParamValue[], model: ModelLimits, at: string, add: Add): void {
  if (model.numLayers === 0 && LAYER_PARAMS.includes(name)) {
    add(`${at}.name`, `${name} has no effect on ${model.modelType}: it has no encoder layers`);
    return;
  }
  const nums = values.filter((v): v is number => typeof v === 'number');
  const max = nums.length ? Math.max(...nums) : undefined;
  if (max === undefined) return;
  if (name === 'hyperparameters.freeze.firstLayers' && max > model.numLayers) {
    add(at, `${model.modelType} has ${model.numLayers} encoder layers: cannot freeze the first ${max}`);
  }
  if (name === 'hyperparameters.maxSequenceLength' && max > model.maxPositions) {
    add(at, `${model.modelType} takes at most ${model.maxPositions} tokens: ${max} is too long`);
  }
}

/** kind, bounds, grid and choices of one numeric parameter; returns the values to check against the JobSpec. */
function checkNumeric(p: Obj, at: string, isInt: boolean, add: Add): { field: string; value: ParamValue }[] {
  const out: { field: string; value: ParamValue }[] = [];
  let ok = true;
  for (const k of ['low', 'high'] as const) {
    const v = p[k];
    if (typeof v !== 'number' || !Number.isFinite(v) || (isInt && !Number.isInteger(v))) {
      add(`${at}.${k}`, `must be a ${isInt ? 'whole number' : 'number'}, got ${show(v)}`);
      ok = false;
    } else out.push({ field: `${at}.${k}`, value: v });
  }
  if (p.log !== undefined && typeof p.log !== 'boolean') add(`${at}.log`, 'must be true or false');
  if (!ok) return out;
  const low = p.low as number;
  const high = p.high as number;
  if (!(low < high)) add(`${at}.high`, `must be greater than low (${low}), got ${high}; use a categorical parameter for a single value`);
  if (p.log === true && !(isInt ? low >= 1 : low > 0)) add(`${at}.low`, `a log-scale range must start above 0${isInt ? ' (at 1 or more for whole numbers)' : ''}, got ${low}`);
  if (p.grid !== undefined) {
    if (!Array.isArray(p.grid) || p.grid.length === 0) add(`${at}.grid`, 'must be a non-empty list of numbers');
    else {
      p.grid.forEach((g, j) => {
        if (typeof g !== 'number' || g < low || g > high || (isInt && !Number.isInteger(g))) add(`${at}.grid[${j}]`, `must be a ${isInt ? 'whole ' : ''}number from ${low} to ${high}, got ${show(g)}`);
      });
    }
  }
  if (p.gridPoints !== undefined && (typeof p.gridPoints !== 'number' || !Number.isInteger(p.gridPoints) || p.gridPoints < 1 || p.gridPoints > 100)) {
    add(`${at}.gridPoints`, `must be a whole number from 1 to 100, got ${show(p.gridPoints)}`);
  }
  return out;
}

function checkChoices(p: Obj, at: string, type: string, add: Add): { field: string; value: ParamValue }[] {
  const choices = p.choices;
  if (!Array.isArray(choices) || choices.length === 0) {
    add(`${at}.choices`, 'must be a non-empty list of values');
    return [];
  }
  const out: { field: string; value: ParamValue }[] = [];
  const seen = new Set<unknown>();
  choices.forEach((c, j) => {
    const field = `${at}.choices[${j}]`;
    const typeOk = type === 'boolean' ? typeof c === 'boolean' : type === 'enum' ? typeof c === 'string' : typeof c === 'number' && (type !== 'int' || Number.isInteger(c));
    if (!isPrimitive(c) || !typeOk) add(field, `must be ${type === 'boolean' ? 'true or false' : type === 'enum' ? 'a string' : `a ${type === 'int' ? 'whole number' : 'number'}`}, got ${show(c)}`);
    else if (seen.has(c)) add(field, `${show(c)} is listed twice`);
    else out.push({ field, value: c });
    seen.add(c);
  });
  return out;
}

function checkCondition(p: Obj, at: string, earlier: Map<string, Obj>, add: Add): void {
  if (p.when === undefined) return;
  const w = p.when;
  if (!isObj(w) || typeof w.param !== 'string' || !Array.isArray(w.in) || w.in.length === 0) {
    add(`${at}.when`, 'must be {"param": <an earlier parameter>, "in": [values]}');
    return;
  }
  const parent = earlier.get(w.param);
  if (!parent) {
    add(`${at}.when.param`, `${show(w.param)} is not an earlier parameter of the space`);
    return;
  }
  if (parent.kind === 'categorical' && Array.isArray(parent.choices)) {
    w.in.forEach((v, j) => {
      if (!(parent.choices as unknown[]).includes(v)) add(`${at}.when.in[${j}]`, `${show(v)} is not one of ${w.param}'s choices`);
    });
  }
}

function checkParam(p: unknown, at: string, earlier: Map<string, Obj>, baseJob: JobSpec, model: ModelLimits | undefined, add: Add): void {
  if (!isObj(p)) {
    add(at, 'must be an object with name and kind');
    return;
  }
  const name = p.name;
  const field = typeof name === 'string' ? TUNABLE[name] : undefined;
  if (!field) {
    add(`${at}.name`, `${show(name)} is not a tunable hyperparameter; tunable: ${Object.keys(TUNABLE).join(', ')}`);
    return;
  }
  if (earlier.has(name as string)) add(`${at}.name`, `${String(name)} is listed twice`);
  checkCondition(p, at, earlier, add);
  earlier.set(name as string, p);
  let values: { field: string; value: ParamValue }[];
  if (p.kind === 'categorical') values = checkChoices(p, at, field.type, add);
  else if (p.kind === 'float' || p.kind === 'int') {
    if (field.type === 'boolean' || field.type === 'enum') {
      add(`${at}.kind`, `${String(name)} takes ${field.type === 'boolean' ? 'true/false' : field.values!.join('/')}: use "categorical"`);
      return;
    }
    if (field.type === 'int' && p.kind === 'float') {
      add(`${at}.kind`, `${String(name)} is a whole number: use "int" or "categorical"`);
      return;
    }
    values = checkNumeric(p, at, p.kind === 'int', add);
  } else {
    add(`${at}.kind`, `must be float, int or categorical, got ${show(p.kind)}`);
    return;
  }
  for (const v of values) {
    const why = jobSpecRejects(baseJob, name as string, v.value);
    if (why) add(v.field, `${String(name)} ${why}`);
  }
  if (model) checkModelLimits(name as string, values.map((v) => v.value), model, at, add);
}

function checkSampler(s: unknown, add: Add): void {
  if (!isObj(s)) return add('sampler', 'missing');
  if (!['grid', 'random', 'tpe'].includes(s.kind as string)) add('sampler.kind', `must be grid, random or tpe, got ${show(s.kind)}`);
  if (typeof s.seed !== 'number' || !Number.isInteger(s.seed) || s.seed < 0 || s.seed > 2 ** 32 - 1) add('sampler.seed', `must be a whole number ≥ 0, got ${show(s.seed)}`);
  const int = (k: string, min: number) => {
    if (s[k] !== undefined && (typeof s[k] !== 'number' || !Number.isInteger(s[k]) || (s[k] as number) < min)) add(`sampler.${k}`, `must be a whole number ≥ ${min}, got ${show(s[k])}`);
  };
  int('nStartupTrials', 0);
  int('nEiCandidates', 1);
}

function checkPruner(p: unknown, add: Add): void {
  if (!isObj(p)) return add('pruner', 'missing');
  const int = (k: string, min: number) => {
    if (typeof p[k] !== 'number' || !Number.isInteger(p[k]) || (p[k] as number) < min) add(`pruner.${k}`, `must be a whole number ≥ ${min}, got ${show(p[k])}`);
  };
  if (p.kind === 'median') {
    int('nStartupTrials', 0);
    int('nWarmupSteps', 0);
    int('intervalSteps', 1);
  } else if (p.kind === 'asha') {
    int('minResource', 1);
    int('reductionFactor', 2);
    int('minEarlyStoppingRate', 0);
  } else if (p.kind !== 'none') add('pruner.kind', `must be none, median or asha, got ${show(p.kind)}`);
}

function checkObjective(o: unknown, baseJob: JobSpec, add: Add): void {
  if (!isObj(o)) return add('objective', 'missing');
  const allowed = metricsForTask(baseJob.task.kind);
  if (!allowed.includes(o.metric as never)) return add('objective.metric', `must be one of ${allowed.join(', ')} for ${baseJob.task.kind}, got ${show(o.metric)}`);
  const natural = metricIsLowerBetter(o.metric as never) ? 'minimize' : 'maximize';
  if (o.direction !== natural) add('objective.direction', `${String(o.metric)} is better ${natural === 'minimize' ? 'lower' : 'higher'}: the direction must be ${natural}, got ${show(o.direction)}`);
}

function checkBudget(b: unknown, add: Add): void {
  if (!isObj(b)) return add('budget', 'missing: give trials and/or minutes');
  if (b.trials === undefined && b.minutes === undefined) add('budget', 'give trials and/or minutes');
  if (b.trials !== undefined && (typeof b.trials !== 'number' || !Number.isInteger(b.trials) || b.trials < 1)) add('budget.trials', `must be a whole number ≥ 1, got ${show(b.trials)}`);
  if (b.minutes !== undefined && (typeof b.minutes !== 'number' || !Number.isFinite(b.minutes) || b.minutes <= 0)) add('budget.minutes', `must be a number > 0, got ${show(b.minutes)}`);
}

/** Problems of a search space alone, paths starting at 'space'. */
export function validateSpace(space: unknown, baseJob: JobSpec, model?: ModelLimits): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const add: Add = (path, message) => issues.push({ path, message });
  if (!isObj(space) || !Array.isArray(space.params)) return [{ path: 'space.params', message: 'must be a list of parameters' }];
  if (space.params.length === 0) return [{ path: 'space.params', message: 'is empty: name at least one hyperparameter to tune' }];
  const earlier = new Map<string, Obj>();
  space.params.forEach((p, i) => checkParam(p, `space.params[${i}]`, earlier, baseJob, model, add));
  return issues;
}

export function validateStudySpec(spec: unknown, baseJob: JobSpec, model?: ModelLimits): SpecIssue[] {
  if (!isObj(spec)) return [{ path: '', message: 'the study spec must be a JSON object' }];
  const issues: SpecIssue[] = [];
  const add: Add = (path, message) => issues.push({ path, message });
  if (spec.version !== 1) add('version', `unsupported study spec version ${show(spec.version)} (expected 1)`);
  issues.push(...validateSpace(spec.space, baseJob, model));
  checkSampler(spec.sampler, add);
  if (spec.baseTrial !== undefined && typeof spec.baseTrial !== 'boolean') add('baseTrial', `must be true or false, got ${show(spec.baseTrial)}`);
  checkPruner(spec.pruner, add);
  checkObjective(spec.objective, baseJob, add);
  checkBudget(spec.budget, add);
  if (issues.length === 0 && isObj(spec.sampler) && spec.sampler.kind === 'grid') {
    const n = gridSize(spec.space as SearchSpace, MAX_GRID_SIZE);
    if (n > MAX_GRID_SIZE) add('space', `the grid has more than ${MAX_GRID_SIZE} combinations: use fewer grid points, or the random or tpe sampler`);
  }
  return issues;
}

export function formatIssues(title: string, issues: SpecIssue[]): string {
  return `${title}:\n${issues.map((i) => `  ${i.path || '(root)'}: ${i.message}`).join('\n')}`;
}
