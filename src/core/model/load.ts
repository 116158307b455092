/**
 * Builds a trainable SequenceClassifier from config.json + model.safetensors (or from config alone, randomly
 * initialised), and says exactly what happened to every tensor in a LoadReport.
 */
import * as tf from '@tensorflow/tfjs';
import { classifierHfConfig, configLabelNames, resolveHead, asRawConfig, type HeadOptions, type RawConfig } from './config';
import { architectureFor } from './registry';
import { parseSafetensors, type ParsedSafetensors } from './safetensors';
import type { EncoderBatch, LoadReport, ParamGroup, ParamSpec, SequenceClassifier } from './types';
import { checkpointNames, initialValues, isIgnorableBuffer } from './weights';
import { taskLoss } from './heads';

/** The checkpoint cannot be used (wrong shapes, nothing matching, only a .bin); the message names the tensors. */
export class LoadError extends Error {
  override name = 'LoadError';
}

/** The message for a repository that ships only PyTorch pickles, for the sources layer to throw. */
export function pytorchBinOnlyMessage(repo: string): string {
  return `${repo} has only pytorch_model.bin (a PyTorch pickle), which cannot be read safely in the browser. ` +
    'Use a repository that has model.safetensors, or convert it in Python: ' +
    'AutoModel.from_pretrained(path).save_pretrained(out, safe_serialization=True).';
}

export interface LoadOptions extends HeadOptions {
  /** Parsed config.json. */
  config: unknown;
  /** model.safetensors bytes (or parsed); omit for a randomly initialised model. */
  weights?: ArrayBuffer | Uint8Array | ParsedSafetensors;
  /** Seed for fresh parameters (a new head, or everything when `weights` is omitted). */
  seed?: number;
}

export interface LoadedModel {
  model: SequenceClassifier;
  report: LoadReport;
}

const shapeEq = (a: number[], b: number[]) => a.length === b.length && a.every((x, i) => x === b[i]);

type Tensors = ParsedSafetensors['tensors'];

/** How fresh parameters are drawn (normal(0, range), zeros, ones; the padding row of embeddings zero). */
interface InitSettings {
  range: number;
  seed: number;
  padTokenId: number;
}

/**
 * Every parameter's starting values: the checkpoint's where it has the tensor in the right shape, fresh
 * ones otherwise; and the report of what happened to each tensor. `encoderMismatch` lists checkpoint tensors
 * of the wrong shape that may not simply be re-initialised (anything but the task head).
 */
function matchCheckpoint(specs: ParamSpec[], tensors: Tensors, hasCheckpoint: boolean, basePrefix: string, init: InitSettings) {
  const report: LoadReport = { loaded: [], initialised: [], missing: [], unexpected: [], mismatched: [], ignored: [], sourceDtypes: {} };
  const used = new Set<string>();
  const values = new Map<string, Float32Array>();
  const encoderMismatch: string[] = [];
  for (const spec of specs) {
    const found = checkpointNames(spec.name, basePrefix).find((n) => tensors.has(n));
    const entry = found === undefined ? undefined : tensors.get(found);
    if (found !== undefined) used.add(found);
    if (entry && entry.data && shapeEq(entry.shape, spec.shape)) {
      values.set(spec.name, entry.data);
      report.loaded.push(spec.name);
      report.sourceDtypes[entry.dtype] = (report.sourceDtypes[entry.dtype] ?? 0) + 1;
      continue;
    }
    if (entry) {
      report.mismatched.push({ name: spec.name, checkpointName: found!, expected: spec.shape, got: entry.shape, dtype: entry.dtype });
      if (!spec.head || !entry.data) encoderMismatch.push(`${found} is [${entry.shape.join(', ')}] ${entry.dtype}, expected [${spec.shape.join(', ')}] F32/F16/BF16`);
    } else if (hasCheckpoint) {
      report.missing.push({ name: spec.name, shape: spec.shape });
    }
    values.set(spec.name, initialValues(spec, init.range, init.seed, init.padTokenId));
    report.initialised.push(spec.name);
  }
  for (const [name, entry] of tensors) {
    if (used.has(name)) continue;
    if (isIgnorableBuffer(name)) report.ignored.push(name);
    else report.unexpected.push({ name, shape: entry.shape });
  }
  return { values, report, encoderMismatch };
}

const MAX_NAMED = 3;

/** "a; b; c; and 34 more" */
function someOf(items: string[], sep = '; '): string {
  return items.length > MAX_NAMED ? `${items.slice(0, MAX_NAMED).join(sep)}${sep}and ${items.length - MAX_NAMED} more` : items.join(sep);
}

/** The config.json field that sets the number of encoder layers, and the layers model.safetensors holds. */
function layerCounts(raw: RawConfig, tensors: Tensors): { field: string | undefined; inWeights: number } {
  const field = ['num_hidden_layers', 'n_layers', 'num_layers'].find((k) => typeof raw[k] === 'number');
  const layers = new Set<number>();
  for (const name of tensors.keys()) {
    const m = /\.layer\.(\d+)\./.exec(name);
    if (m) layers.add(Number(m[1]));
  }
  return { field, inWeights: layers.size };
}

/**
 * Rejects a checkpoint that does not fit: encoder tensors of another shape, or any non-head parameter
 * missing (only a new head — ParamSpec.head — may start from fresh values). Messages name a few tensors
 * and the config field that asks for what is missing.
 */
