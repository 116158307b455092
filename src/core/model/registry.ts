/**
 * Architectures by Hugging Face `model_type`. To add one: write a folder (see bert/) exporting an
 * `Architecture`, and add it to ARCHITECTURES below — loading, freezing groups, export names and the
 * diagnostics page then work for it without further changes.
 */
import type * as tf from '@tensorflow/tfjs';
import { asRawConfig, ConfigError } from './config';
import type { EncoderBatch } from './types';
import { bertArchitecture } from './bert';
import { distilbertArchitecture } from './distilbert';
import { robertaArchitecture } from './roberta';
import { gloveArchitecture } from './glove';
import { gloveCnnArchitecture } from './glove-cnn';

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

export const ARCHITECTURES: Readonly<Record<string, AnyArchitecture>> = Object.freeze({
  bert: bertArchitecture,
  distilbert: distilbertArchitecture,
  roberta: robertaArchitecture,
  'glove-pool': gloveArchitecture,
  'glove-cnn': gloveCnnArchitecture,
});

export function supportedModelTypes(): string[] {
  return Object.keys(ARCHITECTURES);
}

/** The architecture for a config.json; a clear message listing the supported types otherwise. */
export function architectureFor(config: unknown): AnyArchitecture {
  const raw = asRawConfig(config);
  const type = raw.model_type;
  if (typeof type !== 'string') {
    throw new ConfigError(`config.json has no "model_type" (supported: ${supportedModelTypes().join(', ')})`);
  }
  const arch = ARCHITECTURES[type];
  if (!arch) {
    throw new ConfigError(`model_type "${type}" is not supported (supported: ${supportedModelTypes().join(', ')})`);
  }
  return arch;
}
