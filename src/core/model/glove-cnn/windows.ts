/**
 * Where glove-cnn's windows come from. A window is kmax consecutive token positions of one text; filter
 * width k reads its first k. A window counts for width k if it starts at t < max(n − k + 1, 1) in a text of
 * n tokens: it fits inside the text, except that a text shorter than the filter gets one window, the text
 * followed by zero vectors — as if each text were zero-padded to the filter's width on its own.
 *
 * Two layouts, the same numbers:
 * - packed (the batch has `lengths`, as makeBatch gives): only the Σ n real positions of the batch are
 *   rows, so the padding costs nothing in the expensive part (SMS batches padded to 128 tokens are ~75 %
 *   padding); the per-text maximum then reads them back into a [batch, longest] grid. Indices are built in
 *   JavaScript from the lengths: no tensor is read back.
 * - padded (a batch without lengths): every [batch, seq] position is a row and the mask decides.
 */
import * as tf from '@tensorflow/tfjs';
import type { EncoderBatch } from '../types';

/** Added to windows that do not count before the max: far below any pre-activation, finite (no NaN). */
export const INVALID_WINDOW = -1e4;

export interface Windows {
  /** Token ids of each row's window, [rows, kmax]. */
  ids: tf.Tensor2D;
  /** 1 on real tokens, 0 past the text's end, [rows, kmax, 1]. */
  mask: tf.Tensor3D;
  /** Rows → [batch, time, features] grid for the max: gathers row features (index `rows` = a zero row). */
  toGrid: (rowFeatures: tf.Tensor2D) => tf.Tensor3D;
  /** Additive [batch, widths, 1, time] mask: 0 where a window counts for that width, INVALID_WINDOW elsewhere. */
  validity: tf.Tensor4D;
}

/** 0 / INVALID_WINDOW for time t of a text of n tokens and width k. */
const counts = (t: number, n: number, k: number) => (t < Math.max(n - k + 1, 1) ? 0 : INVALID_WINDOW);

export function packedWindows(batch: EncoderBatch, lengths: readonly number[], filterSizes: number[]): Windows {
  const [b, s] = batch.inputIds.shape;
  const kmax = filterSizes[filterSizes.length - 1];
  const rows = lengths.reduce((a, n) => a + n, 0);
  const longest = Math.max(1, ...lengths);
  const positions = new Int32Array(rows * kmax); // indices into the flattened [b·s] ids
  const mask = new Float32Array(rows * kmax);
  const grid = new Int32Array(b * longest).fill(rows);
  const validity = new Float32Array(b * filterSizes.length * longest);
  let r = 0;
  lengths.forEach((n, i) => {
    for (let t = 0; t < n; t++, r++) {
      grid[i * longest + t] = r;
      for (let j = 0; j < kmax; j++) {
        const inside = t + j < n;
        positions[r * kmax + j] = i * s + (inside ? t + j : 0);
        mask[r * kmax + j] = inside ? 1 : 0;
      }
    }
    filterSizes.forEach((k, w) => {
      for (let t = 0; t < longest; t++) validity[(i * filterSizes.length + w) * longest + t] = counts(t, n, k);
    });
  });
  const gridIndex = tf.tensor1d(grid, 'int32');
  return {
    ids: tf.gather(batch.inputIds.reshape([b * s]), tf.tensor2d(positions, [rows, kmax], 'int32')) as tf.Tensor2D,
    mask: tf.tensor3d(mask, [rows, kmax, 1]),
    toGrid: (x) => tf.gather(tf.concat([x, tf.zeros([1, x.shape[1]])], 0), gridIndex).reshape([b, longest, x.shape[1]]),
    validity: tf.tensor4d(validity, [b, filterSizes.length, 1, longest]),
  };
}

export function paddedWindows(batch: EncoderBatch, filterSizes: number[]): Windows {
  const [b, s] = batch.inputIds.shape;
  const kmax = filterSizes[filterSizes.length - 1];
  const offsets = tf.range(0, s, 1, 'int32').reshape([s, 1]).add(tf.range(0, kmax, 1, 'int32').reshape([1, kmax])); // [s, kmax]
  const unfold = (x: tf.Tensor2D) => tf.gather(kmax > 1 ? x.pad([[0, 0], [0, kmax - 1]]) : x, offsets, 1).reshape([b * s, kmax]);
  const n = batch.attentionMask.toFloat().sum(1).reshape([b, 1]);
  const t = tf.range(0, s, 1, 'float32').reshape([1, s]);
  const perWidth = filterSizes.map((k) => tf.less(t, n.sub(k - 1).maximum(1)).toFloat());
  return {
    ids: unfold(batch.inputIds) as tf.Tensor2D,
    mask: unfold(batch.attentionMask).toFloat().reshape([b * s, kmax, 1]),
    toGrid: (x) => x.reshape([b, s, x.shape[1]]),
    validity: tf.stack(perWidth, 1).sub(1).mul(-INVALID_WINDOW).reshape([b, filterSizes.length, 1, s]),
  };
}
