/**
 * Builds a trainable SequenceClassifier from config.json + model.safetensors (or from config alone, randomly
 * initialised), and says exactly what happened to every tensor in a LoadReport.
 */
import * as tf from '@tensorflow/tfjs';
import { classifierHfConfig, resolveHead, asRawConfig, type HeadOptions } from './config';
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

/** Rejects a checkpoint that is another architecture's: encoder tensors of the wrong shape, or most of them missing. */
function assertCheckpointFits(specs: ParamSpec[], tensors: Tensors, report: LoadReport, encoderMismatch: string[], label: string): void {
  if (encoderMismatch.length > 0) {
    throw new LoadError(`model.safetensors does not fit this ${label} config: ${encoderMismatch.join('; ')}`);
  }
  // A new head is expected to be missing; most of the encoder missing means another architecture's file.
  const encoderMissing = report.missing.filter((m) => !specs.find((sp) => sp.name === m.name)?.head);
  const encoderTotal = specs.filter((sp) => !sp.head).length;
  if (encoderMissing.length > encoderTotal / 2) {
    const sample = [...tensors.keys()].slice(0, 3).join(', ');
    throw new LoadError(`model.safetensors lacks ${encoderMissing.length} of the ${encoderTotal} ${label} encoder weights ` +
      `(e.g. ${encoderMissing[0].name}); its tensors are named like ${sample}. Is it a ${label} checkpoint?`);
  }
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
  assertCheckpointFits(specs, tensors, report, encoderMismatch, arch.label);

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
