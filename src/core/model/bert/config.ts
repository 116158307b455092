/** BERT config.json (model_type "bert": bert-tiny … bert-base, MiniLM, all-MiniLM-L6-v2) → EncoderConfig. */
import {
  activationField, asRawConfig, checkHeads, ConfigError, intField, numField, type EncoderConfig,
} from '../config';

export function normaliseBertConfig(input: unknown): EncoderConfig {
  const raw = asRawConfig(input);
  const hiddenSize = intField(raw, 'hidden_size');
  const numHeads = intField(raw, 'num_attention_heads');
  checkHeads(hiddenSize, numHeads, 'hidden_size', 'num_attention_heads');
  const pet = raw.position_embedding_type ?? 'absolute';
  if (pet !== 'absolute') {
    throw new ConfigError(`config.json: position_embedding_type "${String(pet)}" is not supported (only "absolute")`);
  }
  const hiddenDropout = numField(raw, 'hidden_dropout_prob', 0.1);
  return {
    modelType: 'bert',
    vocabSize: intField(raw, 'vocab_size'),
    hiddenSize,
    numLayers: intField(raw, 'num_hidden_layers'),
    numHeads,
    intermediateSize: intField(raw, 'intermediate_size'),
    maxPositions: intField(raw, 'max_position_embeddings', 512),
    typeVocabSize: intField(raw, 'type_vocab_size', 2),
    layerNormEps: numField(raw, 'layer_norm_eps', 1e-12),
    hiddenAct: activationField(raw, 'hidden_act', 'gelu'),
    hiddenDropout,
    attentionDropout: numField(raw, 'attention_probs_dropout_prob', 0.1),
    classifierDropout: numField(raw, 'classifier_dropout', hiddenDropout),
    initializerRange: numField(raw, 'initializer_range', 0.02),
    padTokenId: intField(raw, 'pad_token_id', 0),
  };
}
