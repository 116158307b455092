import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createMemoryCheckpointStore } from '../../src/core/train/checkpoint';
import type { EvaluationEvent, TrainerEvent } from '../../src/core/train/events';
import { createTrainerControl } from '../../src/core/train/control';
import { createInThreadRunner } from '../../src/core/train/inThreadRunner';
import { runTraining, type TrainOptions } from '../../src/core/train/trainer';
import { readWeights } from '../../src/core/train/weightsIO';
import { syntheticData, tinyModel, tinySpec } from './train-helpers';

const BACKEND = { name: 'cpu', reason: 'test' };

function options(over: Partial<TrainOptions> & Pick<TrainOptions, 'spec' | 'model'>): TrainOptions & { events: TrainerEvent[] } {
  const { data, encoded } = syntheticData(60);
  const events: TrainerEvent[] = [];
  return {
    jobId: 'job', data, encoded, store: null, control: createTrainerControl(), emit: (e) => events.push(e),
    backend: BACKEND, throttleMs: 0, events, ...over,
  };
}

function maxDiff(a: Record<string, { data: Float32Array }>, b: Record<string, { data: Float32Array }>): number {
  let m = 0;
  for (const n of Object.keys(a)) for (let i = 0; i < a[n].data.length; i++) m = Math.max(m, Math.abs(a[n].data[i] - b[n].data[i]));
  return m;
}

