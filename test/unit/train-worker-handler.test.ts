// The training worker's handler without a Worker: real messages in, real trainer (tiny BERT on the cpu
// backend, an in-memory checkpoint store), every reply recorded — events forwarded in order, one job at a
// time, controls reaching the run, resume from the newest checkpoint, failures answered as one ErrorReply,
// and a lost device moving the job to the next backend from its last checkpoint.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createMemoryCheckpointStore } from '../../src/core/train/checkpoint';
import type { DoneEvent, TrainerEvent } from '../../src/core/train/events';
import { SPLIT_CODE } from '../../src/core/data/types';
import { createStudy } from '../../src/core/search/study';
import { evaluateRows } from '../../src/core/train/evaluate';
import { splitRows } from '../../src/core/train/data';
import { writeWeights } from '../../src/core/train/weightsIO';
import type { BackendChoice } from '../../src/worker/backendChoice';
import { createTrainHandler, type TrainWorkerEnv } from '../../src/worker/trainHandler';
import type { StartPayload, WorkerToMain } from '../../src/worker/trainProtocol';
import { syntheticData, tinyModel, tinySpec } from './train-helpers';

const { data, encoded } = syntheticData(40);
/** Texts are "row <i>": their tokens are the synthetic rows'. */
const tokenizer = {
  encodeBatch: (texts: string[]) => texts.map((t) => encoded[Number(t.split(' ')[1])]).map((e) => ({ ...e, typeIds: new Int32Array(e.ids.length) })),
};

/** A handler over a test environment; `onEvent` sees each trainer event as it is posted (and may send messages). */
function harness(over: Partial<TrainWorkerEnv> = {}, onEvent: (e: TrainerEvent, send: (m: unknown) => Promise<void>) => void = () => {}) {
  const replies: WorkerToMain[] = [];
  const store = createMemoryCheckpointStore();
  const models: ReturnType<typeof tinyModel>[] = [];
  const env: TrainWorkerEnv = {
    probe: async () => ({ webgpu: null, wasm: true, webgl: false }),
    startBackend: async (choice: BackendChoice) => choice,
    watchLoss: () => {},
    loadModel: async () => { const model = tinyModel(); models.push(model); return { model, tokenizer }; },
    checkpointStore: () => store,
    note: () => {},
    ...over,
  };
  const send = (m: unknown) => handle(m);
  const handle = createTrainHandler(env, (m) => {
    replies.push(m);
    if (m.type === 'event') onEvent(m.payload.event, send);
  });
  const events = () => replies.flatMap((m) => (m.type === 'event' ? [m.payload.event] : []));
  const errors = () => replies.flatMap((m) => (m.type === 'error' ? [m.payload] : []));
  return { send, replies, events, errors, models, store };
}

const start = (over: Partial<StartPayload> = {}) => ({
  type: 'start', payload: { jobId: 'j', spec: tinySpec({ epochs: 1, checkpoints: { strategy: 'steps', everySteps: 1, keepLast: 5 } }), data, modelFiles: {}, ...over },
});