function assertCheckpointFits(specs: ParamSpec[], tensors: Tensors, report: LoadReport, encoderMismatch: string[], label: string, raw: RawConfig): void {
  if (encoderMismatch.length > 0) {
    throw new LoadError(`model.safetensors does not fit this ${label} config.json: ${encoderMismatch.length} tensor${encoderMismatch.length > 1 ? 's have' : ' has'} ` +
      `another shape — ${someOf(encoderMismatch)}. Is config.json from the same model as model.safetensors?`);
  }
  const encoderMissing = report.missing.filter((m) => !specs.find((sp) => sp.name === m.name)?.head).map((m) => m.name);
  if (encoderMissing.length === 0) return;
  const encoderTotal = specs.filter((sp) => !sp.head).length;
  if (encoderMissing.length > encoderTotal / 2) {
    const sample = [...tensors.keys()].slice(0, 3).join(', ');
    throw new LoadError(`model.safetensors lacks ${encoderMissing.length} of the ${encoderTotal} ${label} encoder weights ` +
      `(e.g. ${encoderMissing[0]}); its tensors are named like ${sample}. Is it a ${label} checkpoint?`);
  }
  const layers = layerCounts(raw, tensors);
  const missingLayers = encoderMissing.some((n) => /\.layer\.\d+\./.test(n));
  const why = missingLayers && layers.field
    ? ` config.json asks for ${String(raw[layers.field])} layers ("${layers.field}"), but model.safetensors holds ${layers.inWeights}: set "${layers.field}" to ${layers.inWeights}, or use the weights that go with this config.`
    : ' Is config.json from the same model as model.safetensors?';
  throw new LoadError(`model.safetensors lacks ${encoderMissing.length} ${label} weight${encoderMissing.length > 1 ? 's' : ''} this config needs ` +
    `(${someOf(encoderMissing, ', ')}); only a new classification head may start from fresh values.${why}`);
}

/**
 * A trained head in the checkpoint is reused only for the labels it was trained on (config.json's id2label,
 * in the same order); for other labels it starts afresh, like a missing one. Returns what happened, in words.
 */
function reconcileHead(specs: ParamSpec[], report: LoadReport, values: Map<string, Float32Array>, raw: RawConfig, labels: string[] | undefined, init: InitSettings): string | undefined {
  const heads = specs.filter((s) => s.head && report.loaded.includes(s.name));
  if (!labels || heads.length === 0) return undefined;
  const trainedFor = configLabelNames(raw);
  const shown = (names: string[]) => (names.length > 6 ? `${names.slice(0, 6).join(', ')}, …` : names.join(', '));
  if (trainedFor && trainedFor.join('\u0000') === labels.join('\u0000')) {
    return `model.safetensors has a trained head for this job's labels (${shown(labels)}): training continues from it`;
  }
  for (const spec of heads) {
    values.set(spec.name, initialValues(spec, init.range, init.seed, init.padTokenId));
    report.loaded.splice(report.loaded.indexOf(spec.name), 1);
    report.initialised.push(spec.name);
  }
  return `model.safetensors has a trained head for other labels (${trainedFor ? shown(trainedFor) : 'unnamed'}; this job's are ${shown(labels)}): ` +
    `the head (${heads.map((s) => s.name).join(', ')}) starts afresh`;
}

/** Parameter groups in spec order; a group is pretrained only when every weight in it came from the checkpoint. */
function paramGroups(specs: ParamSpec[], initialised: string[]): ParamGroup[] {
  const fresh = new Set(initialised);
  const groups: ParamGroup[] = [];
  for (const spec of specs) {
    let g = groups.find((x) => x.name === spec.group);
    if (!g) { g = { name: spec.group, params: [], pretrained: true }; groups.push(g); }
    g.params.push(spec.name);
    if (fresh.has(spec.name)) g.pretrained = false;
  }
  return groups;
}

export function loadSequenceClassifier(opts: LoadOptions): LoadedModel {
  const raw = asRawConfig(opts.config);
  const arch = architectureFor(raw);
  const encoderConfig = arch.normaliseConfig(raw);
  const head = resolveHead(raw, opts);
  const specs: ParamSpec[] = arch.paramSpecs(encoderConfig, head.numLabels);
  const parsed = opts.weights === undefined ? undefined
    : opts.weights instanceof ArrayBuffer || opts.weights instanceof Uint8Array ? parseSafetensors(opts.weights) : opts.weights;
  const tensors: Tensors = parsed?.tensors ?? new Map();
  const padTokenId = arch.padTokenId(encoderConfig);
  const init = { range: arch.initializerRange(encoderConfig), seed: opts.seed ?? 0, padTokenId };
  const { values, report, encoderMismatch } = matchCheckpoint(specs, tensors, parsed !== undefined, arch.basePrefix, init);
  assertCheckpointFits(specs, tensors, report, encoderMismatch, arch.label, raw);
  const headNote = reconcileHead(specs, report, values, raw, opts.labels, init);
  if (headNote) report.headNote = headNote;

  const weights = new Map<string, tf.Variable>();
  for (const spec of specs) {
    // tidy frees the initial tensor; the variable survives it.
    weights.set(spec.name, tf.tidy(() => tf.variable(tf.tensor(values.get(spec.name)!, spec.shape, 'float32'), true)));
  }
  let disposed = false;
  const model: SequenceClassifier = {
    config: classifierHfConfig(raw, arch.classifierClass, head),
    weights,
    groups: paramGroups(specs, report.initialised),
    task: head.task,
    labels: head.labels,
    padTokenId,
    maxLength: encoderConfig.maxPositions ?? 512,
    forward: (batch: EncoderBatch, training: boolean, seed = 0) => arch.forward(encoderConfig, weights, batch, training, seed),
    loss: (logits, targets, lossOpts) => taskLoss(head.task, logits, targets, lossOpts),
    dispose() {
      if (disposed) return;
      disposed = true;
      for (const v of weights.values()) v.dispose();
    },
  };
  return { model, report };
}
