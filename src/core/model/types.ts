/**
 * The engine's public surface: what the trainer, the exporters, the worker and the CLI rely on.
 * Implementations live in one folder per architecture (bert/, distilbert/, ...).
 */
import type * as tf from '@tensorflow/tfjs';

export type TaskKind = 'single_label_classification' | 'multi_label_classification' | 'regression';

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
}
