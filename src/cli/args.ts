/** Command-line parsing for `finetune-studio`: commands, flags, and a usage text that lists them. */
import { parseArgs } from 'node:util';

export const USAGE = `finetune-studio — fine-tune a text classifier on a CSV, in Node (wasm, cpu, or webgpu through Dawn)

Usage:
  finetune-studio train --data file.csv --text-column text --label-column label --out <dir> [--model <hub id | folder | bundled:<id>>]
        [--text-pair-column col] [--label-kind single|multi|regression] [--separator ';']
        [--preset quick|standard|thorough] [--spec job.json] [--epochs N] [--batch-size N] [--lr X]
        [--head-lr-multiplier X] [--max-length N] [--seed N] [--backend wasm|cpu|webgpu] [--threads N] [--resume]
        [--all-formats] [--force]
  finetune-studio search --data file.csv --text-column text --label-column label --model <hub id | folder> --out <dir>
        [--sampler grid|random|tpe] [--trials N] [--minutes M] [--pruner median|asha|none] [--space space.json]
        [--seed S] [--resume] and train's data, preset, backend and --all-formats flags
  finetune-studio predict --model <dir> --data file.csv --text-column text --out preds.csv [--batch-size N] [--backend wasm|cpu|webgpu] [--threads N] [--force]

--model: without it, the bundled offline CNN (bundled:offline-glove-cnn, no download); bundled:offline-glove is
the bundled bag-of-vectors model; a folder or a Hugging Face Hub id (e.g. google/bert_uncased_L-2_H-128_A-2).
--preset: the model family's preset (word-vector models and BERT-like models have their own). Without --preset,
train uses Auto: settings chosen from the model and the data (learning rate by model size, class weights and a
tuned decision threshold for a rare class, a max length covering 95 % of the texts), each printed with its reason.
train writes <out>/ as a Hugging Face model folder (config.json, model.safetensors, tokenizer files,
README.md model card, job.json) and keeps checkpoints in <out>/checkpoints (--resume continues from the last).
search runs trials one at a time (default: TPE, median pruner, 12 trials, the space proposed for the model,
the objective validation macro-F1 — MSE for regression) and writes <out>/study.json, <out>/trials.csv and
<out>/best/ (the best trial's model folder; the test split is scored once, for it). --resume continues a study.
predict writes the input columns plus "prediction" and one "score_<label>" column per class.
--threads: wasm's XNNPACK threads (default: half the cores, at least 2; 1 = single-threaded).
--resume continues the checkpoint's run: flags that contradict it are refused, and so is changed data.
--force trains on data the CLI would refuse (quote problems that swallowed lines, a label column of free
text, an empty validation or test split), and predicts with a model whose head was never trained.
Ctrl-C or SIGTERM stops training within a step and saves a checkpoint (a second one quits at once).`;

const OPTIONS = {
  data: { type: 'string' },
  'text-column': { type: 'string' },
  'text-pair-column': { type: 'string' },
  'label-column': { type: 'string' },
  'label-kind': { type: 'string' },
  separator: { type: 'string' },
  model: { type: 'string' },
  out: { type: 'string' },
  preset: { type: 'string' },
  spec: { type: 'string' },
  epochs: { type: 'string' },
  'batch-size': { type: 'string' },
  lr: { type: 'string' },
  'head-lr-multiplier': { type: 'string' },
  'max-length': { type: 'string' },
  seed: { type: 'string' },
  backend: { type: 'string' },
  threads: { type: 'string' },
  resume: { type: 'boolean' },
  sampler: { type: 'string' },
  pruner: { type: 'string' },
  trials: { type: 'string' },
  minutes: { type: 'string' },
  space: { type: 'string' },
  'all-formats': { type: 'boolean' },
  force: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export type CliFlags = ReturnType<typeof parse>['values'];

function parse(argv: string[]) {
  return parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
}

export function parseCli(argv: string[]): { command: string | undefined; flags: CliFlags } {
  const { values, positionals } = parse(argv);
  return { command: positionals[0], flags: values };
}

export function requireFlag(flags: CliFlags, name: keyof CliFlags): string {
  const v = flags[name];
  if (typeof v !== 'string' || v === '') throw new Error(`missing --${name}\n\n${USAGE}`);
  return v;
}

/** A numeric flag, or undefined when absent; a clear error when it is not a number. */
/** --threads as a whole number from 1 to 64, or undefined when absent. */
export function threadsFlag(flags: CliFlags): number | undefined {
  const n = numberFlag(flags, 'threads');
  if (n !== undefined && (!Number.isInteger(n) || n < 1 || n > 64)) throw new Error(`--threads must be a whole number from 1 to 64, got "${String(flags.threads)}"`);
  return n;
}

export function numberFlag(flags: CliFlags, name: keyof CliFlags): number | undefined {
  const v = flags[name];
  if (v === undefined) return undefined;
  const n = Number(v);
  if (typeof v !== 'string' || v.trim() === '' || !Number.isFinite(n)) throw new Error(`--${name} must be a number, got "${String(v)}"`);
  return n;
}
