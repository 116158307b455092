import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { glovePool } from '../../src/core/model/glove';
import { normaliseGloveConfig } from '../../src/core/model/glove/config';
import { loadSequenceClassifier } from '../../src/core/model/load';
import { setupBackend } from '../../src/core/model/backends';
import { writeSafetensors } from '../../src/core/model/safetensors';

// A tiny glove-pool model (vocab 6, 3-d vectors) whose pooled vectors are easy to compute by hand.
const vectors = new Float32Array([
  0, 0, 0, //    0 [PAD]
  1, 2, 3, //    1
  -1, 0, 5, //   2
  4, -2, 1, //   3
  0.5, 0.5, 0.5, // 4
  -3, 7, -1, //  5
]);
const config = { model_type: 'glove-pool', vocab_size: 6, embedding_size: 3, hidden_size: 4, pooling: 'mean-max', initializer_range: 0.5 };
const weights = writeSafetensors({ 'embeddings.word_embeddings.weight': { dtype: 'F32', shape: [6, 3], data: vectors } });

function batch() {
  return {
    inputIds: tf.tensor2d([[1, 2, 3, 0], [5, 4, 0, 0]], undefined, 'int32'),
    attentionMask: tf.tensor2d([[1, 1, 1, 0], [1, 1, 0, 0]], undefined, 'int32'),
  };
}

describe('glove-pool numerics', () => {
  it('masked mean and max ignore padding', async () => {
    await setupBackend('cpu');
    const { model } = loadSequenceClassifier({ config, weights, numLabels: 2 });
    const b = batch();
    const pooled = tf.tidy(() => glovePool(normaliseGloveConfig(config), model.weights, b));
    const got = Array.from(await pooled.data());
    // row 0: tokens 1,2,3 → mean (4/3, 0, 3), max (4, 2, 5); row 1: tokens 5,4 → mean (-1.25, 3.75, -0.25), max (0.5, 7, 0.5)
    const want = [4 / 3, 0, 3, 4, 2, 5, -1.25, 3.75, -0.25, 0.5, 7, 0.5];
    got.forEach((v, i) => expect(v).toBeCloseTo(want[i], 6));
    tf.dispose([pooled, b.inputIds, b.attentionMask]);
    model.dispose();
  });

  it('gives the same loss and gradients on wasm as on cpu (gather gradient included)', async () => {
    const run = async (backend: 'cpu' | 'wasm') => {
      await setupBackend(backend);
      const before = tf.memory().numTensors;
      const { model } = loadSequenceClassifier({ config, weights, numLabels: 2, seed: 7 });
      const b = batch();
      const y = tf.tensor1d([0, 1], 'int32');
      const { value, grads } = tf.variableGrads(() => model.loss(model.forward(b, false), y));
      const emb = grads[model.weights.get('embeddings.word_embeddings.weight')!.name];
      const out = { loss: (await value.data())[0], emb: Array.from(await emb.data()) };
      tf.dispose([value, ...Object.values(grads), b.inputIds, b.attentionMask, y]);
      model.dispose();
      expect(tf.memory().numTensors).toBe(before);
      return out;
    };
    const cpu = await run('cpu');
    const wasm = await run('wasm');
    expect(cpu.loss).toBeGreaterThan(0);
    expect(wasm.loss).toBeCloseTo(cpu.loss, 5);
    wasm.emb.forEach((v, i) => expect(v).toBeCloseTo(cpu.emb[i], 5));
    expect(cpu.emb.slice(0, 3)).toEqual([0, 0, 0]); // [PAD] never gets a gradient
    expect(cpu.emb.slice(3).some((v) => Math.abs(v) > 1e-4)).toBe(true);
  });
});
