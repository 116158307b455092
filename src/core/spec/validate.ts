/**
 * validateJobSpec: every problem in a JobSpec (from the UI, a job.json file or a checkpoint) as a list of
 * {path, message}, so the UI can put each message next to its field and the CLI can print them all at once.
 * The allowed values come from the same `as const` lists as the JobSpec's types (jobSpec.ts).
 */
import { LABEL_KINDS } from '../data/types';
import { TASK_KINDS } from '../model/types';
import {
  BACKEND_PREFERENCES, CLASS_WEIGHT_MODES, DECISION_THRESHOLDS, HEAD_LR_MODES, INTERVAL_STRATEGIES, JOB_SPEC_VERSION, METRIC_NAMES, MODEL_SOURCES,
  SCHEDULE_KINDS, WARMUP_MODES, type JobSpec, type SpecIssue,
} from './jobSpec';
import { fieldsOf, unknownKeyIssues } from './specKeys';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isOneOf = (v: unknown, list: readonly string[]) => list.includes(v as string);
/** 'a, b or c' */
const either = (list: readonly string[]) => `${list.slice(0, -1).join(', ')} or ${list.at(-1)}`;
const CLASSIFICATION_METRICS = ['accuracy', 'macro_f1', 'micro_f1'];
const REGRESSION_METRICS = ['mse', 'mae', 'r2'];

/** Collects issues; each check names its field by dotted path. */
class Checker {
  readonly issues: SpecIssue[] = [];

  add(path: string, message: string): void {
    this.issues.push({ path, message });
  }

  int(path: string, v: unknown, min: number, max = Infinity): void {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      this.add(path, `must be a whole number${max === Infinity ? ` ≥ ${min}` : ` from ${min} to ${max}`}, got ${JSON.stringify(v)}`);
    }
  }

  num(path: string, v: unknown, min: number, max: number, minOpen = false): void {
    if (typeof v !== 'number' || !Number.isFinite(v) || (minOpen ? v <= min : v < min) || v > max) {
      this.add(path, `must be a number ${minOpen ? '>' : '≥'} ${min} and ≤ ${max}, got ${JSON.stringify(v)}`);
    }
  }

  bool(path: string, v: unknown): void {
    if (typeof v !== 'boolean') this.add(path, 'must be true or false');
  }

  /**
   * Whether `v` is an object; adds "missing", or "must be an object with fields …, got …" (e.g. for
   * `"freeze": true`), when not.
   */
  obj(path: string, v: unknown): v is Obj {
    if (isObj(v)) return true;
    if (v === undefined) this.add(path, 'missing');
    else this.add(path, `must be an object with the fields ${(fieldsOf(path) ?? []).join(', ')}, got ${JSON.stringify(v)}`);
    return false;
  }

  /** `v` when it is an object whose `key` is one of `list` (e.g. warmup.mode); else null, with the issue added. */
  choice(path: string, v: unknown, key: string, list: readonly string[]): Obj | null {
    if (!this.obj(path, v)) return null;
    return this.oneOf(`${path}.${key}`, v[key], list) ? v : null;
  }

  /** Whether `v` is one of `list`; adds "must be a, b or c" when not. */
  oneOf(path: string, v: unknown, list: readonly string[]): boolean {
    if (isOneOf(v, list)) return true;
    this.add(path, `must be ${either(list)}`);
    return false;
  }
}

export function validateJobSpec(spec: unknown): SpecIssue[] {
  if (!isObj(spec)) return [{ path: '', message: 'the job spec must be a JSON object' }];
  const c = new Checker();
  if (spec.version !== JOB_SPEC_VERSION) {
    c.add('version', `unsupported job spec version ${JSON.stringify(spec.version)} (expected ${JOB_SPEC_VERSION})`);
  }
  if (typeof spec.name !== 'string') c.add('name', 'must be a string');
  checkDataset(c, spec.dataset);
  checkModel(c, spec.model);
  const numLabels = checkTask(c, spec.task);
  if (c.obj('hyperparameters', spec.hyperparameters)) checkHyperparameters(c, spec.hyperparameters, isObj(spec.task) ? spec.task : null, numLabels);
  return [...c.issues, ...unknownKeyIssues(spec)];
}

