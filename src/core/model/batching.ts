/**
 * Dynamic padding: a batch is padded to its longest sequence rounded up to a bucket length, not to the
 * model maximum. Buckets keep the number of distinct shapes small, which matters on WebGPU (every new
 * shape compiles new pipelines) and costs little elsewhere.
 */
import * as tf from '@tensorflow/tfjs';
import type { EncoderBatch } from './types';

export const DEFAULT_BUCKETS: readonly number[] = [16, 32, 64, 128, 256, 512];

/** One tokenized example: token ids and optional segment ids (1 for the second text of a pair). */
export interface EncodedExample {
  ids: Int32Array;
  typeIds?: Int32Array;
}

export interface BatchOptions {
  /** Token id written in padding positions (the model's pad_token_id; 0 for BERT). */
  padId?: number;
  /** Allowed padded lengths, ascending; the last bucket that is ≥ the longest sequence is used (capped at maxLen). */
  buckets?: readonly number[];
}

/** The padded length for a batch whose longest sequence is `longest`. */
export function bucketLength(longest: number, maxLen: number, buckets: readonly number[] = DEFAULT_BUCKETS): number {
  const need = Math.min(Math.max(longest, 1), maxLen);
  const bucket = buckets.find((b) => b >= need);
  return Math.min(bucket ?? maxLen, maxLen);
}

/**
 * Builds input_ids / attention_mask / token_type_ids tensors [batch, len] from typed arrays. Sequences
 * longer than `maxLen` are cut (the tokenizer should already have truncated them, keeping [SEP]).
 * token_type_ids is present only when some example has typeIds.
 */
export function makeBatch(encoded: readonly EncodedExample[], maxLen: number, opts: BatchOptions = {}): EncoderBatch {
  if (encoded.length === 0) throw new Error('makeBatch: empty batch');
  const padId = opts.padId ?? 0;
  const longest = encoded.reduce((m, e) => Math.max(m, e.ids.length), 0);
  const len = bucketLength(longest, maxLen, opts.buckets);
  const n = encoded.length;
  const ids = new Int32Array(n * len).fill(padId);
  const mask = new Int32Array(n * len);
  const withTypes = encoded.some((e) => e.typeIds !== undefined);
  const types = withTypes ? new Int32Array(n * len) : undefined;
  const lengths = encoded.map((e) => Math.min(e.ids.length, len));
  encoded.forEach((e, row) => {
    const k = lengths[row];
    ids.set(e.ids.subarray(0, k), row * len);
    mask.fill(1, row * len, row * len + k);
    if (types && e.typeIds) {
      if (e.typeIds.length !== e.ids.length) {
        throw new Error(`makeBatch: example ${row} has ${e.ids.length} ids but ${e.typeIds.length} type ids`);
      }
      types.set(e.typeIds.subarray(0, k), row * len);
    }
  });
  return {
    inputIds: tf.tensor2d(ids, [n, len], 'int32'),
    attentionMask: tf.tensor2d(mask, [n, len], 'int32'),
    ...(types ? { tokenTypeIds: tf.tensor2d(types, [n, len], 'int32') } : {}),
    lengths,
  };
}

/** Frees a batch's tensors. */
export function disposeBatch(batch: EncoderBatch): void {
  batch.inputIds.dispose();
  batch.attentionMask.dispose();
  batch.tokenTypeIds?.dispose();
}
