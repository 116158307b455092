/**
 * validateJobSpec: every problem in a JobSpec (from the UI, a job.json file or a checkpoint) as a list of
 * {path, message}, so the UI can put each message next to its field and the CLI can print them all at once.
 */
import type { JobSpec, SpecIssue } from './jobSpec';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const TASKS = ['single_label_classification', 'multi_label_classification', 'regression'];
const METRICS = ['loss', 'accuracy', 'macro_f1', 'micro_f1', 'mse', 'mae', 'r2'];

export function validateJobSpec(spec: unknown): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const add = (path: string, message: string) => issues.push({ path, message });
  if (!isObj(spec)) return [{ path: '', message: 'the job spec must be a JSON object' }];

  if (spec.version !== 1) add('version', `unsupported job spec version ${JSON.stringify(spec.version)} (expected 1)`);
  if (typeof spec.name !== 'string') add('name', 'must be a string');

  const ds = spec.dataset;
  if (!isObj(ds)) add('dataset', 'missing');
  else {
    for (const k of ['id', 'name', 'textColumn', 'labelColumn'] as const) {
      if (typeof ds[k] !== 'string' || ds[k] === '') add(`dataset.${k}`, 'must be a non-empty string');
    }
    if (!['single', 'multi', 'regression'].includes(ds.labelKind as string)) add('dataset.labelKind', 'must be single, multi or regression');
  }

  const model = spec.model;
  if (!isObj(model)) add('model', 'missing');
  else {
    if (!['hub', 'local', 'bundled'].includes(model.source as string)) add('model.source', 'must be hub, local or bundled');
    if (typeof model.id !== 'string' || model.id === '') add('model.id', 'must name a model');
  }

  const task = spec.task;
  let numLabels = 0;
  if (!isObj(task)) add('task', 'missing');
  else {
    if (!TASKS.includes(task.kind as string)) add('task.kind', `must be one of ${TASKS.join(', ')}`);
    if (!Array.isArray(task.labelNames) || task.labelNames.some((n) => typeof n !== 'string')) {
      add('task.labelNames', 'must be a list of strings');
    } else {
      numLabels = task.labelNames.length;
      if (task.kind !== 'regression' && numLabels < 2) add('task.labelNames', `a classifier needs at least 2 labels, got ${numLabels}`);
      if (new Set(task.labelNames).size !== numLabels) add('task.labelNames', 'label names must be unique');
    }
  }

  const hp = spec.hyperparameters;
  if (!isObj(hp)) {
    add('hyperparameters', 'missing');
    return issues;
  }
  const p = (k: string) => `hyperparameters.${k}`;
  const int = (k: string, v: unknown, min: number, max = Infinity) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      add(p(k), `must be a whole number${max === Infinity ? ` ≥ ${min}` : ` from ${min} to ${max}`}, got ${JSON.stringify(v)}`);
    }
  };
  const num = (k: string, v: unknown, min: number, max: number, minOpen = false) => {
    if (typeof v !== 'number' || !Number.isFinite(v) || (minOpen ? v <= min : v < min) || v > max) {
      add(p(k), `must be a number ${minOpen ? '>' : '≥'} ${min} and ≤ ${max}, got ${JSON.stringify(v)}`);
    }
  };
  int('epochs', hp.epochs, 1, 1000);
  int('batchSize', hp.batchSize, 1, 4096);
  num('learningRate', hp.learningRate, 0, 1, true);
  const head = hp.headLearningRate;
  if (!isObj(head) || !['multiplier', 'absolute'].includes(head.mode as string)) add(p('headLearningRate.mode'), 'must be multiplier or absolute');
  else num('headLearningRate.value', head.value, 0, head.mode === 'absolute' ? 1 : 1000, true);
  num('weightDecay', hp.weightDecay, 0, 1);
  const warm = hp.warmup;
  if (!isObj(warm) || !['ratio', 'steps'].includes(warm.mode as string)) add(p('warmup.mode'), 'must be ratio or steps');
  else if (warm.mode === 'ratio') num('warmup.value', warm.value, 0, 1);
  else int('warmup.value', warm.value, 0);
  if (!['linear', 'cosine', 'constant'].includes(hp.schedule as string)) add(p('schedule'), 'must be linear, cosine or constant');
  num('layerwiseLrDecay', hp.layerwiseLrDecay, 0, 1, true);
  const fr = hp.freeze;
  if (!isObj(fr)) add(p('freeze'), 'missing');
  else {
    if (typeof fr.embeddings !== 'boolean') add(p('freeze.embeddings'), 'must be true or false');
    if (typeof fr.headOnly !== 'boolean') add(p('freeze.headOnly'), 'must be true or false');
    int('freeze.firstLayers', fr.firstLayers, 0, 1000);
  }
  if (typeof hp.gradualUnfreezing !== 'boolean') add(p('gradualUnfreezing'), 'must be true or false');
  num('maxGradNorm', hp.maxGradNorm, 0, 1e6);
  int('gradientAccumulationSteps', hp.gradientAccumulationSteps, 1, 1024);
  int('maxSequenceLength', hp.maxSequenceLength, 8, 8192);
  const ev = hp.evaluation;
  if (!isObj(ev) || !['epoch', 'steps'].includes(ev.strategy as string)) add(p('evaluation.strategy'), 'must be epoch or steps');
  else if (ev.strategy === 'steps') int('evaluation.everySteps', ev.everySteps, 1);
  const es = hp.earlyStopping;
  if (!isObj(es)) add(p('earlyStopping'), 'missing');
  else {
    if (typeof es.enabled !== 'boolean') add(p('earlyStopping.enabled'), 'must be true or false');
    if (!METRICS.includes(es.metric as string)) add(p('earlyStopping.metric'), `must be one of ${METRICS.join(', ')}`);
    else if (isObj(task) && task.kind === 'regression' && ['accuracy', 'macro_f1', 'micro_f1'].includes(es.metric as string)) {
      add(p('earlyStopping.metric'), `${String(es.metric)} does not exist for regression`);
    } else if (isObj(task) && task.kind !== 'regression' && ['mse', 'mae', 'r2'].includes(es.metric as string)) {
      add(p('earlyStopping.metric'), `${String(es.metric)} only exists for regression`);
    }
    int('earlyStopping.patience', es.patience, 1);
    num('earlyStopping.minDelta', es.minDelta, 0, 1e6);
  }
  const ck = hp.checkpoints;
  if (!isObj(ck) || !['epoch', 'steps'].includes(ck.strategy as string)) add(p('checkpoints.strategy'), 'must be epoch or steps');
  else {
    if (ck.strategy === 'steps') int('checkpoints.everySteps', ck.everySteps, 1);
    int('checkpoints.keepLast', ck.keepLast, 1, 100);
  }
  const cw = hp.classWeights;
  if (!isObj(cw) || !['none', 'balanced', 'custom'].includes(cw.mode as string)) add(p('classWeights.mode'), 'must be none, balanced or custom');
  else if (cw.mode === 'custom') {
    const ws = cw.custom;
    if (!Array.isArray(ws) || ws.length !== numLabels || ws.some((w) => typeof w !== 'number' || !(w > 0) || !Number.isFinite(w))) {
      add(p('classWeights.custom'), `needs one positive weight per label (${numLabels})`);
    }
  }
  if (isObj(cw) && cw.mode !== 'none' && isObj(task) && task.kind === 'regression') add(p('classWeights.mode'), 'class weights need a classification task');
  if (typeof hp.oversampling !== 'boolean') add(p('oversampling'), 'must be true or false');
  else if (hp.oversampling && isObj(task) && task.kind !== 'single_label_classification') {
    add(p('oversampling'), 'oversampling needs a single-label classification task');
  }
  int('seed', hp.seed, 0, 2 ** 32 - 1);
  if (!['auto', 'webgpu', 'wasm', 'webgl', 'cpu'].includes(hp.backend as string)) add(p('backend'), 'must be auto, webgpu, wasm, webgl or cpu');
  return issues;
}

/** Throws one Error listing every issue; for callers that cannot show issues per field (CLI, worker). */
export function assertValidJobSpec(spec: unknown): asserts spec is JobSpec {
  const issues = validateJobSpec(spec);
  if (issues.length) {
    throw new Error(`invalid job spec:\n${issues.map((i) => `  ${i.path || '(root)'}: ${i.message}`).join('\n')}`);
  }
}