describe('training loop', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('runs epochs with accumulation, schedule, evaluation and smoothing, and leaks no tensors', async () => {
    const model = tinyModel();
    const before = tf.memory().numTensors;
    const o = options({ spec: tinySpec({ epochs: 4, gradientAccumulationSteps: 2, batchSize: 4 }), model });
    const done = await runTraining(o);
    expect(tf.memory().numTensors).toBe(before);
    expect(done.reason).toBe('completed');
    const started = o.events.find((e) => e.type === 'started');
    // 60 rows: 12 validation (i%5==4), test rows i%7==6 not already validation: 7 → 41 train; ceil(41/4)=11 batches → 6 steps/epoch.
    expect(started).toMatchObject({ stepsPerEpoch: 6, totalSteps: 24, trainExamples: 41 });
    const steps = o.events.filter((e) => e.type === 'step');
    expect(steps.map((s) => s.step)).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
    // Warmup 10 % of 24 → 3 steps: lr 0, 1/3, 2/3 of the peak, then linear decay.
    expect(steps[0].learningRates.head).toBe(0);
    expect(steps[1].learningRates.head).toBeCloseTo(1e-2 / 3, 12);
    expect(steps[5].learningRates['layer.0']).toBeCloseTo(1e-2 * (24 - 5) / 21, 12);
    const evals = o.events.filter((e) => e.type === 'evaluation');
    expect(evals.filter((e) => e.split === 'validation')).toHaveLength(4);
    expect(evals.at(-1)).toMatchObject({ split: 'test' });
    expect(done.testMetrics?.kind).toBe('single');
    expect(done.testMetrics?.count).toBe(7);
    // The smoothed loss is the bias-corrected EMA (0.98) of the step losses.
    let ema = 0;
    steps.forEach((s, i) => {
      ema = 0.98 * ema + 0.02 * s.loss;
      expect(s.smoothedLoss).toBeCloseTo(ema / (1 - 0.98 ** (i + 1)), 10);
    });
    expect(steps.at(-1)!.etaSeconds).toBe(0);
    model.dispose();
  });

  it('resumes from a pause checkpoint to the same weights as an uninterrupted run (within 1e-6)', async () => {
    const spec = tinySpec({ epochs: 2, checkpoints: { strategy: 'steps', everySteps: 1000, keepLast: 5 } });
    const straight = tinyModel();
    await runTraining(options({ spec, model: straight }));
    const want = await readWeights(straight.weights);

    const store = createMemoryCheckpointStore();
    const first = tinyModel();
    const control = createTrainerControl();
    // Pause in the middle of epoch 1 (6 steps per epoch with batch 8: pause after step 3), then cancel.
    const o1 = options({
      spec, model: first, store, control,
      emit: (e) => {
        if (e.type === 'step' && e.step === 3) control.pause();
        if (e.type === 'paused') control.cancel();
      },
    });
    const d1 = await runTraining(o1);
    expect(d1.reason).toBe('cancelled');
    expect(d1.step).toBe(3);
    const saved = (await store.list('job')).map((s) => s.step);
    expect(saved).toEqual([3]);
    const record = await store.load('job/step-3');
    expect(record!.state).toMatchObject({ globalStep: 3, epoch: 0, batchInEpoch: 3 });
    expect(Object.keys(record!.optimizer.moments).length).toBe(first.weights.size);

    const second = tinyModel(99); // different init: everything must come from the checkpoint
    const d2 = await runTraining(options({ spec, model: second, store, resumeFrom: record! }));
    expect(d2.reason).toBe('completed');
    expect(d2.step).toBe(12);
    const got = await readWeights(second.weights);
    expect(maxDiff(got, want)).toBeLessThan(1e-6);
    // A different seed really gives different weights, so the comparison above can fail.
    const other = tinyModel();
    await runTraining(options({ spec: tinySpec({ epochs: 2, seed: 7 }), model: other }));
    expect(maxDiff(await readWeights(other.weights), want)).toBeGreaterThan(1e-4);
    [straight, first, second, other].forEach((m) => m.dispose());
  });

  it('resuming from a checkpoint leaks no tensors, through the runner that loads it from the store too', async () => {
    const spec = tinySpec({ epochs: 1, checkpoints: { strategy: 'steps', everySteps: 2, keepLast: 5 } });
    const store = createMemoryCheckpointStore();
    const first = tinyModel();
    await runTraining(options({ spec, model: first, store }));
    first.dispose();
    const [early] = await store.list('job');
    const record = (await store.load(early.id))!;
    expect(early.step).toBe(2);

    const before = tf.memory().numTensors;
    const second = tinyModel(99);
    const done = await runTraining(options({ spec, model: second, store, resumeFrom: record }));
    expect(done.reason).toBe('completed');
    second.dispose();
    expect(tf.memory().numTensors).toBe(before);

    const { data, encoded } = syntheticData(60);
    const runner = createInThreadRunner({ store, backend: BACKEND, throttleMs: 0 });
    const third = tinyModel(5);
    const tokenizer = { encodeBatch: () => encoded.map((e) => ({ ...e, typeIds: new Int32Array(e.ids.length) })) };
    await runner.start({ jobId: 'job', spec, data, model: { model: third, tokenizer }, resumeFrom: early.id });
    third.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('frees the optimizer when the loop throws (a checkpoint that cannot be written)', async () => {
    const before = tf.memory().numTensors;
    const model = tinyModel();
    const store = createMemoryCheckpointStore();
    store.save = async () => { throw new Error('Browser storage is full'); };
    const spec = tinySpec({ checkpoints: { strategy: 'steps', everySteps: 2, keepLast: 1 } });
    await expect(runTraining(options({ spec, model, store }))).rejects.toThrow('Browser storage is full');
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('stops early when the metric stops improving and loads the best checkpoint', async () => {
    const store = createMemoryCheckpointStore();
    const model = tinyModel();
    // lr 1e-12 (a spec's lr must be > 0), constant, no warmup: the weights barely move, so the validation
    // accuracy stays where the first evaluation put it and never improves by min delta 0.01.
    const spec = tinySpec({
      epochs: 10, learningRate: 1e-12, schedule: 'constant', warmup: { mode: 'steps', value: 0 },
      earlyStopping: { enabled: true, metric: 'accuracy', patience: 2, minDelta: 0.01 },
      checkpoints: { strategy: 'epoch', everySteps: 1, keepLast: 1 },
    });
    const o = options({ spec, model, store });
    const done = await runTraining(o);
    expect(done.reason).toBe('early-stopped');
    const validations = o.events.filter((e): e is EvaluationEvent => e.type === 'evaluation' && e.split === 'validation');
    expect(validations).toHaveLength(3);
    // The premise: the same accuracy at every evaluation (the loss moves by less than fp32 noise).
    expect(new Set(validations.map((e) => (e.metrics as { accuracy: number }).accuracy)).size).toBe(1);
    expect(done.bestStep).toBe(6);
    expect(done.bestCheckpointId).toBe('job/step-6');
    // keep last 1 + best: steps 6 (best) and 18 (last)
    expect((await store.list('job')).map((s) => s.step)).toEqual([6, 18]);
    model.dispose();
  });

  it('stops on a NaN loss with a message and keeps the weights as they were', async () => {
    const model = tinyModel();
    // A NaN bias in the head makes the very first loss NaN.
    model.weights.get('classifier.bias')!.assign(tf.tensor1d([Number.NaN, 0]));
    const before = await readWeights(model.weights);
    const o = options({ spec: tinySpec(), model });
    const done = await runTraining(o);
    expect(done.reason).toBe('diverged');
    expect(done.message).toMatch(/loss became NaN at step 1 \(epoch 1\)/);
    expect(done.step).toBe(0);
    expect(o.events.some((e) => e.type === 'step')).toBe(false);
    const after = await readWeights(model.weights);
    expect(Array.from(after['bert.embeddings.word_embeddings.weight'].data)).toEqual(Array.from(before['bert.embeddings.word_embeddings.weight'].data));
    model.dispose();
  });

  it('trains only the head when head-only is set (encoder weights unchanged)', async () => {
    const model = tinyModel();
    const before = await readWeights(model.weights);
    const o = options({ spec: tinySpec({ epochs: 1, freeze: { embeddings: false, firstLayers: 0, headOnly: true } }), model });
    await runTraining(o);
    const after = await readWeights(model.weights);
    const changed = (n: string) => before[n].data.some((x, i) => x !== after[n].data[i]);
    expect(changed('classifier.weight')).toBe(true);
    expect(changed('bert.pooler.dense.weight')).toBe(true);
    expect(changed('bert.encoder.layer.1.output.dense.weight')).toBe(false);
    expect(changed('bert.embeddings.word_embeddings.weight')).toBe(false);
    const step = o.events.find((e) => e.type === 'step');
    expect(Object.keys(step!.learningRates).sort()).toEqual(['head', 'pooler']);
    model.dispose();
  });
});
