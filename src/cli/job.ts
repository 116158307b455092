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
import { taskKindFor, type JobSpec } from '../core/spec/jobSpec';
import { DEFAULT_BUNDLED_ID } from '../core/model/sources/bundled';
import { readBundledModel } from './bundled';
import { assertValidJobSpec } from '../core/spec/validate';
import { withDataFingerprint } from '../core/train/splitLimits';
import { readWeights } from '../core/train/weightsIO';
import { requireFlag, type CliFlags } from './args';
import { enforceDataReport, labelList } from './dataReport';
import { autoInputsFrom, autoPlan, reconcileDecisions, type AutoPlan } from '../core/auto';
import { createTokenizer } from '../core/model/tokenizer';
import { trainingDataFromTable } from './dataset';
import { readCsvFile, readModelFolder, writeFolder } from './files';
import { jobSettingsFrom, type JobSettings } from './settings';

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

export interface PreparedJob {
  spec: JobSpec;
  data: TrainingData;
  files: ModelFiles;
  task: TaskKind;
  /** What the flags set explicitly (a --resume checks them against the checkpoint). */
  settings: JobSettings;
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

  await jobSettingsFrom(flags); // refuses bad flags and --spec keys before the data and the model are read
  const table = await readCsvFile(dataPath);
  const { data, splitMethod, report } = trainingDataFromTable(table, {
    textColumn, labelColumn, textPairColumn: flags['text-pair-column'], labelKind: flags['label-kind'], separator: flags.separator,
  });
  const counts = splitCounts(data);
  for (const line of report.lines) log(line);
  log(`data: ${data.texts.length} rows (${counts.train} train, ${counts.validation} validation, ${counts.test} test), labels: ${labelList(data.labelNames)}`);
  enforceDataReport(report, dataPath, Boolean(flags.force), log);

  const { files, source } = await loadModelFiles(modelRef);
  const auto = opts.auto && !flags.preset ? await planAuto(files, data, log) : null;
  const settings = await jobSettingsFrom(flags, String(files.config.model_type), taskKindFor(data.labelKind), auto);
  const { hyperparameters, limits } = settings;
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
  return { spec: withDataFingerprint(spec, data), data, files, task, settings, auto };
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
    metrics: { ...o.metrics, trainedIn: 'cli' },
    ...(o.thresholds ? { thresholds: o.thresholds } : {}),
    formats: { onnx: o.allFormats, onnxQuantized: o.allFormats, tfjs: o.allFormats },
    date: new Date().toISOString().slice(0, 10),
  });
  folder['job.json'] = JSON.stringify(spec, null, 2);
  await writeFolder(out, folder);
  return Object.keys(folder).length;
}
