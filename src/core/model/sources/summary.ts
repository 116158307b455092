/**
 * What the model stage shows about a model before any tensor is created: a summary from config.json and
 * the safetensors header alone (cheap for a 400 MB file), and a preview of the engine's LoadReport —
 * which checkpoint tensors will load, which are new, unexpected or mis-shaped — from the architecture's
 * own parameter list, using the same name matching as load.ts.
 */
import { architectureFor, supportedModelTypes } from '../registry';
import { resolveHead } from '../config';
import type { LoadReport } from '../types';
import { checkpointNames, isIgnorableBuffer } from '../weights';
import { ModelSourceError } from './errors';
import type { ModelFiles } from './types';

export interface HeaderEntry {
  name: string;
  dtype: string;
  shape: number[];
}

/** The tensor list of a safetensors file, read from its JSON header only. */
export function readSafetensorsHeader(weights: ArrayBuffer): HeaderEntry[] {
  const view = new DataView(weights);
  const length = Number(view.getBigUint64(0, true));
  if (8 + length > weights.byteLength) throw new ModelSourceError('bad-file', `model.safetensors: header length ${length} exceeds the file`);
  const header = JSON.parse(new TextDecoder().decode(new Uint8Array(weights, 8, length))) as Record<string, { dtype: string; shape: number[] }>;
  return Object.entries(header).filter(([name]) => name !== '__metadata__')
    .map(([name, e]) => ({ name, dtype: e.dtype, shape: e.shape }));
}

export interface ModelSummary {
  modelType: string;
  /** For people: "BERT", "DistilBERT", "GloVe bag of vectors"; the model_type when unsupported. */
  architecture: string;
  supported: boolean;
  layers: number | undefined;
  /** What the layers are, for models that are not transformer encoders (the bundled word-vector models). */
  structure?: string;
  hidden: number | undefined;
  heads: number | undefined;
  vocab: number | undefined;
  maxLength: number | undefined;
  /** Scalars in the checkpoint. */
  parameters: number;
  /** Bytes of model.safetensors. */
  bytes: number;
  /** Tensor count per dtype in the file, e.g. { F32: 39 }. */
  dtypes: Record<string, number>;
  /** Classes the checkpoint's own head has, when it has one (id2label). */
  checkpointLabels: string[] | undefined;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

function wordVectorStructure(modelType: string, c: Record<string, unknown>): { structure?: string } {
  if (modelType === 'glove-pool') return { structure: '0 (no attention layers: a bag of word vectors)' };
  if (modelType !== 'glove-cnn') return {};
  const widths = Array.isArray(c.filter_sizes) ? c.filter_sizes.join(', ') : '3, 4, 5';
  return { structure: `1 convolution layer (filters ${widths} tokens wide × ${num(c.num_filters) ?? 100}), no attention` };
}

export function summarizeModel(files: ModelFiles): ModelSummary {
  const c = files.config;
  const modelType = String(c.model_type);
  const supported = supportedModelTypes().includes(modelType);
  const entries = readSafetensorsHeader(files.weights);
  const dtypes: Record<string, number> = {};
  let parameters = 0;
  for (const e of entries) {
    dtypes[e.dtype] = (dtypes[e.dtype] ?? 0) + 1;
    if (!isIgnorableBuffer(e.name)) parameters += e.shape.reduce((a, b) => a * b, 1);
  }
  const id2label = c.id2label as Record<string, string> | undefined;
  return {
    modelType,
    architecture: supported ? architectureFor(c).label : modelType,
    supported,
    layers: num(c.num_hidden_layers) ?? num(c.n_layers) ?? (modelType === 'glove-pool' ? 0 : modelType === 'glove-cnn' ? 1 : undefined),
    ...wordVectorStructure(modelType, c),
    hidden: num(c.hidden_size) ?? num(c.dim) ?? num(c.embedding_size),
    heads: num(c.num_attention_heads) ?? num(c.n_heads),
    vocab: num(c.vocab_size),
    maxLength: num(c.max_position_embeddings),
    parameters,
    bytes: files.weights.byteLength,
    dtypes,
    checkpointLabels: id2label && typeof id2label === 'object' ? Object.values(id2label).map(String) : undefined,
  };
}

/**
 * What loadSequenceClassifier will report for these files with a head of `numLabels` (defaults to the
 * checkpoint's own). Throws the engine's ConfigError for an unsupported model_type.
 */
export function previewLoadReport(files: ModelFiles, numLabels?: number): LoadReport {
  const arch = architectureFor(files.config);
  const config = arch.normaliseConfig(files.config);
  const head = resolveHead(files.config, { numLabels });
  const tensors = new Map(readSafetensorsHeader(files.weights).map((e) => [e.name, e]));
  const report: LoadReport = { loaded: [], initialised: [], missing: [], unexpected: [], mismatched: [], ignored: [], sourceDtypes: {} };
  const used = new Set<string>();
  for (const spec of arch.paramSpecs(config, head.numLabels)) {
    const found = checkpointNames(spec.name, arch.basePrefix).find((n) => tensors.has(n));
    const entry = found === undefined ? undefined : tensors.get(found);
    if (found !== undefined) used.add(found);
    const same = entry && entry.shape.length === spec.shape.length && entry.shape.every((d, i) => d === spec.shape[i]);
    if (entry && same) {
      report.loaded.push(spec.name);
      report.sourceDtypes[entry.dtype] = (report.sourceDtypes[entry.dtype] ?? 0) + 1;
      continue;
    }
    if (entry) report.mismatched.push({ name: spec.name, checkpointName: found!, expected: spec.shape, got: entry.shape, dtype: entry.dtype });
    else report.missing.push({ name: spec.name, shape: spec.shape });
    report.initialised.push(spec.name);
  }
  for (const [name, entry] of tensors) {
    if (used.has(name)) continue;
    if (isIgnorableBuffer(name)) report.ignored.push(name);
    else report.unexpected.push({ name, shape: entry.shape });
  }
  return report;
}
