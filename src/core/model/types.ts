/**
 * The engine's public surface: what the trainer, the exporters, the worker and the CLI rely on, and the
 * contract every architecture folder (bert/, distilbert/, ...) implements. Types only, so the registry and
 * the architectures both import from here and never from each other.
 */
import type * as tf from '@tensorflow/tfjs';

export const TASK_KINDS = ['single_label_classification', 'multi_label_classification', 'regression'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

/** One batch, already tokenized and padded. Shapes [batch, seq]; int32. */
export interface EncoderBatch {
  inputIds: tf.Tensor2D;
  attentionMask: tf.Tensor2D;
  tokenTypeIds?: tf.Tensor2D;
  /**
   * Real tokens per row (the mask is 1 on the first lengths[i] positions), known in JavaScript without
   * reading a tensor back: lets a model skip the padding (glove-cnn packs the rows). Set by makeBatch.
   */
  lengths?: readonly number[];
}

/** A named group of parameters, for freezing and per-group learning rates. */
export interface ParamGroup {
  /** 'embeddings' | 'layer.0' … 'layer.N-1' | 'pooler' | 'head' */
  name: string;
  /** Hugging Face parameter names (full, as written in our exported model.safetensors). */
  params: string[];
  /** Whether these weights came from the checkpoint (pre-trained) or were freshly initialised. */
  pretrained: boolean;
}

/**
 * A trainable classifier. Build one with `loadSequenceClassifier` (src/core/model/load.ts).
 *
 * Weight layout: every variable is stored exactly as in the Hugging Face checkpoint — Linear weights
 * [out, in] (PyTorch layout; the engine multiplies with transposeB), embeddings [rows, hidden] — so
 * exporting is `exportWeights(model)` + `writeSafetensors(...)` with no transposes, and the names are
 * BertForSequenceClassification / DistilBertForSequenceClassification names (bert.embeddings…, classifier.weight).
 *
 * Training: `tf.variableGrads(() => model.loss(model.forward(batch, true, seed), targets), vars)`; pick
 * `vars` from `groups` to freeze groups or give them their own learning rate.
 */
export interface SequenceClassifier {
  /**
   * The config.json to export: the checkpoint's own fields plus architectures, num_labels, id2label,
   * label2id and problem_type for the chosen task; serializable.
   */
  readonly config: Record<string, unknown> & { model_type: string; num_labels: number };
  /** Every trainable weight, keyed by its Hugging Face name. */
  readonly weights: Map<string, tf.Variable>;
  readonly groups: ParamGroup[];
  /** Logits [batch, numLabels]. `training` enables dropout (seeded by `seed`). Call inside tf.tidy. */
  forward(batch: EncoderBatch, training: boolean, seed?: number): tf.Tensor2D;
  dispose(): void;
  /** The task the head and the loss are built for. */
  readonly task: TaskKind;
  /** Label names by class index (length num_labels). */
  readonly labels: string[];
  /** Pad id for batching (makeBatch). */
  readonly padTokenId: number;
  /** max_position_embeddings: the longest sequence the model accepts. */
  readonly maxLength: number;
  /**
   * Mean loss for `task` (heads.ts `taskLoss`): single-label → int32 class ids [batch] (optional
   * per-class weights, torch CrossEntropyLoss semantics); multi-label → 0/1 float [batch, numLabels];
   * regression → float [batch, numLabels]. Call inside tf.tidy / variableGrads.
   */
  loss(logits: tf.Tensor2D, targets: tf.Tensor1D | tf.Tensor2D, opts?: { classWeights?: tf.Tensor1D | Float32Array | number[] }): tf.Scalar;
}

/** What happened to every tensor when a checkpoint was loaded (load.ts). Names are our (HF classifier) names. */
export interface LoadReport {
  /** Parameters taken from the checkpoint. */
  loaded: string[];
  /** Parameters freshly initialised (normal(0, initializer_range), biases 0, LayerNorm 1), seeded. */
  initialised: string[];
  /** Parameters the checkpoint lacks (a subset of `initialised`), e.g. a new classifier head. */
  missing: { name: string; shape: number[] }[];
  /** Checkpoint tensors the model does not use (e.g. cls.predictions.* of a pre-training checkpoint). */
  unexpected: { name: string; shape: number[] }[];
  /** Checkpoint tensors with another shape; only head parameters may mismatch (re-initialised), else loading fails. */
  mismatched: { name: string; checkpointName: string; expected: number[]; got: number[]; dtype: string }[];
  /** Buffers skipped on purpose (position_ids). */
  ignored: string[];
  /** How many loaded tensors had each source dtype (F32, F16, BF16); all become fp32 variables. */
  sourceDtypes: Record<string, number>;
  /**
   * What happened to a trained head the checkpoint carries: reused (its labels are the job's) or started
   * afresh (they are not), in words; absent when the checkpoint has no head.
   */
  headNote?: string;
}

/** How a fresh (not loaded) parameter is initialised, as HF's `_init_weights` does. */
export type ParamInit = 'normal' | 'zeros' | 'ones';

export interface ParamSpec {
  /** Full Hugging Face name as in *ForSequenceClassification checkpoints, e.g. "bert.pooler.dense.weight". */
  name: string;
  /** HF layout: Linear weights are [out, in], embeddings [rows, hidden]. */
  shape: number[];
  /** 'embeddings' | 'layer.<i>' | 'pooler' | 'head' */
  group: string;
  init: ParamInit;
  /**
   * Part of the task head: when the checkpoint has it with another shape (a different number of labels)
   * it is re-initialised and reported, instead of failing the load.
   */
  head?: boolean;
}

/** One architecture (a folder such as bert/), registered by its config.json `model_type` in registry.ts. */
export interface Architecture<C = unknown> {
  /** config.json's model_type. */
  modelType: string;
  /** For people: "BERT", "DistilBERT". */
  label: string;
  /** The transformers class our exported folder loads as, written to config.json's architectures. */
  classifierClass: string;
  /** Prefix of the base model's weights in classifier checkpoints ("bert."); base-model checkpoints omit it. */
  basePrefix: string;
  normaliseConfig(raw: unknown): C;
  paramSpecs(config: C, numLabels: number): ParamSpec[];
  /** std of the normal initialiser. */
  initializerRange(config: C): number;
  /** Token id used for padding (batching pads with it). */
  padTokenId(config: C): number;
  /**
   * Logits [batch, numLabels]. `weights` holds every ParamSpec by name. Dropout only when `training`,
   * seeded by `seed`. Must be called inside tf.tidy and use only ops that have gradients on every backend.
   */
  forward(config: C, weights: ReadonlyMap<string, tf.Tensor>, batch: EncoderBatch, training: boolean, seed: number): tf.Tensor2D;
}

// Architectures differ in their config type; the registry only hands them to code that uses them consistently.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyArchitecture = Architecture<any>;
