/**
 * `finetune-studio search`: a hyperparameter study on a CSV — trials one at a time through the same trainer
 * as `train`, the test split scored once for the best trial's model. Writes <out>/study.json and
 * <out>/trials.csv after every trial (so --resume continues, an interrupted trial from its checkpoint),
 * trial checkpoints under <out>/checkpoints, and the best trial's model folder to <out>/best.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { createTokenizer, type TextTokenizer } from '../core/model/tokenizer';
import { defaultStudySpec } from '../core/search/defaults';
import { finalizeBestTrial, noBestMessage } from '../core/search/finalize';
import { modelLimitsFromConfig } from '../core/search/modelLimits';
import { createStudyControl, runStudy, type StudyEvent } from '../core/search/runner';
import { describeParam, shortParamName, type SearchSpace, type TrialParams } from '../core/search/space';
import { isStorageError, withStorageErrors } from '../core/search/storageErrors';
import { bestTrial, createStudy, STUDY_FORMAT, type PrunerKind, type SamplerKind, type Study } from '../core/search/study';
import { studySummary, trialsCsv } from '../core/search/summary';
import { formatIssues, validateStudySpec, type ModelLimits } from '../core/search/validate';
import type { SpecIssue } from '../core/spec/jobSpec';
import { describeEvent } from '../core/train/events';
import { createInThreadRunner } from '../core/train/inThreadRunner';
import { numberFlag, requireFlag, threadsFlag, type CliFlags } from './args';
import { startNodeBackend } from './backend';
import { createFileCheckpointStore } from './files';
import { loadModel, prepareJob, writeModelFolder, type PreparedJob } from './job';
import { onStopSignal } from './signals';

type Log = (line: string) => void;

function choiceFlag<T extends string>(flags: CliFlags, name: 'sampler' | 'pruner', allowed: readonly T[]): T | undefined {
  const v = flags[name];
  if (v === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(v)) throw new Error(`--${name} must be ${allowed.join(', ')}; got "${v}"`);
  return v as T;
}

async function readJson(file: string, what: string): Promise<unknown> {
  const text = await fs.readFile(file, 'utf8').catch((e: Error) => { throw new Error(`cannot read ${what} ${file}: ${e.message}`); });
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new Error(`${what} ${file} is not valid JSON: ${(e as Error).message}`, { cause: e });
  }
}

/** Where a person fixes each field: the flag or the space file. */
function withSources(issues: SpecIssue[], spaceFile: string | undefined): SpecIssue[] {
  const flag: Record<string, string> = { 'budget.trials': '--trials', 'budget.minutes': '--minutes', 'sampler.seed': '--seed' };
  return issues.map((i) => {
    const source = flag[i.path] ?? (i.path.startsWith('space') && spaceFile ? `in ${spaceFile}` : undefined);
    return source ? { ...i, message: `${i.message} (${source})` } : i;
  });
}

async function newStudy(flags: CliFlags, job: PreparedJob, limits: ModelLimits): Promise<Study> {
  const spaceFile = flags.space;
  const space = spaceFile ? (await readJson(spaceFile, '--space')) as SearchSpace : undefined;
  const spec = defaultStudySpec({
    modelType: limits.modelType, task: job.task, space,
    sampler: choiceFlag<SamplerKind>(flags, 'sampler', ['grid', 'random', 'tpe']),
    pruner: choiceFlag<PrunerKind>(flags, 'pruner', ['median', 'asha', 'none']),
    trials: numberFlag(flags, 'trials'), minutes: numberFlag(flags, 'minutes'), seed: numberFlag(flags, 'seed'),
  });
  const issues = validateStudySpec(spec, job.spec, limits);
  if (issues.length) throw new Error(formatIssues('invalid search', withSources(issues, spaceFile)));
  return createStudy(spec, job.spec);
}

