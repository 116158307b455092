/**
 * The engine's normalised encoder config, and helpers each architecture's config.ts uses to read a Hugging
 * Face config.json. Configs are normalised once, at load time; everything downstream reads EncoderConfig and
 * never the raw JSON (which keeps its own field names per architecture: hidden_size vs dim, …).
 */
import type { TaskKind } from './types';

export type Activation = 'gelu' | 'gelu_new' | 'relu';

export interface EncoderConfig {
  modelType: string;
  vocabSize: number;
  hiddenSize: number;
  numLayers: number;
  numHeads: number;
  intermediateSize: number;
  maxPositions: number;
  /** 0 when the architecture has no token-type (segment) embeddings, e.g. DistilBERT. */
  typeVocabSize: number;
  layerNormEps: number;
  hiddenAct: Activation;
  hiddenDropout: number;
  attentionDropout: number;
  /** Dropout in front of the classifier (BERT: classifier_dropout ?? hidden_dropout_prob; DistilBERT: seq_classif_dropout). */
  classifierDropout: number;
  initializerRange: number;
  padTokenId: number;
}

/** A config.json that cannot be used; the message names the file and the field. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

export type RawConfig = Record<string, unknown>;

export function asRawConfig(raw: unknown): RawConfig {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigError('config.json: expected a JSON object');
  }
  return raw as RawConfig;
}

/** A positive integer field; `fallback` when absent (undefined → required). */
export function intField(raw: RawConfig, key: string, fallback?: number): number {
  const v = raw[key] ?? fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
    throw new ConfigError(`config.json: "${key}" must be a non-negative integer (got ${JSON.stringify(raw[key])})`);
  }
  return v;
}

/** A finite number field (dropout, eps, std); `fallback` when absent or null. */
export function numField(raw: RawConfig, key: string, fallback: number): number {
  const v = raw[key] ?? fallback;
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new ConfigError(`config.json: "${key}" must be a number (got ${JSON.stringify(raw[key])})`);
  }
  return v;
}

export function activationField(raw: RawConfig, key: string, fallback: Activation): Activation {
  const v = raw[key] ?? fallback;
  if (v === 'gelu' || v === 'gelu_new' || v === 'relu') return v;
  throw new ConfigError(`config.json: "${key}" = ${JSON.stringify(v)} is not supported (supported: gelu, gelu_new, relu)`);
}

export function checkHeads(hidden: number, heads: number, hiddenKey: string, headsKey: string): void {
  if (heads === 0 || hidden % heads !== 0) {
    throw new ConfigError(`config.json: "${hiddenKey}" (${hidden}) must be a multiple of "${headsKey}" (${heads})`);
  }
}

/** What the task and the labels add to a config: the fields HF's *ForSequenceClassification reads back. */
export interface HeadOptions {
  numLabels?: number;
  task?: TaskKind;
  /** Label names by class index; written to config.json as id2label / label2id. */
  labels?: string[];
}

export interface ResolvedHead {
  numLabels: number;
  task: TaskKind;
  labels: string[];
}

/** The label names of config.json's id2label in id order, or undefined when it has none. */
export function configLabelNames(raw: RawConfig): string[] | undefined {
  const id2label = raw.id2label as Record<string, string> | undefined;
  return id2label && typeof id2label === 'object'
    ? Object.keys(id2label).sort((a, b) => Number(a) - Number(b)).map((k) => String(id2label[k]))
    : undefined;
}

/** Reads num_labels / id2label / problem_type from the config, overridden by explicit options. */
export function resolveHead(raw: RawConfig, opts: HeadOptions): ResolvedHead {
  const configLabels = configLabelNames(raw);
  const numLabels = opts.numLabels ?? opts.labels?.length ?? (raw.num_labels as number | undefined) ?? configLabels?.length ?? 2;
  if (!Number.isInteger(numLabels) || numLabels < 1) {
    throw new ConfigError(`number of labels must be a positive integer (got ${numLabels})`);
  }
  const problem = raw.problem_type as string | undefined;
  const task: TaskKind = opts.task
    ?? (problem === 'multi_label_classification' || problem === 'regression' || problem === 'single_label_classification'
      ? problem : numLabels === 1 ? 'regression' : 'single_label_classification');
  if (task === 'single_label_classification' && numLabels < 2) {
    throw new ConfigError('single-label classification needs at least 2 labels');
  }
  let labels = opts.labels ?? (configLabels?.length === numLabels ? configLabels : undefined);
  labels ??= Array.from({ length: numLabels }, (_, i) => `LABEL_${i}`);
  if (labels.length !== numLabels) {
    throw new ConfigError(`${labels.length} label names given for ${numLabels} labels`);
  }
  return { numLabels, task, labels };
}

/**
 * The config.json to write next to exported weights: the checkpoint's own fields, plus what
 * transformers needs to rebuild the classifier (architectures, num_labels, id2label, label2id, problem_type).
 */
export function classifierHfConfig(raw: RawConfig, architecture: string, head: ResolvedHead): RawConfig & { model_type: string; num_labels: number } {
  const id2label: Record<string, string> = {};
  const label2id: Record<string, number> = {};
  head.labels.forEach((l, i) => { id2label[String(i)] = l; label2id[l] = i; });
  return {
    ...raw,
    model_type: String(raw.model_type),
    architectures: [architecture],
    num_labels: head.numLabels,
    id2label,
    label2id,
    problem_type: head.task,
    // Every engine weight is fp32 (F16/BF16 checkpoints are widened on load), and so is every export.
    torch_dtype: 'float32',
  };
}
