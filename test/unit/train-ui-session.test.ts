import { describe, expect, it } from 'vitest';
import type { DoneEvent, TrainerEvent } from '../../src/core/train/events';
import type { TrainingData } from '../../src/core/data/types';
import type { JobRecord } from '../../src/storage/jobRecords';
import type { TrainClient } from '../../src/worker/trainClient';
import { createTrainingSession } from '../../src/ui/hooks/useTrainingSession';
import { emptyHistory } from '../../src/core/train/runHistory';
import { createFrameBatcher } from '../../src/ui/store/frameBatcher';

/** A TrainClient whose events the test plays; start/resume settle when the test says so. */
function fakeClient() {
  const listeners = new Set<(e: TrainerEvent) => void>();
  const calls: string[] = [];
  let settle: { resolve: (d: DoneEvent) => void; reject: (e: Error) => void } | null = null;
  let lastData: TrainingData | null = null;
  const pending = () => new Promise<DoneEvent>((resolve, reject) => { settle = { resolve, reject }; });
  const client: TrainClient = {
    start: (r) => { calls.push(`start ${r.jobId}`); lastData = r.data; return pending(); },
    resumeFromCheckpoint: (r) => { calls.push(`resume ${r.jobId}`); lastData = r.data; return pending(); },
    pause: () => calls.push('pause'),
    resume: () => calls.push('resume'),
    cancel: () => calls.push('cancel'),
    onEvent: (l) => { listeners.add(l); return () => listeners.delete(l); },
    onBackend: () => () => {},
    finalize: () => Promise.reject(new Error('not used here')),
    terminate: () => calls.push('terminate'),
  };
  return {
    client, calls,
    get data() { return lastData; },
    emit: (e: TrainerEvent) => listeners.forEach((l) => l(e)),
    finish: (d: DoneEvent) => { for (const l of listeners) l(d); settle?.resolve(d); },
    fail: (message: string) => { for (const l of listeners) l({ type: 'error', error: { name: 'Error', message } }); settle?.reject(new Error(message)); },
  };
}

const data: TrainingData = {
  labelKind: 'single', labelNames: ['a', 'b'], texts: Array.from({ length: 20 }, (_, i) => `t${i}`),
  labels: Float32Array.from({ length: 20 }, (_, i) => i % 2), split: new Uint8Array(20), rowNumbers: Int32Array.from({ length: 20 }, (_, i) => i + 1),
};
/** A spec with only what the session reads: the quick-trial limits and the seed that draws the sample. */
const specWithTrainLimit = (train: number) => ({ name: 'job', dataset: { limits: { train, evaluation: 0 } }, hyperparameters: { seed: 1 } }) as never;
const spec = specWithTrainLimit(5);
const inputs = { data, modelFiles: {} as never };
const origin = { datasetId: 'ds', modelKey: 'bundled:x' };
const done: DoneEvent = { type: 'done', reason: 'completed', message: 'trained 2 steps', step: 2, bestStep: 2, bestCheckpointId: 'j1/step-2', bestMetric: null, testMetrics: null };
const tick = () => new Promise((r) => setTimeout(r, 0));
/** Applies each event as it comes (the per-frame batching is tested on its own below). */
const everyEvent = (run: () => void) => run();

