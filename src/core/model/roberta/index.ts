/**
 * RoBERTa (RobertaModel + RobertaForSequenceClassification head), HF semantics: BERT's encoder under the
 * `roberta.` prefix; positions counted from padding_idx + 1 over non-padding tokens only
 * (create_position_ids_from_input_ids); no pooler; head on <s>: dropout → classifier.dense → tanh →
 * dropout → classifier.out_proj.
 */
import * as tf from '@tensorflow/tfjs';
import type { EncoderConfig } from '../config';
import type { Architecture } from '../types';
import { robertaHead, robertaHeadSpecs } from '../heads';
import { normaliseBertConfig } from '../bert/config';
import { bertEncode, bertEncoderSpecs } from '../bert';
import { makeDropout } from '../layers';

export function normaliseRobertaConfig(input: unknown): EncoderConfig {
  // RoBERTa's defaults differ from BERT's: pad 1, 514 positions, one token type, eps 1e-5.
  const defaults = { pad_token_id: 1, max_position_embeddings: 514, type_vocab_size: 1, layer_norm_eps: 1e-5 };
  return { ...normaliseBertConfig({ ...defaults, ...(input as Record<string, unknown>) }), modelType: 'roberta' };
}

/** HF create_position_ids_from_input_ids: padding_idx + running count of non-padding tokens, padding_idx on padding. */
export function robertaPositionIds(inputIds: tf.Tensor2D, padId: number): tf.Tensor2D {
  const notPad = tf.notEqual(inputIds, padId).toFloat();
  // Float cumsum (exact for these small counts) works on every backend; int32 cumsum does not everywhere.
  return tf.cumsum(notPad, 1).mul(notPad).add(padId).toInt() as tf.Tensor2D;
}

export const robertaArchitecture: Architecture<EncoderConfig> = {
  modelType: 'roberta',
  label: 'RoBERTa',
  classifierClass: 'RobertaForSequenceClassification',
  basePrefix: 'roberta.',
  normaliseConfig: normaliseRobertaConfig,
  paramSpecs: (c, numLabels) => [...bertEncoderSpecs(c, 'roberta'), ...robertaHeadSpecs(c.hiddenSize, numLabels)],
  initializerRange: (c) => c.initializerRange,
  padTokenId: (c) => c.padTokenId,
  forward(c, w, batch, training, seed) {
    const dropout = makeDropout(training, seed);
    const positions = robertaPositionIds(batch.inputIds, c.padTokenId);
    return robertaHead(bertEncode(c, w, batch, dropout, 'roberta', positions), w, c.classifierDropout, dropout);
  },
};
