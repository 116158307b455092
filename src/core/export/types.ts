/**
 * What the exporters take: a model as plain data (normalised HF config + float32 weights keyed by their
 * Hugging Face names) — no tfjs, so the writers run in a worker, the UI or the Node CLI alike.
 */
import type { TaskKind } from '../model/types';

/** One weight: row-major float32 data and its shape, exactly as in the HF checkpoint (Linear = [out, in]). */
export interface NamedTensor {
  shape: number[];
  data: Float32Array;
}

/**
 * Weights keyed by Hugging Face parameter name, e.g. 'bert.encoder.layer.0.attention.self.query.weight' —
 * the same shape as CheckpointRecord.weights, so a checkpoint exports as is.
 */
export type WeightMap = Readonly<Record<string, NamedTensor>>;

/** A Hugging Face config.json, at least model_type and the architecture's size fields. */
export type HfConfig = Record<string, unknown> & { model_type: string };

/**
 * Tuned decision rules: binary → one threshold on the positive class; multi-label → one per label
 * (one-vs-rest); single-label with more classes → a confidence cut-off below which a prediction is "uncertain".
 */
export interface Thresholds {
  /** What was maximised on the validation split, e.g. 'f1' (or 'confidence cut-off'). */
  metric: string;
  /** Per label name. Binary: only the positive class (label id 1) has an entry; a confidence cut-off alone: none. */
  values: Record<string, number>;
  /**
   * Single-label: the top class is kept as the prediction, but when its probability is below this the outcome is
   * "uncertain" (for a person to check). Thresholds per class cannot apply when exactly one of several classes wins.
   */
  minConfidence?: number;
  /** The metric on validation with the tuned thresholds, and with the default 0.5, for the model card. */
  tunedScore?: number;
  defaultScore?: number;
}

export interface ExportedModelInfo {
  task: TaskKind;
  labelNames: string[];
}

export function tensor(weights: WeightMap, name: string): NamedTensor {
  const t = Object.hasOwn(weights, name) ? weights[name] : undefined;
  if (!t) throw new Error(`Export: weight "${name}" is missing from the model (have ${Object.keys(weights).length} weights).`);
  const n = t.shape.reduce((a, b) => a * b, 1);
  if (n !== t.data.length) {
    throw new Error(`Export: weight "${name}" has shape [${t.shape.join(', ')}] but ${t.data.length} values.`);
  }
  return t;
}
