/** The offline CNN's config.json (model_type "glove-cnn") → GloveCnnConfig, read once at load. */
import { asRawConfig, ConfigError, intField, numField } from '../config';

export interface GloveCnnConfig {
  modelType: 'glove-cnn';
  vocabSize: number;
  /** Width of the word vectors (100 for GloVe 6B 100d). */
  embeddingSize: number;
  /** Filter widths in tokens (Kim 2014: 3, 4, 5), ascending. */
  filterSizes: number[];
  /** Feature maps per filter width. */
  numFilters: number;
  /** Dropout on the pooled features, before the classifier (Kim: 0.5). */
  classifierDropout: number;
  initializerRange: number;
  padTokenId: number;
  /** The longest sequence accepted (no position embeddings: this only bounds the tokenizer). */
  maxPositions: number;
}

function filterSizesField(raw: Record<string, unknown>): number[] {
  const v = raw.filter_sizes ?? [3, 4, 5];
  if (!Array.isArray(v) || v.length === 0 || v.some((k) => !Number.isInteger(k) || (k as number) < 1 || (k as number) > 32)) {
    throw new ConfigError(`config.json: "filter_sizes" must be a non-empty list of whole numbers from 1 to 32 (got ${JSON.stringify(raw.filter_sizes)})`);
  }
  return [...(v as number[])].sort((a, b) => a - b);
}

export function normaliseGloveCnnConfig(input: unknown): GloveCnnConfig {
  const raw = asRawConfig(input);
  const act = raw.hidden_act ?? 'relu';
  if (act !== 'relu') throw new ConfigError(`config.json: glove-cnn "hidden_act" must be "relu" (got ${JSON.stringify(act)})`);
  const numFilters = intField(raw, 'num_filters', 100);
  if (numFilters < 1) throw new ConfigError('config.json: "num_filters" must be at least 1');
  const dropout = numField(raw, 'classifier_dropout', 0.5);
  if (dropout < 0 || dropout >= 1) throw new ConfigError(`config.json: "classifier_dropout" must be in [0, 1) (got ${dropout})`);
  return {
    modelType: 'glove-cnn',
    vocabSize: intField(raw, 'vocab_size'),
    embeddingSize: intField(raw, 'embedding_size'),
    filterSizes: filterSizesField(raw),
    numFilters,
    classifierDropout: dropout,
    initializerRange: numField(raw, 'initializer_range', 0.03),
    padTokenId: intField(raw, 'pad_token_id', 0),
    maxPositions: intField(raw, 'max_position_embeddings', 512),
  };
}