function checkDataset(c: Checker, ds: unknown): void {
  if (!c.obj('dataset', ds)) return;
  for (const k of ['id', 'name', 'textColumn', 'labelColumn'] as const) {
    if (typeof ds[k] !== 'string' || ds[k] === '') c.add(`dataset.${k}`, 'must be a non-empty string');
  }
  c.oneOf('dataset.labelKind', ds.labelKind, LABEL_KINDS);
  if (c.obj('dataset.limits', ds.limits)) {
    c.int('dataset.limits.train', ds.limits.train, 0);
    c.int('dataset.limits.evaluation', ds.limits.evaluation, 0);
  }
  const fp = ds.fingerprint;
  if (fp !== undefined && c.obj('dataset.fingerprint', fp)) {
    for (const k of ['rows', 'train', 'validation', 'test'] as const) c.int(`dataset.fingerprint.${k}`, fp[k], 0);
    if (typeof fp.hash !== 'string' || !/^[0-9a-f]{8}$/.test(fp.hash)) c.add('dataset.fingerprint.hash', 'must be 8 hex digits');
  }
}

function checkModel(c: Checker, model: unknown): void {
  if (!c.obj('model', model)) return;
  c.oneOf('model.source', model.source, MODEL_SOURCES);
  if (typeof model.id !== 'string' || model.id === '') c.add('model.id', 'must name a model');
}

/** Checks the task; returns its number of labels (0 when unreadable). */
function checkTask(c: Checker, task: unknown): number {
  if (!c.obj('task', task)) return 0;
  if (!isOneOf(task.kind, TASK_KINDS)) c.add('task.kind', `must be one of ${TASK_KINDS.join(', ')}`);
  if (!Array.isArray(task.labelNames) || task.labelNames.some((n) => typeof n !== 'string')) {
    c.add('task.labelNames', 'must be a list of strings');
    return 0;
  }
  const numLabels = task.labelNames.length;
  if (task.kind !== 'regression' && numLabels < 2) c.add('task.labelNames', `a classifier needs at least 2 labels, got ${numLabels}`);
  if (new Set(task.labelNames).size !== numLabels) c.add('task.labelNames', 'label names must be unique');
  return numLabels;
}

const p = (k: string) => `hyperparameters.${k}`;

/** `task` is null when the spec has none (then no check depends on it). */
function checkHyperparameters(c: Checker, hp: Obj, task: Obj | null, numLabels: number): void {
  c.int(p('epochs'), hp.epochs, 1, 1000);
  c.int(p('batchSize'), hp.batchSize, 1, 4096);
  checkOptimizer(c, hp);
  checkFreezing(c, hp);
  c.num(p('maxGradNorm'), hp.maxGradNorm, 0, 1e6);
  c.int(p('gradientAccumulationSteps'), hp.gradientAccumulationSteps, 1, 1024);
  c.int(p('maxSequenceLength'), hp.maxSequenceLength, 8, 8192);
  checkEvaluation(c, hp, task);
  checkClassBalance(c, hp, task, numLabels);
  c.int(p('seed'), hp.seed, 0, 2 ** 32 - 1);
  c.oneOf(p('backend'), hp.backend, BACKEND_PREFERENCES);
}

/** Learning rates, weight decay, warmup and schedule. */
function checkOptimizer(c: Checker, hp: Obj): void {
  c.num(p('learningRate'), hp.learningRate, 0, 1, true);
  const head = c.choice(p('headLearningRate'), hp.headLearningRate, 'mode', HEAD_LR_MODES);
  if (head) c.num(p('headLearningRate.value'), head.value, 0, head.mode === 'absolute' ? 1 : 1000, true);
  c.num(p('weightDecay'), hp.weightDecay, 0, 1);
  const warm = c.choice(p('warmup'), hp.warmup, 'mode', WARMUP_MODES);
  if (warm?.mode === 'ratio') c.num(p('warmup.value'), warm.value, 0, 1);
  else if (warm) c.int(p('warmup.value'), warm.value, 0);
  c.oneOf(p('schedule'), hp.schedule, SCHEDULE_KINDS);
  c.num(p('layerwiseLrDecay'), hp.layerwiseLrDecay, 0, 1, true);
}

