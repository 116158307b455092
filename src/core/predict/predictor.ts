/**
 * The studio's own inference: a trained or imported model (config + weights + tokenizer files, plain data)
 * → a predictor that tokenizes, batches, runs the tfjs encoder and returns probabilities. Used by the
 * playground and batch prediction (in the prediction worker) and by the export tests (Node), on whatever
 * tfjs backend is active. Reads results with one `await data()` per batch; never dataSync.
 */
import * as tf from '@tensorflow/tfjs';
import { loadSequenceClassifier } from '../model/load';
import { makeBatch, disposeBatch } from '../model/batching';
import { createTokenizer } from '../model/tokenizer';
import type { ParsedSafetensors } from '../model/safetensors';
import type { TaskKind } from '../model/types';
import type { WeightMap } from '../export/types';
import { probabilities } from './batch';
import { usableLength } from '../export/hfConfig';

export interface TokenizerFiles {
  tokenizerJson: object;
  tokenizerConfig: object;
  extraFiles: Record<string, string>;
}

export interface PredictorInput {
  /** The classifier's config.json (id2label, problem_type). */
  config: Record<string, unknown>;
  weights: WeightMap;
  tokenizer: TokenizerFiles;
  /** Token budget per text (the training length); capped at the model's positions. */
  maxLength: number;
}

export interface PredictResult {
  /** [n × k] row-major. */
  logits: Float32Array;
  /** Softmax / sigmoid / raw value per task, [n × k]. */
  probs: Float32Array;
}

export interface Predictor {
  readonly task: TaskKind;
  readonly labelNames: string[];
  readonly numLabels: number;
  predict(texts: string[], pairs?: string[], batchSize?: number): Promise<PredictResult>;
  dispose(): void;
}

/** A WeightMap as the engine's parsed-safetensors shape, so loading needs no serialise/parse round trip. */
export function asParsedSafetensors(weights: WeightMap): ParsedSafetensors {
  const tensors = new Map(Object.entries(weights).map(([name, t]) => [name, { dtype: 'F32', shape: t.shape, data: t.data }]));
  return { tensors, metadata: {} };
}

export async function createPredictor(input: PredictorInput): Promise<Predictor> {
  const { model, report } = loadSequenceClassifier({ config: input.config, weights: asParsedSafetensors(input.weights) });
  if (report.initialised.length > 0) {
    model.dispose();
    throw new Error(`This model is incomplete: ${report.initialised.length} weights are missing (first: ${report.initialised[0]}).`);
  }
  const tokenizer = await createTokenizer(input.tokenizer);
  const maxLength = Math.min(input.maxLength, model.maxLength, usableLength(input.config));
  const k = model.labels.length;
  return {
    task: model.task,
    labelNames: model.labels,
    numLabels: k,
    async predict(texts, pairs, batchSize = 32) {
      const logits = new Float32Array(texts.length * k);
      for (let start = 0; start < texts.length; start += batchSize) {
        const end = Math.min(texts.length, start + batchSize);
        const encoded = tokenizer.encodeBatch(texts.slice(start, end), pairs?.slice(start, end), maxLength);
        const batch = makeBatch(encoded, maxLength, { padId: model.padTokenId });
        const out = tf.tidy(() => model.forward(batch, false));
        disposeBatch(batch);
        const values = await out.data();
        out.dispose();
        logits.set(values, start * k);
      }
      return { logits, probs: probabilities(logits, k, model.task) };
    },
    dispose: () => model.dispose(),
  };
}
