/**
 * `finetune-studio train`: CSV + model → a trained Hugging Face model folder, through the same core as the
 * studio (data core, engine, trainer, exporter). Progress goes to stdout, one line per event.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { buildHfFolder } from '../core/export/hfFolder';
import { loadSequenceClassifier } from '../core/model/load';
import { fetchHubModel, DEFAULT_HUB_HOST } from '../core/model/sources/hub';
import type { ModelFiles } from '../core/model/sources/types';
import { createTokenizer } from '../core/model/tokenizer';
import {
  assertValidJobSpec, mergeHyperparameters, taskKindFor, JOB_SPEC_VERSION,
  type Hyperparameters, type JobSpec, type PresetName,
} from '../core/spec/jobSpec';
import { presetHyperparametersFor } from '../core/spec/presets';
import { DEFAULT_BUNDLED_ID } from '../core/model/sources/bundled';
import type { TaskKind } from '../core/model/types';
import { readBundledModel } from './bundled';
import { describeEvent, type EvaluationEvent } from '../core/train/events';
import { createInThreadRunner } from '../core/train/inThreadRunner';
import { readWeights } from '../core/train/weightsIO';
import { numberFlag, requireFlag, threadsFlag, type CliFlags } from './args';
import { startNodeBackend } from './backend';
import { splitCounts, trainingDataFromTable } from './dataset';
import { createFileCheckpointStore, readCsvFile, readModelFolder, writeFolder } from './files';

const JOB_ID = 'cli';

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

/** The model family's preset, then a --spec file (a whole JobSpec or just {hyperparameters}), then individual flags. */
async function hyperparametersFrom(flags: CliFlags, modelType: string, task: TaskKind): Promise<Hyperparameters> {
  const preset = (flags.preset ?? 'standard') as PresetName;
  if (!['quick', 'standard', 'thorough'].includes(preset)) throw new Error(`--preset must be quick, standard or thorough, got "${preset}"`);
  let hp = presetHyperparametersFor(modelType, preset, task);
  if (flags.spec) {
    const text = await fs.readFile(flags.spec, 'utf8').catch((e: Error) => { throw new Error(`cannot read --spec ${flags.spec}: ${e.message}`); });
    let json: { hyperparameters?: Partial<Hyperparameters> };
    try {
      json = JSON.parse(text) as typeof json;
    } catch (e) {
      throw new Error(`--spec ${flags.spec} is not valid JSON: ${(e as Error).message}`, { cause: e });
    }
    hp = mergeHyperparameters(hp, json.hyperparameters ?? {});
  }
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
  return mergeHyperparameters(hp, patch);
}

export async function trainCommand(flags: CliFlags, log: (line: string) => void): Promise<number> {
  const dataPath = requireFlag(flags, 'data');
  const out = requireFlag(flags, 'out');
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
  const task = taskKindFor(data.labelKind);
  const hp = await hyperparametersFrom(flags, String(files.config.model_type), task);
  const spec: JobSpec = {
    version: JOB_SPEC_VERSION,
    name: `${path.basename(dataPath)} · ${source.id}`,
    dataset: {
      id: path.resolve(dataPath), name: path.basename(dataPath), textColumn, labelColumn, labelKind: data.labelKind,
      ...(flags['text-pair-column'] ? { textPairColumn: flags['text-pair-column'] } : {}),
      splitCounts: counts, splitMethod,
    },
    model: source,
    task: { kind: task, labelNames: data.labelNames },
    hyperparameters: hp,
  };
  assertValidJobSpec(spec);

  const backend = await startNodeBackend(flags.backend, threadsFlag(flags));
  const { model, report } = loadSequenceClassifier({
    config: files.config, weights: files.weights, task, seed: hp.seed,
    ...(task === 'regression' ? { numLabels: 1 } : { labels: data.labelNames }),
  });
  log(`model: ${source.id} (${String(files.config.model_type)}), ${report.loaded.length} tensors loaded, ${report.initialised.length} initialised`);
  const tokenizer = await createTokenizer(files);

  const store = createFileCheckpointStore(path.join(out, 'checkpoints'));
  const resumeFrom = flags.resume ? (await store.list(JOB_ID)).at(-1)?.id : undefined;
  if (flags.resume) log(resumeFrom ? `resuming from ${resumeFrom}` : 'no checkpoint to resume from: starting fresh');

  const runner = createInThreadRunner({ store, backend, throttleMs: 2000 });
  const validations: EvaluationEvent[] = [];
  runner.onEvent((e) => {
    if (e.type === 'evaluation' && e.split === 'validation') validations.push(e);
    log(describeEvent(e));
  });
  const onSigint = () => {
    log('stopping after this step (Ctrl-C again to quit at once)…');
    runner.cancel();
    process.once('SIGINT', () => process.exit(130));
  };
  process.once('SIGINT', onSigint);
  const started = performance.now();
  const done = await runner.start({ jobId: JOB_ID, spec, data, model: { model, tokenizer }, ...(resumeFrom ? { resumeFrom } : {}) });
  process.off('SIGINT', onSigint);
  if (done.reason === 'cancelled') {
    log(`cancelled; checkpoints are in ${path.join(out, 'checkpoints')} (continue with --resume)`);
    return 130;
  }

  // The model card reports the validation scores of the weights exported: the best evaluation's.
  const bestValidation = validations.find((e) => e.step === done.bestStep) ?? validations.at(-1);
  const tok = tokenizer.files();
  const all = Boolean(flags['all-formats']);
  const folder = buildHfFolder({
    config: files.config as Parameters<typeof buildHfFolder>[0]['config'],
    weights: await readWeights(model.weights),
    tokenizerFiles: {
      'tokenizer.json': JSON.stringify(tok.tokenizerJson),
      'tokenizer_config.json': JSON.stringify(tok.tokenizerConfig),
      ...tok.extraFiles,
    },
    labelNames: task === 'regression' ? [] : data.labelNames,
    task,
    spec,
    metrics: {
      validation: bestValidation?.metrics, test: done.testMetrics ?? undefined,
      bestStep: done.bestStep ?? undefined, backend: backend.name, trainingSeconds: (performance.now() - started) / 1000,
    },
    formats: { onnx: all, onnxQuantized: all, tfjs: all },
    date: new Date().toISOString().slice(0, 10),
  });
  folder['job.json'] = JSON.stringify(spec, null, 2);
  await writeFolder(out, folder);
  log(`wrote ${Object.keys(folder).length} files to ${out}`);
  model.dispose();
  return done.reason === 'diverged' ? 1 : 0;
}
