/**
 * What `train` and `search` share: the CSV and its columns → TrainingData, the flags → hyperparameters,
 * the model files, a validated JobSpec, a freshly loaded model per run, and the exported model folder.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { TrainingData } from '../core/data/types';
import { buildHfFolder } from '../core/export/hfFolder';
import type { TrainingSummary } from '../core/export/modelCard';
import type { Thresholds } from '../core/export/types';
import { loadSequenceClassifier } from '../core/model/load';
import { fetchHubModel, DEFAULT_HUB_HOST } from '../core/model/sources/hub';
import type { ModelFiles } from '../core/model/sources/types';
import type { TextTokenizer } from '../core/model/tokenizer';
import type { SequenceClassifier, TaskKind } from '../core/model/types';
import { splitCounts } from '../core/data/dataset';
import { buildJobSpec } from '../core/spec/buildJobSpec';
import {
  mergeHyperparameters, taskKindFor, NO_LIMITS, PRESET_NAMES,
  type Hyperparameters, type JobSpec, type PresetName, type SplitLimits,
} from '../core/spec/jobSpec';
import { migrateJobSpec } from '../core/spec/migrate';
import { presetHyperparametersFor } from '../core/spec/presets';
import { DEFAULT_BUNDLED_ID } from '../core/model/sources/bundled';
import { readBundledModel } from './bundled';
import { assertValidJobSpec } from '../core/spec/validate';
import { readWeights } from '../core/train/weightsIO';
import { autoInputsFrom, autoPlan, reconcileDecisions, type AutoPlan } from '../core/auto';
import { createTokenizer } from '../core/model/tokenizer';
import { numberFlag, requireFlag, type CliFlags } from './args';
import { trainingDataFromTable } from './dataset';
import { readCsvFile, readModelFolder, writeFolder } from './files';

/** `bundled:<id>` (the models shipped in public/models), a folder, or a Hub id. */
async function loadModelFiles(ref: string): Promise<{ files: ModelFiles; source: JobSpec['model'] }> {
  if (ref.startsWith('bundled:')) {
    const id = ref.slice('bundled:'.length);
    return { files: await readBundledModel(id), source: { source: 'bundled', id } };
  }
  const isDir = await fs.stat(ref).then((s) => s.isDirectory(), () => false);
  if (isDir) return { files: await readModelFolder(ref), source: { source: 'local', id: path.basename(path.resolve(ref)) } };
  const host = process.env.HF_ENDPOINT ?? DEFAULT_HUB_HOST;
  const { files } = await fetchHubModel(ref, { host });
  return { files, source: { source: 'hub', id: ref, revision: 'main' } };
}

/** What a --spec file may set: a whole JobSpec (e.g. a job.json, of any version) or just {hyperparameters}. */
interface SpecFile {
  hyperparameters?: Partial<Hyperparameters>;
  dataset?: { limits?: SplitLimits };
}

async function readSpecFile(file: string): Promise<SpecFile> {
  const text = await fs.readFile(file, 'utf8').catch((e: Error) => { throw new Error(`cannot read --spec ${file}: ${e.message}`); });
  try {
    return migrateJobSpec(JSON.parse(text)) as SpecFile;
  } catch (e) {
    throw new Error(`--spec ${file} is not valid JSON: ${(e as Error).message}`, { cause: e });
  }
}

/**
 * Preset (or Auto's plan), then a --spec file, then individual flags → the hyperparameters; the quick-trial
 * limits come from the --spec file (a job.json of a quick trial reruns on the same sample), else the whole splits.
 */
async function jobSettingsFrom(flags: CliFlags, modelType: string, task: TaskKind, auto: AutoPlan | null): Promise<{ hyperparameters: Hyperparameters; limits: SplitLimits }> {
  const preset = (flags.preset ?? 'standard') as PresetName;
  if (!PRESET_NAMES.includes(preset)) throw new Error(`--preset must be quick, standard or thorough, got "${preset}"`);
  const file = flags.spec ? await readSpecFile(flags.spec) : {};
  const base = auto ? auto.hyperparameters : presetHyperparametersFor(modelType, preset, task);
  const hp = mergeHyperparameters(base, file.hyperparameters ?? {});
  const patch: Partial<Hyperparameters> = {};
  const set = <K extends keyof Hyperparameters>(k: K, v: Hyperparameters[K] | undefined) => { if (v !== undefined) patch[k] = v; };
  set('epochs', numberFlag(flags, 'epochs'));
  set('batchSize', numberFlag(flags, 'batch-size'));
  set('learningRate', numberFlag(flags, 'lr'));
  set('maxSequenceLength', numberFlag(flags, 'max-length'));
  set('seed', numberFlag(flags, 'seed'));
  const headMul = numberFlag(flags, 'head-lr-multiplier');
  if (headMul !== undefined) patch.headLearningRate = { mode: 'multiplier', value: headMul };
  if (flags.backend) patch.backend = flags.backend as Hyperparameters['backend'];
  return { hyperparameters: mergeHyperparameters(hp, patch), limits: file.dataset?.limits ?? NO_LIMITS };
}

