/**
 * Model quality against the classical baseline, on the datasets the project ships (public/samples):
 * test macro-F1 and wall time of TF-IDF + logistic regression (scikit-learn, bench/tfidf_baseline.py) and of
 * each studio model's one-click default (its family's Standard preset), all on the studio's own split
 * (stratified 80/10/10, seed 42, built by the data core exactly as the CLI builds it), with ratios to the
 * baseline. The studio models train through the trainer in this thread, on wasm (the CLI's backend).
 *
 * Run: npm run bench:quality   (about 10–15 minutes on 2 cores)
 * Auto rows: "auto" (Auto's plan for the default model, one run) and "search" (a 12-trial TPE search over
 * Auto's job, objective validation macro-F1, the best trial scored once on test), same split.
 * Options: --datasets=sms_spam,fortunes_topics  --rows=tfidf,glove-pool,glove-cnn,auto,search  --threads=N (default 2)
 *          --preset=quick|standard|thorough  --hp='{"epochs":4}' (a JSON patch over every studio row's preset)
 *          --json=file (also write the results as JSON)  --verbose (each epoch's validation macro-F1 as it comes)
 *          --seed=N (the training seed of every studio row and the search's seed; default each spec's own, 42 —
 *          the split stays the same: repeat with a few seeds to see how much of a difference is seed noise)
 * Rows are a list (ROWS below): a new one (e.g. an Auto-tune search) is one more entry.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readBundledModel } from '../src/cli/bundled';
import { startNodeBackend } from '../src/cli/backend';
import { trainingDataFromTable } from '../src/cli/dataset';
import { splitCounts } from '../src/core/data/dataset';
import { readCsvFile } from '../src/cli/files';
import type { TrainingData } from '../src/core/data/types';
import { loadSequenceClassifier } from '../src/core/model/load';
import { createTokenizer } from '../src/core/model/tokenizer';
import { buildJobSpec } from '../src/core/spec/buildJobSpec';
import { mergeHyperparameters, type Hyperparameters, type PresetName } from '../src/core/spec/jobSpec';
import { presetHyperparametersFor } from '../src/core/spec/presets';
import { createInThreadRunner } from '../src/core/train/inThreadRunner';
import { autoInputsFrom, autoPlan } from '../src/core/auto';
import { defaultStudySpec } from '../src/core/search/defaults';
import { finalizeBestTrial } from '../src/core/search/finalize';
import { runStudy } from '../src/core/search/runner';
import { countByState, createStudy } from '../src/core/search/study';
import { createMemoryCheckpointStore } from '../src/core/train/checkpoint';
import type { AutoDecision, JobSpec } from '../src/core/spec/jobSpec';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = Object.fromEntries(process.argv.slice(2).map((a) => {
  const [k, ...v] = a.replace(/^--/, '').split('=');
  return [k, v.join('=')];
}));
const list = (v: string | undefined, all: string[]) => (v ? v.split(',') : all);
/** --verbose (a flag without a value): one line per evaluation and per search trial. */
const verbose = 'verbose' in args;
/** --seed=N: the training (and search) seed; the split's seed does not change. */
const seedOverride = args.seed ? Number(args.seed) : undefined;
const withSeed = (hp: Hyperparameters): Hyperparameters => (seedOverride === undefined ? hp : { ...hp, seed: seedOverride });

interface Dataset { name: string; file: string; data: TrainingData; splitMethod: string }
interface RowResult { macroF1: number; accuracy: number; seconds: number; cpuSeconds: number; note: string }
interface Row { id: string; label: string; run(d: Dataset): Promise<RowResult> }

const DATASETS = ['sms_spam', 'fortunes_topics'];
/** CPU seconds of this process (all threads): less sensitive than wall time to other work on the machine. */
const cpuSeconds = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };

function loadDataset(name: string): Promise<Dataset> {
  const file = path.join(root, 'public/samples', `${name}.csv`);
  return readCsvFile(file).then((table) => ({ name, file, ...trainingDataFromTable(table, { textColumn: 'text', labelColumn: 'label' }) }));
}