/** The study in <out>/study.json, checked against this data; --trials/--minutes raise its budget. */
async function resumeStudy(file: string, flags: CliFlags, job: PreparedJob): Promise<Study> {
  const study = (await readJson(file, 'the study')) as Study;
  if (study?.format !== STUDY_FORMAT || study.version !== 1) throw new Error(`${file} is not a FineTune Studio study (version 1)`);
  const was = study.baseJob.dataset;
  const now = job.spec.dataset;
  if (JSON.stringify([was.name, was.splitCounts, study.baseJob.task]) !== JSON.stringify([now.name, now.splitCounts, job.spec.task])) {
    throw new Error(`${file} was made on ${was.name} (${was.splitCounts.train}/${was.splitCounts.validation}/${was.splitCounts.test} rows, ` +
      `labels ${study.baseJob.task.labelNames.join(', ')}); --data does not match it: resume with the same data, or search into another --out`);
  }
  const trials = numberFlag(flags, 'trials');
  const minutes = numberFlag(flags, 'minutes');
  if (trials !== undefined) study.spec.budget.trials = trials;
  if (minutes !== undefined) study.spec.budget.minutes = minutes;
  const issues = validateStudySpec(study.spec, study.baseJob);
  if (issues.length) throw new Error(formatIssues(`cannot resume ${file}`, withSources(issues, undefined)));
  return study;
}

/** study.json (written whole, then renamed into place) and trials.csv. */
async function persistStudy(out: string, study: Study): Promise<void> {
  await fs.mkdir(out, { recursive: true });
  const file = path.join(out, 'study.json');
  await fs.writeFile(`${file}.tmp`, JSON.stringify(study, null, 2));
  await fs.rename(`${file}.tmp`, file);
  await fs.writeFile(path.join(out, 'trials.csv'), trialsCsv(study));
}

const showValue = (v: unknown) => (typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(3)).toString() : String(v));
const showParams = (p: TrialParams) => Object.entries(p).map(([k, v]) => `${shortParamName(k)}=${showValue(v)}`).join(', ');

function describeStudyEvent(e: StudyEvent, study: Study): string | null {
  const metric = study.spec.objective.metric;
  switch (e.type) {
    case 'trial-started':
      return `trial ${e.trial.number}: ${showParams(e.trial.params)}${e.resumedFrom ? ` (resuming from ${e.resumedFrom})` : ''}`;
    case 'trial-event':
      return ['evaluation', 'done', 'error', 'started'].includes(e.event.type) ? `  ${describeEvent(e.event)}` : null;
    case 'trial-finished': {
      const t = e.trial;
      const what = t.state === 'complete' ? `${metric} ${t.value!.toFixed(4)}` : t.error ?? '';
      const best = e.best ? `; best so far: trial ${e.best.number} (${e.best.value!.toFixed(4)})` : '';
      return `trial ${t.number}: ${t.state}, ${what} (${t.durationS.toFixed(1)} s)${best}`;
    }
    case 'study-stopped':
      return `search stopped: ${e.message}`;
    default: {
      const never: never = e;
      return String(never);
    }
  }
}

function describeStudy(study: Study): string {
  const s = study.spec;
  const budget = [s.budget.trials !== undefined ? `${s.budget.trials} trials` : '', s.budget.minutes !== undefined ? `${s.budget.minutes} minutes` : ''].filter(Boolean).join(' or ');
  return `search: ${s.sampler.kind} sampler (seed ${s.sampler.seed}), ${s.pruner.kind} pruner, objective validation ${s.objective.metric} (${s.objective.direction}), ` +
    `budget ${budget}; ${s.space.params.map((p) => `${shortParamName(p.name)} ${describeParam(p)}`).join('; ')}`;
}

