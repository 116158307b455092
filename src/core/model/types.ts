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

export interface SequenceClassifier {
  /** Normalised config (see the architecture's config.ts); serializable. */
  readonly config: Record<string, unknown> & { model_type: string; num_labels: number };
  /** Every trainable weight, keyed by its Hugging Face name. */
  readonly weights: Map<string, tf.Variable>;
  readonly groups: ParamGroup[];
  /** Logits [batch, numLabels]. `training` enables dropout (seeded by `seed`). Call inside tf.tidy. */
  forward(batch: EncoderBatch, training: boolean, seed?: number): tf.Tensor2D;
  dispose(): void;
}