/** TF-IDF + LR in Python on the studio's split, written to a temporary file. */
async function tfidfRow(d: Dataset): Promise<RowResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ftstudio-quality-'));
  try {
    const file = path.join(dir, 'split.json');
    fs.writeFileSync(file, JSON.stringify({ texts: d.data.texts, labels: Array.from(d.data.labels), split: Array.from(d.data.split) }));
    const started = performance.now();
    const r = spawnSync('/usr/bin/python3', [path.join(root, 'bench/tfidf_baseline.py'), file], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`tfidf_baseline.py failed: ${r.stderr}`);
    const out = JSON.parse(r.stdout) as { macro_f1: number; accuracy: number; C: number; cpu_seconds: number };
    return { macroF1: out.macro_f1, accuracy: out.accuracy, seconds: (performance.now() - started) / 1000, cpuSeconds: out.cpu_seconds, note: `C=${out.C}` };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The JobSpec of a bundled model on the dataset's split, with `hp` (trained on wasm, as the CLI trains). */
function benchSpec(d: Dataset, bundledId: string, hp: Hyperparameters, autoDecisions?: AutoDecision[]): JobSpec {
  return buildJobSpec({
    dataset: { id: d.file, name: d.name, textColumn: 'text', labelColumn: 'label', labelKind: 'single', splitCounts: splitCounts(d.data), splitMethod: d.splitMethod },
    model: { source: 'bundled', id: bundledId },
    labelNames: d.data.labelNames,
    hyperparameters: { ...hp, backend: 'wasm' },
    ...(autoDecisions ? { autoDecisions } : {}),
  });
}

/**
 * Auto's one-click default for the studio's default model: the plan from the model and this dataset's
 * train split (lengths, classes), trained once; the test split scored with Auto's threshold when it tuned one.
 */
function autoRow(bundledId: string): Row {
  return {
    id: 'auto', label: `Auto default (${bundledId})`,
    async run(d) {
      const files = await readBundledModel(bundledId);
      const tokenizer = await createTokenizer(files);
      const plan = autoPlan(autoInputsFrom({ config: files.config, task: 'single_label_classification', data: d.data, tokenizer }));
      const spec = benchSpec(d, bundledId, withSeed(plan.hyperparameters), plan.decisions);
      const r = await trainSpec('auto', d, files, spec);
      const chosen = plan.decisions.filter((x) => x.field.startsWith('hyperparameters.')).map((x) => `${x.field.slice(16)}=${x.value}`).join(', ');
      return { ...r, note: `${chosen}; ${r.note}` };
    },
  };
}

/**
 * A 12-trial TPE search (median pruner, the space the studio proposes for the model) over Auto's job:
 * objective validation macro-F1, trials one at a time through the in-thread runner with the test split
 * hidden, then the best trial's model scored once on test — the CLI's `search` without its files.
 */
function searchRow(bundledId: string, trials = 12): Row {
  return {
    id: 'search', label: `${trials}-trial TPE search over Auto (${bundledId})`,
    async run(d) {
      const files = await readBundledModel(bundledId);
      const tokenizer = await createTokenizer(files);
      const plan = autoPlan(autoInputsFrom({ config: files.config, task: 'single_label_classification', data: d.data, tokenizer }));
      const base = benchSpec(d, bundledId, withSeed(plan.hyperparameters), plan.decisions);
      const studySpec = defaultStudySpec({ modelType: String(files.config.model_type), task: base.task.kind, trials, seed: seedOverride ?? 42 });
      const study = createStudy(studySpec, base);
      const store = createMemoryCheckpointStore();
      const runner = createInThreadRunner({ store, backend, throttleMs: 1e9 });
      const started = performance.now();
      const startedCpu = cpuSeconds();
      const load = (seed: number) => loadSequenceClassifier({ config: files.config, weights: files.weights, labels: d.data.labelNames, seed }).model;
      await runStudy({
        study, runner, data: d.data, store, persist: async () => {},
        modelFor: async (spec) => ({ model: load(spec.hyperparameters.seed), tokenizer }),
        releaseModel: (m) => m.model.dispose(),
        onEvent: (e) => { if (verbose && e.type === 'trial-finished') console.log(`  search trial ${e.trial.number}: ${e.trial.state} ${e.trial.value?.toFixed(4) ?? ''} (${e.trial.durationS.toFixed(0)} s)`); },
      });
      const probe = load(base.hyperparameters.seed);
      const final = await finalizeBestTrial({ study, store, model: probe, tokenizer, data: d.data });
      probe.dispose();
      const test = final.test;
      if (!test || test.kind !== 'single') throw new Error(`search on ${d.name}: no test metrics`);
      const c = countByState(study);
      const best = Object.entries(final.trial.params).map(([k, v]) => `${k.replace('hyperparameters.', '')}=${typeof v === 'number' ? Number(v.toPrecision(3)) : v}`).join(', ');
      return {
        macroF1: test.macro_f1, accuracy: test.accuracy, seconds: (performance.now() - started) / 1000, cpuSeconds: cpuSeconds() - startedCpu,
        note: `${c.complete} complete, ${c.pruned} pruned, ${c.failed} failed; best trial ${final.trial.number} (validation macro-F1 ${final.trial.value!.toFixed(4)}): ${best}`,
      };
    },
  };
}

/** Trains `spec` once from the bundled files; test metrics of the best epoch. */
async function trainSpec(id: string, d: Dataset, files: Awaited<ReturnType<typeof readBundledModel>>, spec: JobSpec): Promise<RowResult> {
  const hp = spec.hyperparameters;
  const started = performance.now();
  const startedCpu = cpuSeconds();
  const { model } = loadSequenceClassifier({ config: files.config, weights: files.weights, labels: d.data.labelNames, seed: hp.seed });
  const tokenizer = await createTokenizer(files);
  const runner = createInThreadRunner({ store: null, backend, throttleMs: 1e9 });
  let samplesPerSecond = 0;
  runner.onEvent((e) => {
    if (e.type === 'step') samplesPerSecond = e.samplesPerSecond;
    if (e.type === 'warning') console.log(`  ${id}: WARNING ${e.message}`);
    if (verbose && e.type === 'evaluation' && e.split === 'validation') console.log(`  ${id} step ${e.step}: validation macro-F1 ${(e.metrics as { macro_f1: number }).macro_f1.toFixed(4)} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  });
  const done = await runner.start({ jobId: id, spec, data: d.data, model: { model, tokenizer } });
  const seconds = (performance.now() - started) / 1000;
  const cpu = cpuSeconds() - startedCpu;
  model.dispose();
  const test = done.testMetrics;
  if (!test || test.kind !== 'single') throw new Error(`${id} on ${d.name}: no test metrics (${done.reason}: ${done.message})`);
  const stepsPerEpoch = Math.ceil(splitCounts(d.data).train / hp.batchSize);
  const bestEpoch = done.bestStep !== null ? Math.round(done.bestStep / stepsPerEpoch) : hp.epochs;
  const threshold = done.thresholds ? `, threshold ${Object.values(done.thresholds.values)[0].toFixed(3)}` : '';
  return { macroF1: test.macro_f1, accuracy: test.accuracy, seconds, cpuSeconds: cpu, note: `${hp.epochs} epochs, best ${bestEpoch}${threshold}; ${samplesPerSecond.toFixed(0)} samples/s` };
}

/** A bundled model trained with its family's preset (+ --hp), as the studio's one click did before Auto. */
function studioRow(id: string, name: string, bundledId: string): Row {
  const preset = (args.preset || 'standard') as PresetName;
  return {
    id, label: `${name}, ${preset} preset${args.hp ? ' + --hp' : ''}`,
    async run(d) {
      const files = await readBundledModel(bundledId);
      const modelType = String(files.config.model_type);
      const hp: Hyperparameters = withSeed(mergeHyperparameters(presetHyperparametersFor(modelType, preset), args.hp ? JSON.parse(args.hp) : {}));
      const r = await trainSpec(id, d, files, benchSpec(d, bundledId, hp));
      return { ...r, note: `${preset}: ${r.note}` };
    },
  };
}

const ROWS: Row[] = [
  { id: 'tfidf', label: 'TF-IDF 1–2 grams + logistic regression', run: tfidfRow },
  studioRow('glove-pool', 'GloVe bag of vectors (bundled)', 'offline-glove'),
  studioRow('glove-cnn', 'GloVe CNN (bundled)', 'offline-glove-cnn'),
  autoRow('offline-glove-cnn'),
  searchRow('offline-glove-cnn'),
];

const backend = await startNodeBackend('wasm', args.threads ? Number(args.threads) : 2);
console.log(`backend: ${backend.name} (${backend.reason}); ${os.cpus().length} cores`);
const results: Record<string, Record<string, RowResult>> = {};
for (const name of list(args.datasets, DATASETS)) {
  const d = await loadDataset(name);
  const c = splitCounts(d.data);
  console.log(`\n${name}: ${c.train} train / ${c.validation} validation / ${c.test} test, ${d.data.labelNames.length} classes (${d.splitMethod})`);
  results[name] = {};
  let baseline: RowResult | undefined;
  for (const row of ROWS.filter((r) => list(args.rows, ROWS.map((x) => x.id)).includes(r.id))) {
    const r = await row.run(d);
    results[name][row.id] = r;
    if (row.id === 'tfidf') baseline = r;
    const vs = baseline && row.id !== 'tfidf'
      ? `  Δ macro-F1 vs TF-IDF ${(r.macroF1 - baseline.macroF1 >= 0 ? '+' : '')}${(r.macroF1 - baseline.macroF1).toFixed(3)}, time ×${(r.seconds / baseline.seconds).toFixed(0)}`
      : '';
    console.log(`  ${row.label.padEnd(58)} macro-F1 ${r.macroF1.toFixed(3)}  accuracy ${r.accuracy.toFixed(3)}  ${r.seconds.toFixed(1).padStart(6)} s (cpu ${r.cpuSeconds.toFixed(1)} s)  (${r.note})${vs}`);
  }
}
if (args.json) fs.writeFileSync(args.json, JSON.stringify(results, null, 2));
process.exit(0);