/** The best trial's checkpoint → <out>/best, scored once on the test split. */
async function writeBest(out: string, study: Study, o: { job: PreparedJob; tokenizer: TextTokenizer; flags: CliFlags; backend: string; log: Log }): Promise<void> {
  const probe = loadModel(o.job, study.baseJob.hyperparameters.seed).model;
  try {
    const store = createFileCheckpointStore(path.join(out, 'checkpoints'));
    const final = await finalizeBestTrial({ study, store, model: probe, tokenizer: o.tokenizer, data: o.job.data });
    const metric = study.spec.objective.metric;
    o.log(`best: trial ${final.trial.number} (${metric} ${final.trial.value!.toFixed(4)}): ${showParams(final.trial.params)}`);
    if (final.test) o.log(describeEvent({ type: 'evaluation', split: 'test', epoch: final.checkpoint.state.epoch, step: final.checkpoint.state.bestStep ?? 0, metrics: final.test }));
    const written = await writeModelFolder(path.join(out, 'best'), {
      job: o.job, spec: final.spec, model: probe, tokenizer: o.tokenizer, allFormats: Boolean(o.flags['all-formats']),
      metrics: {
        validation: final.validation, test: final.test ?? undefined, bestStep: final.checkpoint.state.bestStep ?? undefined,
        backend: o.backend, trainingSeconds: final.trial.durationS, study: studySummary(study) ?? undefined,
      },
      thresholds: final.thresholds,
    });
    await persistStudy(out, study);
    o.log(`wrote ${written} files to ${path.join(out, 'best')}`);
  } finally {
    probe.dispose();
  }
}

async function openStudy(flags: CliFlags, out: string, job: PreparedJob, limits: ModelLimits, log: Log): Promise<Study> {
  const file = path.join(out, 'study.json');
  const exists = await fs.stat(file).then(() => true, () => false);
  if (flags.resume && exists) {
    const study = await resumeStudy(file, flags, job);
    log(`resuming the study in ${file}: ${study.trials.length} trials so far`);
    return study;
  }
  if (exists) throw new Error(`${out} already holds a study (${file}): continue it with --resume, or search into another --out`);
  if (flags.resume) log(`no study in ${out} to resume: starting a new one`);
  return newStudy(flags, job, limits);
}

export async function searchCommand(flags: CliFlags, log: Log): Promise<number> {
  const out = requireFlag(flags, 'out');
  const job = await prepareJob(flags, log);
  const limits = modelLimitsFromConfig(job.files.config);
  const study = await openStudy(flags, out, job, limits, log);
  log(describeStudy(study));

  const backend = await startNodeBackend(job.spec.hyperparameters.backend, threadsFlag(flags), flags.backend ? '--backend' : 'the job spec');
  const tokenizer = await createTokenizer(job.files);
  const store = withStorageErrors(createFileCheckpointStore(path.join(out, 'checkpoints')));
  const runner = createInThreadRunner({ store, backend, throttleMs: 5000 });
  const control = createStudyControl();
  const offStop = onStopSignal(() => control.stop());
  try {
    await runStudy({
      study, runner, data: job.data, store, control,
      modelFor: async (spec) => ({ model: loadModel(job, spec.hyperparameters.seed).model, tokenizer }),
      releaseModel: (m) => m.model.dispose(),
      persist: (s) => persistStudy(out, s),
      onEvent: (e) => { const line = describeStudyEvent(e, study); if (line !== null) log(line); },
    });
  } finally {
    offStop();
  }

  if (!bestTrial(study)) throw new Error(`${study.stopMessage ?? 'the search stopped'}; ${noBestMessage(study)} — see ${path.join(out, 'trials.csv')}`);
  try {
    await writeBest(out, study, { job, tokenizer, flags, backend: backend.name, log });
  } catch (e) {
    if (!isStorageError(e)) throw e;
    throw new Error(`could not write ${path.join(out, 'best')} (${(e as Error).message}); the best trial's checkpoint is kept in ` +
      `${path.join(out, 'checkpoints')}: free some space and run again with --resume`, { cause: e });
  }
  if (study.stopReason === 'stopped') return 130;
  return study.stopReason === 'storage' ? 1 : 0;
}
