import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSequenceClassifier } from '../../src/core/model/load';
import type { TrainerEvent } from '../../src/core/train/events';
import { createTrainerControl } from '../../src/core/train/control';
import { runTraining } from '../../src/core/train/trainer';
import { readWeights } from '../../src/core/train/weightsIO';
import { syntheticData, TINY_CONFIG, tinyModel, tinySpec } from './train-helpers';

const BACKEND = { name: 'cpu', reason: 'test' };

describe('training loop: tasks, evaluation every N steps, pause/resume, oversampling', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('regression: learns a target and reports MSE/MAE/R²', async () => {
    const { data, encoded } = syntheticData(60);
    // target = number of tokens / 10: learnable from the [CLS] view of the sequence
    const reg = { ...data, labelKind: 'regression' as const, labelNames: [], labels: Float32Array.from(encoded, (e) => e.ids.length / 10) };
    const { model } = loadSequenceClassifier({ config: TINY_CONFIG, seed: 1, numLabels: 1, task: 'regression' });
    const spec = tinySpec({ epochs: 6, earlyStopping: { enabled: false, metric: 'mse', patience: 2, minDelta: 0 } });
    spec.task = { kind: 'regression', labelNames: [] };
    const events: TrainerEvent[] = [];
    const done = await runTraining({
      jobId: 'r', spec, data: reg, model, encoded, store: null, control: createTrainerControl(),
      emit: (e) => events.push(e), backend: BACKEND, throttleMs: 0,
    });
    const evals = events.flatMap((e) => (e.type === 'evaluation' && e.split === 'validation' && e.metrics.kind === 'regression' ? [e.metrics] : []));
    expect(evals).toHaveLength(6);
    expect(evals.at(-1)!.mse).toBeLessThan(evals[0].mse);
    expect(evals.at(-1)!.loss).toBeCloseTo(evals.at(-1)!.mse, 5);
    expect(done.bestMetric?.name).toBe('mse');
    expect(done.testMetrics?.kind).toBe('regression');
    model.dispose();
  });

  it('multi-label: trains with BCE and reports micro/macro F1 per label', async () => {
    const { data, encoded } = syntheticData(40);
    // label a = has token 7; label b = longer than 8 tokens
    const labels = new Float32Array(80);
    encoded.forEach((e, i) => { labels[2 * i] = e.ids.includes(7) ? 1 : 0; labels[2 * i + 1] = e.ids.length > 8 ? 1 : 0; });
    const multi = { ...data, labelKind: 'multi' as const, labelNames: ['a', 'b'], labels };
    const { model } = loadSequenceClassifier({ config: TINY_CONFIG, seed: 1, labels: ['a', 'b'], task: 'multi_label_classification' });
    const spec = tinySpec({ epochs: 1, evaluation: { strategy: 'steps', everySteps: 2 }, earlyStopping: { enabled: false, metric: 'micro_f1', patience: 2, minDelta: 0 } });
    spec.task = { kind: 'multi_label_classification', labelNames: ['a', 'b'] };
    const events: TrainerEvent[] = [];
    await runTraining({
      jobId: 'm', spec, data: multi, model, encoded, store: null, control: createTrainerControl(),
      emit: (e) => events.push(e), backend: BACKEND, throttleMs: 0,
    });
    // 40 rows: 8 validation, 5 test → 27 train → 4 steps; evaluation every 2 steps → at steps 2 and 4
    const evals = events.flatMap((e) => (e.type === 'evaluation' && e.split === 'validation' ? [e] : []));
    expect(evals.map((e) => e.step)).toEqual([2, 4]);
    const m = evals[0].metrics;
    expect(m.kind).toBe('multi');
    if (m.kind === 'multi') expect(m.perClass.map((c) => c.label)).toEqual(['a', 'b']);
    model.dispose();
  });

  it('pause waits between steps, resume continues in place, oversampling balances the train split', async () => {
    const { data, encoded } = syntheticData(60);
    for (let i = 0; i < 60; i++) if (data.split[i] === 0 && i % 3 === 0) data.labels[i] = 1; // skew classes
    const model = tinyModel();
    const control = createTrainerControl();
    const events: TrainerEvent[] = [];
    const spec = tinySpec({ epochs: 1, oversampling: true });
    const run = runTraining({
      jobId: 'p', spec, data, model, encoded, store: null, control, backend: BACKEND, throttleMs: 0,
      emit: (e) => {
        events.push(e);
        if (e.type === 'step' && e.step === 2) control.pause();
        if (e.type === 'paused') setTimeout(() => control.resume(), 50);
      },
    });
    const done = await run;
    const types = events.map((e) => e.type);
    expect(types.indexOf('paused')).toBeGreaterThan(-1);
    expect(types[types.indexOf('paused') + 1]).toBe('resumed');
    expect(done.reason).toBe('completed');
    const train = Array.from(data.split).flatMap((s, i) => (s === 0 ? [data.labels[i]] : []));
    const majority = Math.max(train.filter((l) => l === 0).length, train.filter((l) => l === 1).length);
    expect(events.find((e) => e.type === 'started')).toMatchObject({ trainExamples: 2 * majority });
    model.dispose();
  });

  it('gradual unfreezing opens one layer from the top per epoch', async () => {
    const { data, encoded } = syntheticData(30);
    // No validation split, so no "best" weights are restored at the end and the last weights are checked.
    data.split = data.split.map((c) => (c === 1 ? 0 : c));
    const model = tinyModel();
    const before = await readWeights(model.weights);
    const events: TrainerEvent[] = [];
    await runTraining({
      jobId: 'g', spec: tinySpec({ epochs: 2, gradualUnfreezing: true }), data, model, encoded, store: null,
      control: createTrainerControl(), emit: (e) => events.push(e), backend: BACKEND, throttleMs: 0,
    });
    expect(events.flatMap((e) => (e.type === 'unfrozen' ? [[e.epoch, e.trainableGroups]] : []))).toEqual([
      [0, ['pooler', 'head']],
      [1, ['layer.1', 'pooler', 'head']],
    ]);
    const after = await readWeights(model.weights);
    const changed = (n: string) => before[n].data.some((x, i) => x !== after[n].data[i]);
    expect(changed('bert.encoder.layer.1.attention.self.query.weight')).toBe(true);
    expect(changed('bert.encoder.layer.0.attention.self.query.weight')).toBe(false);
    expect(changed('bert.embeddings.word_embeddings.weight')).toBe(false);
    model.dispose();
  });
});