function checkFreezing(c: Checker, hp: Obj): void {
  const fr = hp.freeze;
  if (c.obj(p('freeze'), fr)) {
    c.bool(p('freeze.embeddings'), fr.embeddings);
    c.bool(p('freeze.headOnly'), fr.headOnly);
    c.int(p('freeze.firstLayers'), fr.firstLayers, 0, 1000);
  }
  c.bool(p('gradualUnfreezing'), hp.gradualUnfreezing);
}

/** Evaluation and checkpoint intervals, early stopping (its metric must exist for the task). */
function checkEvaluation(c: Checker, hp: Obj, task: Obj | null): void {
  const ev = c.choice(p('evaluation'), hp.evaluation, 'strategy', INTERVAL_STRATEGIES);
  if (ev?.strategy === 'steps') c.int(p('evaluation.everySteps'), ev.everySteps, 1);
  const es = hp.earlyStopping;
  if (c.obj(p('earlyStopping'), es)) {
    c.bool(p('earlyStopping.enabled'), es.enabled);
    if (!isOneOf(es.metric, METRIC_NAMES)) c.add(p('earlyStopping.metric'), `must be one of ${METRIC_NAMES.join(', ')}`);
    else if (task?.kind === 'regression' && CLASSIFICATION_METRICS.includes(es.metric as string)) {
      c.add(p('earlyStopping.metric'), `${String(es.metric)} does not exist for regression`);
    } else if (task && task.kind !== 'regression' && REGRESSION_METRICS.includes(es.metric as string)) {
      c.add(p('earlyStopping.metric'), `${String(es.metric)} only exists for regression`);
    }
    c.int(p('earlyStopping.patience'), es.patience, 1);
    c.num(p('earlyStopping.minDelta'), es.minDelta, 0, 1e6);
  }
  const ck = c.choice(p('checkpoints'), hp.checkpoints, 'strategy', INTERVAL_STRATEGIES);
  if (ck) {
    if (ck.strategy === 'steps') c.int(p('checkpoints.everySteps'), ck.everySteps, 1);
    c.int(p('checkpoints.keepLast'), ck.keepLast, 1, 100);
  }
}

/** Class weights and oversampling: classification only, oversampling single-label only. */
function checkClassBalance(c: Checker, hp: Obj, task: Obj | null, numLabels: number): void {
  const cw = c.choice(p('classWeights'), hp.classWeights, 'mode', CLASS_WEIGHT_MODES);
  if (cw?.mode === 'custom') {
    const ws = cw.custom;
    if (!Array.isArray(ws) || ws.length !== numLabels || ws.some((w) => typeof w !== 'number' || !(w > 0) || !Number.isFinite(w))) {
      c.add(p('classWeights.custom'), `needs one positive weight per label (${numLabels})`);
    }
  }
  if (cw && cw.mode !== 'none' && task?.kind === 'regression') c.add(p('classWeights.mode'), 'class weights need a classification task');
  if (typeof hp.oversampling !== 'boolean') c.add(p('oversampling'), 'must be true or false');
  else if (hp.oversampling && task && task.kind !== 'single_label_classification') {
    c.add(p('oversampling'), 'oversampling needs a single-label classification task');
  }
  if (c.oneOf(p('decisionThreshold'), hp.decisionThreshold, DECISION_THRESHOLDS) && hp.decisionThreshold === 'tuned'
    && task && (task.kind !== 'single_label_classification' || numLabels !== 2)) {
    c.add(p('decisionThreshold'), 'a tuned threshold needs a binary single-label task (two classes)');
  }
}

/** Throws one Error listing every issue; for callers that cannot show issues per field (CLI, worker). */
export function assertValidJobSpec(spec: unknown): asserts spec is JobSpec {
  const issues = validateJobSpec(spec);
  if (issues.length) {
    throw new Error(`invalid job spec:\n${issues.map((i) => `  ${i.path || '(root)'}: ${i.message}`).join('\n')}`);
  }
}