describe('training session', () => {
  it('records status, history and messages as events arrive, persists them, and keeps the model', async () => {
    const fake = fakeClient();
    const saved: JobRecord[] = [];
    const kept: string[] = [];
    const tidied: string[] = [];
    const session = createTrainingSession({
      makeClient: () => fake.client, saveJob: async (r) => { saved.push(structuredClone(r)); },
      loadJobs: async () => [], listJobs: async () => [],
      keepModel: async (job, d) => { kept.push(`${job.id} ${d.bestCheckpointId}`); return job.id; }, scheduleFrame: everyEvent,
      tidy: async (jobId, outcome, bestId) => { tidied.push(`${jobId} ${outcome} ${bestId}`); return 'kept the best'; },
    });
    await session.init();
    const run = session.start('j1', spec, inputs, origin);
    expect(fake.calls).toEqual(['start j1']);
    // The quick-trial limit is applied before the data leaves for the worker.
    expect(fake.data?.texts.length).toBe(5);
    expect(session.store.get().liveJobId).toBe('j1');
    fake.emit({ type: 'started', backend: 'wasm', backendReason: 'fastest', totalSteps: 2, stepsPerEpoch: 2, epochs: 1, trainExamples: 5, startStep: 0 });
    fake.emit({ type: 'paused', step: 1 });
    expect(session.store.get().jobs[0].status).toBe('paused');
    fake.emit({ type: 'resumed', step: 1 });
    fake.finish(done);
    await run;
    await tick();
    const job = session.store.get().jobs[0];
    expect(job).toMatchObject({ status: 'done', message: 'trained 2 steps', backend: { name: 'wasm', reason: 'fastest' }, trainedModelId: 'j1', ...origin });
    expect(session.store.get().liveJobId).toBeNull();
    expect(kept).toEqual(['j1 j1/step-2']);
    expect(saved.map((r) => r.status)).toEqual(['running', 'running', 'paused', 'running', 'done', 'done', 'done']);
    expect(saved.at(-1)?.trainedModelId).toBe('j1');
    expect(fake.calls.at(-1)).toBe('terminate');
    // The finished run's checkpoints are tidied (the best kept), and the job says so.
    expect(tidied).toEqual(['j1 done j1/step-2']);
    expect(job.checkpointNote ?? session.store.get().jobs[0].checkpointNote).toBe('kept the best');
    // Its clock ran from the start to the pause and from the resume to the end, and is stopped now.
    expect(session.store.get().jobs[0].timing).toMatchObject({ runningSince: null });
    expect(session.store.get().jobs[0].timing!.activeMs).toBeGreaterThanOrEqual(0);
  });

  it('marks failures, and resumes an interrupted job with its own sample', async () => {
    const fake = fakeClient();
    const tidied: string[] = [];
    const interrupted: JobRecord = {
      id: 'j2', spec: specWithTrainLimit(3), status: 'interrupted', createdAt: '2026-01-01T00:00:00Z', updatedAt: '', backend: null,
      history: emptyHistory(), message: 'Interrupted', datasetId: 'ds', modelKey: 'k',
    };
    const session = createTrainingSession({
      makeClient: () => fake.client, saveJob: async () => {}, loadJobs: async () => [interrupted], listJobs: async () => [interrupted],
      keepModel: async () => null, scheduleFrame: everyEvent,
      tidy: async (jobId, outcome, bestId) => { tidied.push(`${jobId} ${outcome} ${bestId}`); return 'kept the checkpoint at step 1'; },
    });
    await session.init();
    const run = session.resumeFromCheckpoint('j2', inputs);
    expect(fake.calls).toEqual(['resume j2']);
    expect(fake.data?.texts.length).toBe(3);
    expect(session.store.get().jobs[0]).toMatchObject({ status: 'running', message: 'Resuming from the last checkpoint…' });
    // Once the worker has resumed, "Resuming…" is no longer true.
    fake.emit({ type: 'started', backend: 'wasm', backendReason: 'fastest', totalSteps: 4, stepsPerEpoch: 4, epochs: 1, trainExamples: 3, startStep: 1 });
    expect(session.store.get().jobs[0].message).toBe('');
    expect(session.store.get().jobs[0].timing?.runningSince).toEqual(expect.any(Number));
    session.pause(); session.resume(); session.cancel();
    fake.fail('out of memory');
    await run;
    const s = session.store.get();
    expect(s.jobs[0].status).toBe('failed');
    expect(s.jobs[0].message).toBe('Error: out of memory');
    expect(s.startError).toBe('out of memory');
    expect(fake.calls.slice(1, 4)).toEqual(['pause', 'resume', 'cancel']);
    // A failed run keeps its newest checkpoint to resume from.
    await tick();
    expect(tidied).toEqual(['j2 failed null']);
    expect(s.jobs[0].timing?.runningSince ?? session.store.get().jobs[0].timing?.runningSince).toBeNull();
  });

  it('deletes a cancelled run\'s checkpoints and can forget a deleted job', async () => {
    const fake = fakeClient();
    const tidied: string[] = [];
    const session = createTrainingSession({
      makeClient: () => fake.client, saveJob: async () => {}, loadJobs: async () => [], listJobs: async () => [],
      keepModel: async () => null, scheduleFrame: everyEvent, tidy: async (jobId, outcome) => { tidied.push(`${jobId} ${outcome}`); return 'deleted 2 checkpoints (1.0 MB)'; },
    });
    await session.init();
    const run = session.start('j3', spec, inputs, origin);
    fake.emit({ type: 'started', backend: 'wasm', backendReason: 'fastest', totalSteps: 2, stepsPerEpoch: 2, epochs: 1, trainExamples: 5, startStep: 0 });
    fake.finish({ ...done, reason: 'cancelled', message: 'cancelled at step 1', bestCheckpointId: null });
    await run;
    expect(tidied).toEqual(['j3 cancelled']);
    expect(session.store.get().jobs[0]).toMatchObject({ status: 'cancelled', checkpointNote: 'deleted 2 checkpoints (1.0 MB)' });
    session.forget('j3');
    expect(session.store.get().jobs).toEqual([]);
  });
});

