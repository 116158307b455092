import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { loadSequenceClassifier } from '../../src/core/model/load';
import { makeBatch } from '../../src/core/model/batching';
import { setupBackend } from '../../src/core/model/backends';

const cfg = { model_type: 'bert', vocab_size: 50, hidden_size: 8, num_hidden_layers: 1, num_attention_heads: 2, intermediate_size: 16, max_position_embeddings: 32, type_vocab_size: 2 };

describe('engine smoke', () => {
  for (const backend of ['cpu', 'wasm'] as const) {
    it(`trains on ${backend}`, async () => {
      await setupBackend(backend);
      const { model } = loadSequenceClassifier({ config: cfg, seed: 1 });
      const batch = makeBatch([{ ids: Int32Array.from([2, 5, 7, 3]) }, { ids: Int32Array.from([2, 9, 3]) }], 32);
      const labels = tf.tensor1d([0, 1], 'int32');
      const { value, grads } = tf.variableGrads(() => model.loss(model.forward(batch, true, 3), labels));
      const l = await value.data();
      expect(Number.isFinite(l[0])).toBe(true);
      expect(Object.keys(grads).length).toBe(model.weights.size);
      tf.dispose([value, ...Object.values(grads)]);
      model.dispose();
    });
  }
});
