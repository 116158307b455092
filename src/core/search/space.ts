/**
 * A search space: the hyperparameters a study tunes, each named by its JobSpec path
 * ('hyperparameters.learningRate', 'hyperparameters.freeze.embeddings'), so mapping a trial to a JobSpec
 * is one generic function and the UI can label each parameter with FIELD_HELP. Plain JSON.
 */

/** A value a parameter can take: numbers, or the strings/booleans of a JobSpec field. */
export type ParamValue = number | string | boolean;

/** The values sampled for one trial, by parameter name. Inactive conditional parameters are absent. */
export type TrialParams = Record<string, ParamValue>;

/** Sample this parameter only when an earlier parameter took one of these values. */
export interface ParamCondition {
  param: string;
  in: ParamValue[];
}

interface ParamBase {
  /** JobSpec path of the field, e.g. 'hyperparameters.learningRate'. */
  name: string;
  when?: ParamCondition;
}

export interface FloatParam extends ParamBase {
  kind: 'float';
  low: number;
  high: number;
  /** Sample uniformly in log space (learning rates). */
  log?: boolean;
  /** The grid sampler's values; default `gridPoints` points evenly spaced (in log space when `log`). */
  grid?: number[];
  gridPoints?: number;
}

export interface IntParam extends ParamBase {
  kind: 'int';
  low: number;
  high: number;
  log?: boolean;
  grid?: number[];
  gridPoints?: number;
}

export interface CategoricalParam extends ParamBase {
  kind: 'categorical';
  choices: ParamValue[];
}

export type SearchParam = FloatParam | IntParam | CategoricalParam;

export interface SearchSpace {
  /** Sampled in this order; a condition may only refer to an earlier parameter. */
  params: SearchParam[];
}

/** Points a numeric parameter gets in a grid when it names neither `grid` nor `gridPoints`. */
export const DEFAULT_GRID_POINTS = 3;

/** Whether a parameter is sampled, given the values already sampled before it. */
export function isActive(param: SearchParam, sampled: TrialParams): boolean {
  if (!param.when) return true;
  const v = sampled[param.when.param];
  return v !== undefined && param.when.in.some((c) => c === v);
}

/** The finite values a parameter takes in a grid, in order. */
export function gridValues(param: SearchParam): ParamValue[] {
  if (param.kind === 'categorical') return [...param.choices];
  if (param.grid) return [...param.grid];
  const n = param.gridPoints ?? DEFAULT_GRID_POINTS;
  const { low, high } = param;
  if (n <= 1) return [param.log ? Math.sqrt(low * high) : (low + high) / 2];
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = i / (n - 1);
    const v = param.log ? Math.exp(Math.log(low) + t * (Math.log(high) - Math.log(low))) : low + t * (high - low);
    out.push(param.kind === 'int' ? Math.round(v) : v);
  }
  return param.kind === 'int' ? [...new Set(out)] : out;
}

/** A short description of a parameter's range for tables and the model card, e.g. '1e-5 … 5e-4 (log)'. */
export function describeParam(param: SearchParam): string {
  const when = param.when ? ` when ${param.when.param} ∈ {${param.when.in.map(String).join(', ')}}` : '';
  if (param.kind === 'categorical') return `{${param.choices.map(String).join(', ')}}${when}`;
  const kind = param.kind === 'int' ? 'int ' : '';
  return `${kind}${param.low} … ${param.high}${param.log ? ' (log)' : ''}${when}`;
}

/** 'hyperparameters.freeze.embeddings' → 'freeze.embeddings': the column name people read. */
export function shortParamName(name: string): string {
  return name.replace(/^hyperparameters\./, '');
}
