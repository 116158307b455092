/**
 * The trainer under faults, in one process on the cpu backend: a run "killed" at random steps resumes to
 * bit-identical weights; a damaged newest checkpoint is refused by its checksum and the resume falls back
 * to the previous one, saying so; a resume on fewer rows is refused instead of looping forever; a cancel
 * sent from the event loop (a worker message, Ctrl-C) is seen within a step; non-finite weights are never
 * exported.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TrainingData } from '../../src/core/data/types';
import { buildHfFolder } from '../../src/core/export/hfFolder';
import { createRng } from '../../src/core/rng';
import { createMemoryCheckpointStore, type CheckpointRecord } from '../../src/core/train/checkpoint';
import { checkpointIntegrity, loadNewestIntactCheckpoint, verifyCheckpoint } from '../../src/core/train/checkpointIntegrity';
import { createTrainerControl } from '../../src/core/train/control';
import type { StartedEvent, TrainerEvent } from '../../src/core/train/events';
import { createInThreadRunner } from '../../src/core/train/inThreadRunner';
import { limitSplits } from '../../src/core/train/splitLimits';
import { runTraining } from '../../src/core/train/trainer';
import { readWeights } from '../../src/core/train/weightsIO';
import { syntheticData, tinyModel, tinySpec, TINY_CONFIG } from './train-helpers';

const BACKEND = { name: 'cpu', reason: 'test' };
const { data, encoded } = syntheticData(60);
/** The synthetic rows are named "row <i>": tokenizing maps each text back to its encoded row. */
const tokenizer = { encodeBatch: (texts: string[]) => texts.map((t) => ({ ...encoded[Number(t.split(' ')[1])], typeIds: new Int32Array(encoded[Number(t.split(' ')[1])].ids.length) })) };
/** 2 epochs of 6 steps, a checkpoint every 2 steps (all kept). */
const spec = tinySpec({ epochs: 2, checkpoints: { strategy: 'steps', everySteps: 2, keepLast: 20 } });

type Weights = Record<string, { data: Float32Array }>;
const sameBits = (a: Weights, b: Weights) => Object.keys(a).every((n) => a[n].data.every((x, i) => Object.is(x, b[n].data[i])));

/** Runs the job through the runner (as the CLI and the worker do); `stopAt` cancels after that step without a checkpoint: a kill. */
async function run(store: ReturnType<typeof createMemoryCheckpointStore>, o: { resumeFrom?: string; stopAt?: number; rows?: TrainingData } = {}) {
  const runner = createInThreadRunner({ store, backend: BACKEND, throttleMs: 0 });
  const events: TrainerEvent[] = [];
  runner.onEvent((e) => {
    events.push(e);
    if (e.type === 'step' && e.step === o.stopAt) runner.cancel();
  });
  const model = tinyModel(o.resumeFrom ? 99 : 1);
  try {
    const done = await runner.start({ jobId: 'job', spec, data: o.rows ?? data, model: { model, tokenizer }, ...(o.resumeFrom ? { resumeFrom: o.resumeFrom } : {}) });
    return { done, events, weights: await readWeights(model.weights) };
  } finally {
    model.dispose();
  }
}

