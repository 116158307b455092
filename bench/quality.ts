/**
 * Model quality against the classical baseline, on the datasets the project ships (public/samples):
 * test macro-F1 and wall time of TF-IDF + logistic regression (scikit-learn, bench/tfidf_baseline.py) and of
 * each studio model's one-click default (its family's Standard preset), all on the studio's own split
 * (stratified 80/10/10, seed 42, built by the data core exactly as the CLI builds it), with ratios to the
 * baseline. The studio models train through the trainer in this thread, on wasm (the CLI's backend).
 *
 * Run: npm run bench:quality   (about 10–15 minutes on 2 cores)
 * Options: --datasets=sms_spam,fortunes_topics  --rows=tfidf,glove-pool,glove-cnn  --threads=N (default 2)
 *          --preset=quick|standard|thorough  --hp='{"epochs":4}' (a JSON patch over every studio row's preset)
 *          --json=file (also write the results as JSON)  --verbose (each epoch's validation macro-F1 as it comes)
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

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = Object.fromEntries(process.argv.slice(2).map((a) => {
  const [k, ...v] = a.replace(/^--/, '').split('=');
  return [k, v.join('=')];
}));
const list = (v: string | undefined, all: string[]) => (v ? v.split(',') : all);

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

/** A bundled model trained with its family's preset (+ --hp), as the studio's one click does. */
function studioRow(id: string, name: string, bundledId: string): Row {
  const preset = (args.preset || 'standard') as PresetName;
  return {
    id, label: `${name}, ${preset === 'standard' ? 'one-click default' : `${preset} preset`}${args.hp ? ' + --hp' : ''}`,
    async run(d) {
      const files = await readBundledModel(bundledId);
      const modelType = String(files.config.model_type);
      const hp: Hyperparameters = mergeHyperparameters(presetHyperparametersFor(modelType, preset), args.hp ? JSON.parse(args.hp) : {});
      const spec = buildJobSpec({
        dataset: { id: d.file, name: d.name, textColumn: 'text', labelColumn: 'label', labelKind: 'single', splitCounts: splitCounts(d.data), splitMethod: d.splitMethod },
        model: { source: 'bundled', id: bundledId },
        labelNames: d.data.labelNames,
        hyperparameters: { ...hp, backend: 'wasm' },
      });
      const started = performance.now();
      const startedCpu = cpuSeconds();
      const { model } = loadSequenceClassifier({ config: files.config, weights: files.weights, labels: d.data.labelNames, seed: hp.seed });
      const tokenizer = await createTokenizer(files);
      const runner = createInThreadRunner({ store: null, backend, throttleMs: 1e9 });
      let epochs = 0;
      let samplesPerSecond = 0;
      runner.onEvent((e) => {
        if (e.type === 'step') samplesPerSecond = e.samplesPerSecond;
        if (e.type === 'evaluation' && e.split === 'validation') {
          epochs++;
          if ('verbose' in args) console.log(`  ${id} epoch ${epochs}: validation macro-F1 ${(e.metrics as { macro_f1: number }).macro_f1.toFixed(4)} (${((performance.now() - started) / 1000).toFixed(0)} s, cpu ${cpuSeconds().toFixed(0)} s)`);
        }
      });
      const done = await runner.start({ jobId: id, spec, data: d.data, model: { model, tokenizer } });
      const seconds = (performance.now() - started) / 1000;
      const cpu = cpuSeconds() - startedCpu;
      model.dispose();
      const test = done.testMetrics;
      if (!test || test.kind !== 'single') throw new Error(`${id} on ${d.name}: no test metrics (${done.reason}: ${done.message})`);
      const bestEpoch = done.bestStep !== null ? Math.round(done.bestStep / (Math.ceil(splitCounts(d.data).train / hp.batchSize))) : epochs;
      return { macroF1: test.macro_f1, accuracy: test.accuracy, seconds, cpuSeconds: cpu, note: `${preset}: ${hp.epochs} epochs, best ${bestEpoch}; training ${samplesPerSecond.toFixed(0)} samples/s, an epoch ${(splitCounts(d.data).train / samplesPerSecond).toFixed(1)} s` };
    },
  };
}

const ROWS: Row[] = [
  { id: 'tfidf', label: 'TF-IDF 1–2 grams + logistic regression', run: tfidfRow },
  studioRow('glove-pool', 'GloVe bag of vectors (bundled)', 'offline-glove'),
  studioRow('glove-cnn', 'GloVe CNN (bundled)', 'offline-glove-cnn'),
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
