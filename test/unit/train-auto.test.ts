/**
 * The trainer's part of Auto: a model that predicts one class for every validation row is announced with
 * a warning event, and a binary job with decisionThreshold 'tuned' scores its test split with the
 * threshold tuned on validation (and reports it in the done event).
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { tuneThreshold } from '../../src/core/predict/thresholds';
import { createTrainerControl } from '../../src/core/train/control';
import { predictLogits, softmaxRows } from '../../src/core/train/evaluate';
import type { TrainerEvent } from '../../src/core/train/events';
import { singleLabelMetrics } from '../../src/core/train/metrics';
import { runTraining } from '../../src/core/train/trainer';
import { syntheticData, tinyModel, tinySpec } from './train-helpers';

const BACKEND = { name: 'cpu', reason: 'test' };

describe('trainer: one-class warning and tuned threshold', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('warns, on every evaluation, when every validation row gets the same class; leaks no tensors', async () => {
    const model = tinyModel();
    // A head that always says "neg": zero weights, a large bias; a learning rate too small to move it.
    model.weights.get('classifier.weight')!.assign(tf.zerosLike(model.weights.get('classifier.weight')!));
    model.weights.get('classifier.bias')!.assign(tf.tensor1d([5, -5]));
    const { data, encoded } = syntheticData(60);
    const events: TrainerEvent[] = [];
    const before = tf.memory().numTensors;
    await runTraining({
      jobId: 'one-class', data, encoded, store: null, control: createTrainerControl(), emit: (e) => events.push(e),
      backend: BACKEND, throttleMs: 0, spec: tinySpec({ epochs: 2, learningRate: 1e-9 }), model,
    });
    expect(tf.memory().numTensors).toBe(before);
    const warnings = events.filter((e) => e.type === 'warning');
    expect(warnings.map((w) => [w.code, w.split, w.step])).toEqual([['one-class', 'validation', 6], ['one-class', 'validation', 12]]);
    expect(warnings[0].message).toContain('The model predicts "neg" for every one of the 12 validation rows');
    model.dispose();
  });

  it('tuned: the done event carries the validation-tuned threshold, and test metrics are computed with it', async () => {
    const model = tinyModel(4);
    const { data, encoded } = syntheticData(80);
    const events: TrainerEvent[] = [];
    const spec = tinySpec({ epochs: 2, learningRate: 3e-3, decisionThreshold: 'tuned' });
    const done = await runTraining({
      jobId: 'tuned', data, encoded, store: null, control: createTrainerControl(), emit: (e) => events.push(e),
      backend: BACKEND, throttleMs: 0, spec, model,
    });
    expect(done.thresholds?.metric).toBe('macro_f1');
    const t = done.thresholds!.values.pos;
    // Recompute both from the final weights, independently of the trainer's own code path.
    const rows = (code: number) => Int32Array.from(Array.from(data.split).flatMap((c, i) => (c === code ? [i] : [])));
    const probsOf = async (r: Int32Array) => softmaxRows(await predictLogits(model, encoded, r, { batchSize: 16, maxLength: 16 }), 2);
    const val = rows(1);
    const valProbs = await probsOf(val);
    const tuned = tuneThreshold(Float64Array.from(val, (_, i) => valProbs[i * 2 + 1]), Float64Array.from(val, (r) => data.labels[r]), 'macro_f1');
    expect(t).toBeCloseTo(tuned.threshold, 6);
    const test = rows(2);
    const testProbs = await probsOf(test);
    const want = singleLabelMetrics(Int32Array.from(test, (r) => data.labels[r]), Int32Array.from(test, (_, i) => (testProbs[i * 2 + 1] >= t ? 1 : 0)), ['neg', 'pos'], 0);
    expect(done.testMetrics?.kind === 'single' && done.testMetrics.confusion).toEqual(want.confusion);
    expect(events.at(-1)).toBe(done);
    model.dispose();
  });
});
