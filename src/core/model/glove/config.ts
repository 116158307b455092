/** The bundled offline model's config.json (model_type "glove-pool") → GloveConfig, read once at load. */
import { asRawConfig, ConfigError, intField, numField } from '../config';

export type GlovePooling = 'mean' | 'mean-max';

export interface GloveConfig {
  modelType: 'glove-pool';
  vocabSize: number;
  /** Width of the word vectors (100 for GloVe 6B 100d). */
  embeddingSize: number;
  /** Width of the new dense layer between pooling and classifier. */
  hiddenSize: number;
  pooling: GlovePooling;
  classifierDropout: number;
  initializerRange: number;
  padTokenId: number;
  /** The longest sequence accepted (no position embeddings here: this only bounds the tokenizer). */
  maxPositions: number;
}

export function normaliseGloveConfig(input: unknown): GloveConfig {
  const raw = asRawConfig(input);
  const pooling = raw.pooling ?? 'mean-max';
  if (pooling !== 'mean' && pooling !== 'mean-max') {
    throw new ConfigError(`config.json: "pooling" = ${JSON.stringify(pooling)} is not supported (supported: mean, mean-max)`);
  }
  const act = raw.hidden_act ?? 'tanh';
  if (act !== 'tanh') throw new ConfigError(`config.json: glove-pool "hidden_act" must be "tanh" (got ${JSON.stringify(act)})`);
  const embeddingSize = intField(raw, 'embedding_size');
  return {
    modelType: 'glove-pool',
    vocabSize: intField(raw, 'vocab_size'),
    embeddingSize,
    hiddenSize: intField(raw, 'hidden_size', embeddingSize),
    pooling,
    classifierDropout: numField(raw, 'classifier_dropout', 0.1),
    initializerRange: numField(raw, 'initializer_range', 0.1),
    padTokenId: intField(raw, 'pad_token_id', 0),
    maxPositions: intField(raw, 'max_position_embeddings', 512),
  };
}
