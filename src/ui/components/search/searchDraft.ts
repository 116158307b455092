/**
 * The search form's pure side: the study spec it edits, what a newly added parameter's range is, how typed
 * choices become values, and a field's name in words for messages ("Learning rate, low").
 */
import { TUNABLE } from '../../../core/search/apply';
import { defaultPruner, defaultStartupTrials } from '../../../core/search/defaults';
import type { ParamValue, SearchParam } from '../../../core/search/space';
import type { PrunerKind, SamplerKind, StudySpec } from '../../../core/search/study';
import { FIELD_HELP, type JobSpec, type SpecIssue } from '../../../core/spec/jobSpec';

/** The JobSpec value at a dotted path ('hyperparameters.warmup.value'). */
function valueAt(job: JobSpec, path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), job);
}

/** A parameter to add, around the base job's current value: ×⅓…×3 (log) for rates, the value…twice it for counts. */
export function newParam(name: string, baseJob: JobSpec): SearchParam {
  const field = TUNABLE[name];
  const v = valueAt(baseJob, name);
  if (field.type === 'boolean') return { name, kind: 'categorical', choices: [false, true] };
  if (field.type === 'enum') return { name, kind: 'categorical', choices: [...(field.values ?? [])] };
  const n = typeof v === 'number' && Number.isFinite(v) ? v : 1;
  if (field.type === 'int') return { name, kind: 'int', low: Math.max(1, Math.round(n / 2)), high: Math.max(2, n * 2) };
  if (n > 0) return { name, kind: 'float', low: n / 3, high: n * 3, log: true };
  return { name, kind: 'float', low: 0, high: 0.1 };
}

/** Typed choices → values of the field's kind: numbers, true/false, or names; what does not parse stays text (and is reported). */
export function parseChoices(text: string, name: string): ParamValue[] {
  const type = TUNABLE[name]?.type;
  return text.split(',').map((s) => s.trim()).filter((s) => s.length > 0).map((s) => {
    if (type === 'boolean') return s === 'true' ? true : s === 'false' ? false : s;
    if (type === 'enum') return s;
    const x = Number(s);
    return Number.isFinite(x) ? x : s;
  });
}

/** 'hyperparameters.learningRate' → 'Learning rate'. */
export function paramLabel(name: string): string {
  const help = FIELD_HELP[name] ?? FIELD_HELP[name.replace(/\.value$/, '')] ?? FIELD_HELP[name.replace(/\.mode$/, '')];
  return help?.label ?? name.replace(/^hyperparameters\./, '');
}

const FIELD_WORDS: Record<string, string> = {
  'budget': 'Budget', 'budget.trials': 'Budget: trials', 'budget.minutes': 'Budget: minutes', 'sampler.kind': 'Sampler',
  'sampler.seed': 'Seed', 'sampler.nStartupTrials': 'TPE start-up trials', 'pruner.kind': 'Pruner',
  'pruner.nStartupTrials': 'Pruner: trials before pruning', 'pruner.nWarmupSteps': 'Pruner: warm-up evaluations',
  'pruner.intervalSteps': 'Pruner: interval', 'pruner.minResource': 'Pruner: first rung (evaluations)',
  'pruner.reductionFactor': 'Pruner: reduction factor η', 'objective.metric': 'Objective', 'objective.direction': 'Objective direction',
  'space.params': 'What to tune', 'space': 'What to tune',
};

/** A study-spec issue's field in words: 'space.params[0].low' → 'Learning rate, low'. */
export function fieldWords(path: string, spec: StudySpec): string {
  const m = /^space\.params\[(\d+)\](?:\.(.+))?$/.exec(path);
  if (m) {
    const p = spec.space.params[Number(m[1])];
    const label = p ? paramLabel(p.name) : `parameter ${Number(m[1]) + 1}`;
    const part = m[2]?.replace(/^choices\[(\d+)\]$/, (_, j: string) => `choice ${Number(j) + 1}`).replace(/^name$/, 'name');
    return part ? `${label}, ${part}` : label;
  }
  return FIELD_WORDS[path] ?? path;
}

/** The issues under one field's path (itself and below). */
export function issuesAt(issues: SpecIssue[], path: string): SpecIssue[] {
  return issues.filter((i) => i.path === path || i.path.startsWith(`${path}.`) || i.path.startsWith(`${path}[`));
}

export function withSampler(spec: StudySpec, kind: SamplerKind): StudySpec {
  const sampler = { kind, seed: spec.sampler.seed, ...(kind === 'tpe' ? { nStartupTrials: defaultStartupTrials(spec.budget.trials), nEiCandidates: 24 } : {}) };
  return { ...spec, sampler };
}

export function withPruner(spec: StudySpec, kind: PrunerKind): StudySpec {
  return { ...spec, pruner: defaultPruner(kind) };
}

/** A new trials budget, TPE's start-up trials following it (a third of the trials, 3 to 10). */
export function withTrials(spec: StudySpec, trials: number | undefined): StudySpec {
  const budget = { ...spec.budget, trials };
  if (trials === undefined) delete budget.trials;
  const sampler = spec.sampler.kind === 'tpe' ? { ...spec.sampler, nStartupTrials: defaultStartupTrials(trials) } : spec.sampler;
  return { ...spec, budget, sampler };
}

/** Tunable fields not yet in the space, for the "add a parameter" list. */
export function addableParams(spec: StudySpec): string[] {
  const used = new Set(spec.space.params.map((p) => p.name));
  return Object.keys(TUNABLE).filter((n) => !used.has(n));
}
