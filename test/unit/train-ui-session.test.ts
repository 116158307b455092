import { describe, expect, it } from 'vitest';
import type { DoneEvent, TrainerEvent } from '../../src/core/train/events';
import type { TrainingData } from '../../src/core/data/types';
import type { JobRecord } from '../../src/storage/jobRecords';
import type { TrainClient } from '../../src/worker/trainClient';
import { createTrainingSession } from '../../src/ui/hooks/useTrainingSession';
import { emptyHistory } from '../../src/core/train/runHistory';

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

describe('training session', () => {
  it('records status, history and messages as events arrive, persists them, and keeps the model', async () => {
    const fake = fakeClient();
    const saved: JobRecord[] = [];
    const kept: string[] = [];
    const session = createTrainingSession({
      makeClient: () => fake.client, saveJob: async (r) => { saved.push(structuredClone(r)); },
      loadJobs: async () => [], listJobs: async () => [],
      keepModel: async (job, d) => { kept.push(`${job.id} ${d.bestCheckpointId}`); return job.id; },
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
    expect(saved.map((r) => r.status)).toEqual(['running', 'running', 'paused', 'running', 'done', 'done']);
    expect(saved.at(-1)?.trainedModelId).toBe('j1');
    expect(fake.calls.at(-1)).toBe('terminate');
  });

  it('marks failures, and resumes an interrupted job with its own sample', async () => {
    const fake = fakeClient();
    const interrupted: JobRecord = {
      id: 'j2', spec: specWithTrainLimit(3), status: 'interrupted', createdAt: '2026-01-01T00:00:00Z', updatedAt: '', backend: null,
      history: emptyHistory(), message: 'Interrupted', datasetId: 'ds', modelKey: 'k',
    };
    const session = createTrainingSession({
      makeClient: () => fake.client, saveJob: async () => {}, loadJobs: async () => [interrupted], listJobs: async () => [interrupted],
      keepModel: async () => null,
    });
    await session.init();
    const run = session.resumeFromCheckpoint('j2', inputs);
    expect(fake.calls).toEqual(['resume j2']);
    expect(fake.data?.texts.length).toBe(3);
    expect(session.store.get().jobs[0].status).toBe('running');
    session.pause(); session.resume(); session.cancel();
    fake.fail('out of memory');
    await run;
    const s = session.store.get();
    expect(s.jobs[0].status).toBe('failed');
    expect(s.jobs[0].message).toBe('Error: out of memory');
    expect(s.startError).toBe('out of memory');
    expect(fake.calls.slice(1, 4)).toEqual(['pause', 'resume', 'cancel']);
  });
});