describe('training worker handler', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('announces the backend, forwards every event in order, refuses a second job, and frees the model', async () => {
    const h = harness();
    const run = h.send(start());
    await h.send(start({ jobId: 'other' }));
    expect(h.errors()).toEqual([{ error: { name: 'Busy', message: 'this worker is already training a job' }, during: 'starting the job' }]);
    await run;
    expect(h.replies.find((m) => m.type !== 'error')).toMatchObject({ type: 'backend', payload: { choice: { backend: 'wasm' } } });
    const types = h.events().map((e) => e.type);
    expect(types[0]).toBe('started');
    expect(types.at(-1)).toBe('done');
    expect(h.events().at(-1)).toMatchObject({ type: 'done', reason: 'completed' });
    expect(h.models.map((m) => m.weights.values().next().value!.isDisposed)).toEqual([true]);
  });

  it('pause, resume and cancel reach the running job; a later resume continues from its newest checkpoint', async () => {
    let paused = false;
    const h = harness({}, (e, send) => {
      // (step events are throttled; each step's checkpoint event is not)
      if (e.type === 'checkpoint' && e.step === 2 && !paused) { paused = true; void send({ type: 'pause', payload: {} }); }
      if (e.type === 'paused') void send({ type: 'resume', payload: {} });
      if (e.type === 'checkpoint' && e.step === 4) void send({ type: 'cancel', payload: {} });
    });
    const spec = tinySpec({ epochs: 2, checkpoints: { strategy: 'steps', everySteps: 1, keepLast: 5 } }); // 8 steps
    await h.send(start({ spec }));
    const first = h.events();
    expect(first.filter((e) => e.type === 'paused' || e.type === 'resumed')).toEqual([{ type: 'paused', step: 2, checkpointId: 'j/step-2' }, { type: 'resumed', step: 2 }]);
    expect(first.at(-1)).toMatchObject({ type: 'done', reason: 'cancelled', step: 4 });
    await h.send({ type: 'resumeFromCheckpoint', payload: { jobId: 'j', spec, data, modelFiles: {} } });
    const resumed = h.events().slice(first.length);
    expect(resumed[0]).toMatchObject({ type: 'started', startStep: 4 });
    expect(resumed.at(-1)).toMatchObject({ type: 'done', reason: 'completed' });
    expect(h.errors()).toEqual([]);
  });

  it('answers failures as one error reply naming what it was doing, never twice', async () => {
    const h = harness({ loadModel: async () => { throw Object.assign(new Error('model.safetensors is truncated'), { name: 'LoadError' }); } });
    await h.send({ type: 'resumeFromCheckpoint', payload: { jobId: 'nothing-saved', spec: tinySpec(), data, modelFiles: {} } });
    await h.send(start());
    await h.send({ type: 'train-harder', payload: {} });
    expect(h.errors()).toEqual([
      { error: { name: 'NoCheckpoint', message: 'job nothing-saved has no checkpoint in this browser to resume from' }, during: 'resuming' },
      { error: { name: 'LoadError', message: 'model.safetensors is truncated' }, during: 'starting the job' },
      { error: { name: 'Error', message: expect.stringMatching(/^training worker got an unknown message: \{"type":"train-harder"/) }, during: 'reading a message' },
    ]);
    // A failure inside training is the trainer's own error event, and no error reply besides.
    const bad = harness();
    await bad.send(start({ spec: { ...tinySpec(), task: { kind: 'regression', labelNames: [] } } }));
    expect(bad.events().map((e) => e.type)).toEqual(['error']);
    expect(bad.errors()).toEqual([]);
  });

  it('a lost device moves the job to the next backend, which resumes from the newest checkpoint', async () => {
    let lose: ((why: string) => void) | null = null;
    const h = harness({ watchLoss: (onLost) => { lose = onLost; } }, (e) => {
      if (e.type === 'checkpoint' && e.step === 3 && lose) { const l = lose; lose = null; l('device reset'); }
    });
    await h.send(start());
    const backends = h.replies.flatMap((m) => (m.type === 'backend' ? [m.payload.choice.backend] : []));
    expect(backends).toEqual(['wasm', 'cpu']);
    const started = h.events().filter((e) => e.type === 'started');
    expect(started.map((e) => (e as Extract<TrainerEvent, { type: 'started' }>).startStep)).toEqual([0, 3]);
    // The cut-short run's own end is not forwarded: one 'done', the resumed run's.
    expect(h.events().filter((e) => e.type === 'done')).toEqual([expect.objectContaining({ reason: 'completed' })]);
    expect(h.models).toHaveLength(2);
  });

  it('finalize: the best trial\'s checkpoint scored on the test split once, its model freed; no complete trial is one error reply', async () => {
    const h = harness();
    await h.send(start());
    const done = h.events().at(-1) as DoneEvent;
    const spec = tinySpec({ epochs: 1, checkpoints: { strategy: 'steps', everySteps: 1, keepLast: 5 } });
    const lr = spec.hyperparameters.learningRate;
    const study = createStudy({
      version: 1, space: { params: [{ name: 'hyperparameters.learningRate', kind: 'categorical', choices: [lr] }] }, sampler: { kind: 'grid', seed: 0 },
      pruner: { kind: 'none' }, objective: { metric: 'loss', direction: 'minimize' }, budget: { trials: 1 },
    }, spec);
    await h.send({ type: 'finalize', payload: { study, data, modelFiles: {} } });
    expect(h.errors()).toEqual([{ error: { name: 'Error', message: 'no trial of the study completed: there is no best trial to use' }, during: 'finalizing the best trial' }]);

    study.trials.push({ number: 0, params: { 'hyperparameters.learningRate': lr }, state: 'complete', value: done.bestMetric!.value, intermediate: {}, durationS: 1, jobId: 'j', bestCheckpointId: done.bestCheckpointId });
    const before = tf.memory().numTensors;
    await h.send({ type: 'finalize', payload: { study, data, modelFiles: {} } });
    const finals = h.replies.flatMap((m) => (m.type === 'finalized' ? [m.payload] : []));
    expect(finals.length).toBe(1);
    expect(finals[0]).toMatchObject({ trial: 0, checkpointId: done.bestCheckpointId, backend: 'wasm' });
    expect(finals[0].test!.count).toBe(data.split.filter((c) => c === SPLIT_CODE.test).length);
    expect(tf.memory().numTensors).toBe(before);
    expect(h.models.every((m) => m.weights.values().next().value!.isDisposed)).toBe(true);
    // The same numbers as scoring the checkpoint's weights directly.
    const model = tinyModel();
    writeWeights(model.weights, (await h.store.load(done.bestCheckpointId!))!.weights, 'best');
    const direct = await evaluateRows(model, data, tokenizer.encodeBatch(data.texts), splitRows(data).test, { batchSize: spec.hyperparameters.batchSize * 2, maxLength: spec.hyperparameters.maxSequenceLength });
    model.dispose();
    expect(finals[0].test).toEqual(direct);
  });
});
