/**
 * glove-cnn leaks no tensors: the trainer's loop with the CNN family's preset (dropout, backward, Adam on
 * every group, best epoch kept, test scored), resuming from a checkpoint, and re-importing the trained
 * weights as a folder would (every tensor loaded, none initialised). A tiny CNN (40 words × 6 dimensions,
 * filters 2/3/4 × 5 maps) on the trainer tests' synthetic data, so each loop takes a second on cpu.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeBatch, disposeBatch } from '../../src/core/model/batching';
import { loadSequenceClassifier } from '../../src/core/model/load';
import { writeSafetensors } from '../../src/core/model/safetensors';
import { createRng } from '../../src/core/rng';
import { presetHyperparametersFor } from '../../src/core/spec/presets';
import { createMemoryCheckpointStore } from '../../src/core/train/checkpoint';
import { createTrainerControl } from '../../src/core/train/control';
import type { TrainerEvent } from '../../src/core/train/events';
import { runTraining, type TrainOptions } from '../../src/core/train/trainer';
import { readWeights } from '../../src/core/train/weightsIO';
import { syntheticData, tinySpec } from './train-helpers';

const CONFIG = { model_type: 'glove-cnn', vocab_size: 40, embedding_size: 6, filter_sizes: [2, 3, 4], num_filters: 5, initializer_range: 0.5 };
const rng = createRng(9);
const VECTORS = writeSafetensors({
  'embeddings.word_embeddings.weight': { dtype: 'F32', shape: [40, 6], data: Float32Array.from({ length: 240 }, (_, i) => (i < 6 ? 0 : rng.next() - 0.5)) },
});
const { data, encoded } = syntheticData(60);

function cnn(seed: number, weights: Uint8Array = VECTORS, config: Record<string, unknown> = CONFIG) {
  return loadSequenceClassifier({ config, weights, seed, labels: ['neg', 'pos'], task: 'single_label_classification' });
}

/** The CNN family's Standard preset, shortened to the tiny data. */
const spec = (patch = {}) => tinySpec({ ...presetHyperparametersFor('glove-cnn', 'standard'), epochs: 3, batchSize: 8, maxSequenceLength: 16, learningRate: 1e-2, ...patch });

function options(over: Partial<TrainOptions> & Pick<TrainOptions, 'spec' | 'model'>): TrainOptions & { events: TrainerEvent[] } {
  const events: TrainerEvent[] = [];
  return {
    jobId: 'job', data, encoded, store: null, control: createTrainerControl(), emit: (e) => events.push(e),
    backend: { name: 'cpu', reason: 'test' }, throttleMs: 0, events, ...over,
  };
}

describe('glove-cnn leaks no tensors', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('loading, the training loop with its preset (dropout, backward, Adam, best epoch, test) and disposing', async () => {
    const before = tf.memory().numTensors;
    const { model, report } = cnn(1);
    expect(report.loaded).toEqual(['embeddings.word_embeddings.weight']);
    expect(tf.memory().numTensors - before).toBe(model.weights.size);
    const o = options({ spec: spec(), model });
    const done = await runTraining(o);
    expect(done.reason).toBe('completed');
    // It learnt (the premise of "the loop ran"): validation loss fell over the three epochs.
    const losses = o.events.flatMap((e) => (e.type === 'evaluation' && e.split === 'validation' ? [e.metrics.loss] : []));
    expect(losses).toHaveLength(3);
    expect(losses[2]).toBeLessThan(losses[0]);
    expect(tf.memory().numTensors - before).toBe(model.weights.size);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('resuming from a checkpoint, and re-importing the trained weights with their head (same logits)', async () => {
    const store = createMemoryCheckpointStore();
    const first = cnn(1).model;
    await runTraining(options({ spec: spec({ epochs: 1, checkpoints: { strategy: 'steps', everySteps: 2, keepLast: 5 } }), model: first, store }));
    const [early] = await store.list('job');
    const record = (await store.load(early.id))!;

    const before = tf.memory().numTensors;
    const second = cnn(99).model; // different init: everything comes from the checkpoint
    expect((await runTraining(options({ spec: spec({ epochs: 1 }), model: second, store, resumeFrom: record }))).reason).toBe('completed');
    second.dispose();
    expect(tf.memory().numTensors).toBe(before);

    const trained = await readWeights(first.weights);
    const folderWeights = writeSafetensors(Object.fromEntries(Object.entries(trained).map(([n, t]) => [n, { dtype: 'F32' as const, ...t }])));
    const batch = makeBatch(encoded.slice(0, 6), 16);
    const want = tf.tidy(() => first.forward(batch, false));
    const inBefore = tf.memory().numTensors;
    // An exported folder's config names the labels its head was trained for (else the head starts afresh).
    const { model: imported, report } = cnn(5, folderWeights, { ...CONFIG, id2label: { 0: 'neg', 1: 'pos' } });
    expect(report.initialised).toEqual([]);
    const got = tf.tidy(() => imported.forward(batch, false));
    expect(Array.from(await got.data())).toEqual(Array.from(await want.data()));
    got.dispose();
    imported.dispose();
    expect(tf.memory().numTensors).toBe(inBefore);
    want.dispose();
    disposeBatch(batch);
    first.dispose();
  });
});