export interface PreparedJob {
  spec: JobSpec;
  data: TrainingData;
  files: ModelFiles;
  task: TaskKind;
  /** Auto's plan, when it chose the hyperparameters (train without --preset). */
  auto: AutoPlan | null;
}

/** Auto's plan for the data and model, each decision printed with its reason. */
async function planAuto(files: ModelFiles, data: TrainingData, log: (line: string) => void): Promise<AutoPlan> {
  const tokenizer = await createTokenizer(files);
  const plan = autoPlan(autoInputsFrom({ config: files.config, task: taskKindFor(data.labelKind), data, tokenizer }));
  log(`auto: no --preset, so Auto chose the settings from the model and the data (--preset quick|standard|thorough to use a preset):`);
  for (const d of plan.decisions) log(`auto: ${d.field.replace(/^hyperparameters\./, '')} = ${d.value} — ${d.why}`);
  return plan;
}

/**
 * Reads the CSV and the model named by the flags and builds the validated JobSpec; logs what the data holds.
 * `opts.auto`: without --preset, Auto chooses the hyperparameters (the train command); else the Standard preset.
 */
export async function prepareJob(flags: CliFlags, log: (line: string) => void, opts: { auto?: boolean } = {}): Promise<PreparedJob> {
  const dataPath = requireFlag(flags, 'data');
  requireFlag(flags, 'out');
  const textColumn = requireFlag(flags, 'text-column');
  const labelColumn = requireFlag(flags, 'label-column');
  const modelRef = flags.model ?? `bundled:${DEFAULT_BUNDLED_ID}`;

  const table = await readCsvFile(dataPath);
  const { data, splitMethod } = trainingDataFromTable(table, {
    textColumn, labelColumn, textPairColumn: flags['text-pair-column'], labelKind: flags['label-kind'], separator: flags.separator,
  });
  const counts = splitCounts(data);
  log(`data: ${data.texts.length} rows (${counts.train} train, ${counts.validation} validation, ${counts.test} test), labels: ${data.labelNames.join(', ') || '(regression)'}`);

  const { files, source } = await loadModelFiles(modelRef);
  const auto = opts.auto && !flags.preset ? await planAuto(files, data, log) : null;
  const { hyperparameters, limits } = await jobSettingsFrom(flags, String(files.config.model_type), taskKindFor(data.labelKind), auto);
  const spec = buildJobSpec({
    dataset: {
      id: path.resolve(dataPath), name: path.basename(dataPath), textColumn, labelColumn, labelKind: data.labelKind,
      ...(flags['text-pair-column'] ? { textPairColumn: flags['text-pair-column'] } : {}),
      splitCounts: counts, splitMethod,
    },
    model: source,
    labelNames: data.labelNames,
    hyperparameters,
    limits,
    ...(auto ? { autoDecisions: reconcileDecisions(auto.decisions, hyperparameters) } : {}),
  });
  assertValidJobSpec(spec);
  const task = spec.task.kind;
  return { spec, data, files, task, auto };
}

/** The pre-trained model with a new head, initialised with `seed`. */
export function loadModel(job: PreparedJob, seed: number) {
  const { files, task, data } = job;
  return loadSequenceClassifier({
    config: files.config, weights: files.weights, task, seed,
    ...(task === 'regression' ? { numLabels: 1 } : { labels: data.labelNames }),
  });
}

/** Writes the model's current weights as a Hugging Face folder with its card and job.json; returns the file count. */
export async function writeModelFolder(out: string, o: {
  job: PreparedJob; spec: JobSpec; model: SequenceClassifier; tokenizer: TextTokenizer; metrics: TrainingSummary; allFormats: boolean;
  thresholds?: Thresholds;
}): Promise<number> {
  const { job, spec, tokenizer } = o;
  const tok = tokenizer.files();
  const folder = buildHfFolder({
    config: job.files.config as Parameters<typeof buildHfFolder>[0]['config'],
    weights: await readWeights(o.model.weights),
    tokenizerFiles: {
      'tokenizer.json': JSON.stringify(tok.tokenizerJson),
      'tokenizer_config.json': JSON.stringify(tok.tokenizerConfig),
      ...tok.extraFiles,
    },
    labelNames: job.task === 'regression' ? [] : job.data.labelNames,
    task: job.task,
    spec,
    metrics: o.metrics,
    ...(o.thresholds ? { thresholds: o.thresholds } : {}),
    formats: { onnx: o.allFormats, onnxQuantized: o.allFormats, tfjs: o.allFormats },
    date: new Date().toISOString().slice(0, 10),
  });
  folder['job.json'] = JSON.stringify(spec, null, 2);
  await writeFolder(out, folder);
  return Object.keys(folder).length;
}
