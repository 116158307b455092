/** DistilBERT config.json (model_type "distilbert": dim, n_layers, n_heads, hidden_dim, …) → EncoderConfig. */
import {
  activationField, asRawConfig, checkHeads, ConfigError, intField, numField, type EncoderConfig,
} from '../config';

export function normaliseDistilBertConfig(input: unknown): EncoderConfig {
  const raw = asRawConfig(input);
  const dim = intField(raw, 'dim', 768);
  const heads = intField(raw, 'n_heads', 12);
  checkHeads(dim, heads, 'dim', 'n_heads');
  // sinusoidal_pos_embds: the table is still stored as position_embeddings.weight in checkpoints, so the
  // computation is identical; PyTorch merely freezes it. We treat it like any other weight.
  if (raw.activation !== undefined && raw.activation !== 'gelu' && raw.activation !== 'relu') {
    throw new ConfigError(`config.json: activation "${String(raw.activation)}" is not supported (supported: gelu, relu)`);
  }
  return {
    modelType: 'distilbert',
    vocabSize: intField(raw, 'vocab_size', 30522),
    hiddenSize: dim,
    numLayers: intField(raw, 'n_layers', 6),
    numHeads: heads,
    intermediateSize: intField(raw, 'hidden_dim', 4 * dim),
    maxPositions: intField(raw, 'max_position_embeddings', 512),
    typeVocabSize: 0,
    // DistilBERT hard-codes eps 1e-12 in its LayerNorms.
    layerNormEps: 1e-12,
    hiddenAct: activationField(raw, 'activation', 'gelu'),
    hiddenDropout: numField(raw, 'dropout', 0.1),
    attentionDropout: numField(raw, 'attention_dropout', 0.1),
    classifierDropout: numField(raw, 'seq_classif_dropout', 0.2),
    initializerRange: numField(raw, 'initializer_range', 0.02),
    padTokenId: intField(raw, 'pad_token_id', 0),
  };
}