describe('the trainer under faults', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('a run killed at random steps resumes from its last checkpoint to bit-identical weights', async () => {
    const straight = await run(createMemoryCheckpointStore());
    expect(straight.done.step).toBe(12);
    const rng = createRng(2024);
    const kills = Array.from({ length: 3 }, () => 1 + Math.floor(rng.next() * 11));
    for (const k of kills) {
      const store = createMemoryCheckpointStore();
      const killed = await run(store, { stopAt: k });
      expect(killed.done.step).toBe(k);
      const last = (await store.list('job')).at(-1)!;
      // Everything after the last checkpoint is lost with the process: resume from it.
      const resumed = await run(store, { resumeFrom: last.id });
      expect(resumed.done.reason, `killed at step ${k}`).toBe('completed');
      expect(sameBits(resumed.weights, straight.weights), `killed at step ${k}, resumed from ${last.id}`).toBe(true);
    }
  });

  it('a damaged newest checkpoint is refused by its checksum, and the resume falls back to the previous one and says so', async () => {
    const straight = await run(createMemoryCheckpointStore());
    const store = createMemoryCheckpointStore();
    await run(store, { stopAt: 7 });
    const newest = store.records.get('job/step-6')!;
    // 2,000 flipped bytes in the weights, as a disk error would leave them; the record still looks whole.
    const damaged: CheckpointRecord = structuredClone(newest);
    const bytes = new Uint8Array(damaged.weights['bert.encoder.layer.0.attention.self.query.weight'].data.buffer);
    for (let i = 0; i < Math.min(2000, bytes.length); i++) bytes[i] ^= 0x5a;
    store.records.set(newest.id, damaged);
    expect(() => verifyCheckpoint(damaged, 'checkpoint job/step-6'))
      .toThrow(/checkpoint job\/step-6 is damaged: tensor w\.bert\.encoder\.layer\.0\.attention\.self\.query\.weight does not match its checksum/);
    expect(() => verifyCheckpoint(newest, 'checkpoint job/step-6')).not.toThrow();

    const found = await loadNewestIntactCheckpoint(store, 'job');
    expect(found?.record.id).toBe('job/step-4');
    expect(found?.skipped.map((s) => s.id)).toEqual(['job/step-6']);

    const resumed = await run(store, { resumeFrom: 'job/step-6' });
    const started = resumed.events.find((e): e is StartedEvent => e.type === 'started')!;
    expect(started.startStep).toBe(4);
    expect(started.resumeNote).toMatch(/job\/step-6 is damaged: .*so it resumed from the newest intact checkpoint, job\/step-4 \(step 4\)/);
    expect(sameBits(resumed.weights, straight.weights)).toBe(true);
  });

  it('a NaN in a checkpoint without checksums (an older version) is refused too; with none intact the resume says why', async () => {
    const store = createMemoryCheckpointStore();
    await run(store, { stopAt: 2 });
    const { integrity: _none, ...old } = structuredClone(store.records.get('job/step-2')!);
    old.optimizer.moments['classifier.bias'].v[1] = Number.POSITIVE_INFINITY;
    store.records.set(old.id, old);
    await expect(run(store, { resumeFrom: 'job/step-2' })).rejects.toThrow(/no intact checkpoint of job job to resume from: checkpoint job\/step-2 is damaged: tensor v\.classifier\.bias holds Infinity at index 1/);
  });

  it('resuming on fewer rows is refused with what changed, not looped on forever (also without a fingerprint)', async () => {
    const store = createMemoryCheckpointStore();
    await run(store, { stopAt: 5 });
    // Half the rows: the checkpoint's position (batch 4 of epoch 1) is past the 3 batches the new data has.
    const fewer = limitSplits(data, { train: 20, evaluation: 0 }, 1);
    const tensorsBefore = tf.memory().numTensors;
    await expect(run(store, { resumeFrom: 'job/step-4', rows: fewer }))
      .rejects.toThrow(/The data changed since checkpoint job\/step-4 was written \(60 rows → 39; train 41 → 20\): a resume must train on the same rows/);
    // A checkpoint from before fingerprints: the trainer's own consistency check stops it.
    const { integrity: _i, ...record } = structuredClone(store.records.get('job/step-4')!);
    delete record.spec.dataset.fingerprint;
    store.records.set(record.id, record);
    await expect(run(store, { resumeFrom: 'job/step-4', rows: fewer }))
      .rejects.toThrow(/checkpoint job\/step-4 was written for 6 steps per epoch \(12 in all\), but this data gives 3 \(6 in all\)/);
    // Refused before or at its first step: the model, the optimizer and the step's tensors are all freed.
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });

  it('a cancel sent from the event loop is acted on within a step, on a run that never waits for I/O', async () => {
    const model = tinyModel();
    const control = createTrainerControl();
    let sentAt = -1;
    const done = await runTraining({
      jobId: 'job', spec: tinySpec({ epochs: 5 }), data, encoded, model, store: null, control, backend: BACKEND, throttleMs: 0,
      emit: (e) => {
        // As a worker's 'cancel' message or Node's SIGINT arrives: a macrotask, not a call from inside the loop.
        if (e.type === 'step' && e.step === 2 && sentAt < 0) setImmediate(() => { sentAt = e.step; control.cancel(); });
      },
    });
    model.dispose();
    expect(done.reason).toBe('cancelled');
    expect(sentAt).toBe(2);
    expect(done.step).toBeLessThanOrEqual(3);
  });

  it('checksums cover every tensor and the trainer state; a record round-trips unchanged', async () => {
    const store = createMemoryCheckpointStore();
    await run(store, { stopAt: 2 });
    const r = structuredClone(store.records.get('job/step-2')!);
    expect(checkpointIntegrity(r)).toEqual(r.integrity);
    expect(Object.keys(r.integrity!.tensors)).toHaveLength(3 * Object.keys(r.weights).length);
    const moved = structuredClone(r);
    moved.state.batchInEpoch = 1;
    expect(() => verifyCheckpoint(moved, 'checkpoint x')).toThrow(/its trainer state, spec or history does not match its checksum/);
    const lost = structuredClone(r);
    delete lost.optimizer.moments['classifier.weight'];
    expect(() => verifyCheckpoint(lost, 'checkpoint x')).toThrow(/tensors m\.classifier\.weight, v\.classifier\.weight are missing/);
  });

  it('non-finite weights are never exported: the message names the tensor', () => {
    const model = tinyModel();
    const weights = Object.fromEntries([...model.weights].map(([n, v]) => [n, { shape: [...v.shape], data: new Float32Array(v.size) }]));
    model.dispose();
    weights['classifier.weight'].data[3] = Number.NaN;
    expect(() => buildHfFolder({
      config: { ...TINY_CONFIG }, weights, tokenizerFiles: { 'tokenizer.json': '{}' }, labelNames: ['neg', 'pos'], task: 'single_label_classification',
    })).toThrow(/Export refused: weight classifier\.weight holds NaN at index 3 \(shape \[2, 8\]\)/);
  });
});