/** Frames the test runs by hand. */
function manualFrames() {
  const waiting: (() => void)[] = [];
  return {
    schedule: (run: () => void) => { waiting.push(run); },
    get pending() { return waiting.length; },
    run: () => { for (const f of waiting.splice(0)) f(); },
  };
}

describe('frame batcher', () => {
  it('hands over every item once, in order, in one batch per frame', () => {
    const frames = manualFrames();
    const batches: number[][] = [];
    const b = createFrameBatcher<number>((xs) => batches.push(xs), frames.schedule);
    for (let i = 1; i <= 5; i++) b.push(i);
    expect(frames.pending).toBe(1);
    expect(batches).toEqual([]);
    frames.run();
    b.push(6);
    b.push(7);
    frames.run();
    frames.run(); // a frame with nothing new hands over nothing
    expect(batches).toEqual([[1, 2, 3, 4, 5], [6, 7]]);
  });

  it('flushes on demand, and the frame already asked for then has nothing to hand over', () => {
    const frames = manualFrames();
    const batches: string[][] = [];
    const b = createFrameBatcher<string>((xs) => batches.push(xs), frames.schedule);
    b.push('a');
    b.flush();
    b.push('b');
    frames.run();
    expect(batches).toEqual([['a'], ['b']]);
  });
});

describe('training session, batched per frame', () => {
  const step = (n: number): TrainerEvent => ({
    type: 'step', step: n, totalSteps: 40, epoch: n / 40, loss: 1 / n, smoothedLoss: 1 / n, learningRates: { head: 1e-3 }, gradNorm: 1, samplesPerSecond: 10, etaSeconds: 40 - n,
  });

  it('applies a frame\'s events in one state change and one write, and the run\'s end before the model is kept', async () => {
    const fake = fakeClient();
    const frames = manualFrames();
    const saved: JobRecord[] = [];
    let keptWith: JobRecord | null = null;
    const session = createTrainingSession({
      makeClient: () => fake.client, saveJob: async (r) => { saved.push(structuredClone(r)); }, loadJobs: async () => [], listJobs: async () => [],
      keepModel: async (job) => { keptWith = job; return 'm1'; }, scheduleFrame: frames.schedule, tidy: async () => 'kept the best',
    });
    await session.init();
    const run = session.start('j1', spec, inputs, origin);
    await tick();
    const savesAtStart = saved.length;
    let changes = 0;
    session.store.subscribe(() => { changes++; });
    fake.emit({ type: 'started', backend: 'wasm', backendReason: 'r', totalSteps: 40, stepsPerEpoch: 40, epochs: 1, trainExamples: 5, startStep: 0 });
    for (let n = 1; n <= 30; n++) fake.emit(step(n));
    expect(changes).toBe(0);
    frames.run();
    await tick();
    expect(changes).toBe(1);
    const job = session.store.get().jobs[0];
    expect(job.history.steps.map((p) => p.step)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(job.history.progress.step).toBe(30);
    expect(job.history.log).toHaveLength(1);
    expect(saved.length - savesAtStart).toBe(1);
    expect(saved.at(-1)?.history.steps).toHaveLength(30);

    // The end arrives and the run settles before the next frame: the record has it all the same.
    fake.emit(step(40));
    fake.finish({ ...done, step: 40 });
    await run;
    expect(keptWith!.history.done?.step).toBe(40);
    expect(keptWith!.history.steps.at(-1)?.step).toBe(40);
    expect(keptWith!.status).toBe('done');
    expect(session.store.get().liveJobId).toBeNull();
    expect(saved.at(-1)).toMatchObject({ status: 'done', trainedModelId: 'm1' });
  });
});
