import { describe, expect, it } from 'vitest';
import type { TrainerEvent, DoneEvent } from '../../src/core/train/events';
import type { MainToWorker, WorkerToMain } from '../../src/worker/trainProtocol';
import { parseMainToWorker } from '../../src/worker/trainProtocol';
import { createTrainClient, type WorkerLike } from '../../src/worker/trainClient';
import { createIdbCheckpointStore, StorageFullError } from '../../src/storage/checkpointStore';
import type { CheckpointRecord } from '../../src/core/train/checkpoint';

/** A fake worker: records what the client posts and lets the test play the worker's replies. */
function fakeWorker() {
  const posted: MainToWorker[] = [];
  const listeners: { message: ((e: MessageEvent<WorkerToMain>) => void)[]; error: ((e: ErrorEvent) => void)[] } = { message: [], error: [] };
  let terminated = false;
  const worker: WorkerLike = {
    postMessage: (m) => { posted.push(m); },
    addEventListener: ((type: 'message' | 'error', l: never) => { listeners[type].push(l); }) as WorkerLike['addEventListener'],
    terminate: () => { terminated = true; },
  };
  return {
    worker, posted,
    reply: (m: WorkerToMain) => listeners.message.forEach((l) => l({ data: m } as MessageEvent<WorkerToMain>)),
    crash: (message: string) => listeners.error.forEach((l) => l({ message } as ErrorEvent)),
    get terminated() { return terminated; },
  };
}

const done: DoneEvent = { type: 'done', reason: 'completed', message: 'ok', step: 3, bestStep: 3, bestCheckpointId: 'j/step-3', bestMetric: null, testMetrics: null };
const request = { jobId: 'j', spec: {} as never, data: {} as never, model: {} as never };

describe('trainClient', () => {
  it('finalize: posts the study, resolves on finalized, rejects on the worker\'s error reply, one at a time', async () => {
    const f = fakeWorker();
    const client = createTrainClient(() => f.worker);
    const payload = { study: {} as never, data: {} as never, modelFiles: {} as never };
    const p = client.finalize(payload);
    await expect(client.finalize(payload)).rejects.toThrow('the training worker is busy');
    expect(f.posted.map((m) => m.type)).toEqual(['finalize']);
    const final = { trial: 2, checkpointId: 's/trial-2/step-10', spec: {} as never, validation: null, test: null, backend: 'wasm' };
    f.reply({ type: 'finalized', payload: final });
    await expect(p).resolves.toEqual(final);
    const q = client.finalize(payload);
    f.reply({ type: 'error', payload: { error: { name: 'Error', message: 'checkpoint s/trial-2/step-10 was not found' }, during: 'finalizing the best trial' } });
    await expect(q).rejects.toThrow('checkpoint s/trial-2/step-10 was not found (while finalizing the best trial)');
    expect(parseMainToWorker(f.posted[0]).type).toBe('finalize');
  });

  it('posts start, forwards events and backend, resolves with done', async () => {
    const f = fakeWorker();
    const client = createTrainClient(() => f.worker);
    const seen: TrainerEvent['type'][] = [];
    const backends: string[] = [];
    client.onEvent((e) => seen.push(e.type));
    client.onBackend((c) => backends.push(c.backend));
    const p = client.start({ ...request, resumeFrom: 'j/step-1' });
    expect(f.posted[0].type).toBe('start');
    expect(f.posted[0].payload).toMatchObject({ jobId: 'j', resumeFrom: 'j/step-1' });
    f.reply({ type: 'backend', payload: { choice: { backend: 'wasm', reason: 'r', preference: 'auto', adapter: null, fallbacks: ['cpu'] } } });
    f.reply({ type: 'event', payload: { event: { type: 'resumed', step: 1 } } });
    f.reply({ type: 'event', payload: { event: done } });
    await expect(p).resolves.toEqual(done);
    expect(seen).toEqual(['resumed', 'done']);
    expect(backends).toEqual(['wasm']);
    client.pause(); client.resume(); client.cancel();
    expect(f.posted.slice(1).map((m) => m.type)).toEqual(['pause', 'resume', 'cancel']);
  });

  it('rejects on a trainer error, an error reply and a worker crash, naming the cause', async () => {
    const f = fakeWorker();
    const client = createTrainClient(() => f.worker);
    const errors: string[] = [];
    client.onEvent((e) => { if (e.type === 'error') errors.push(e.error.message); });

    const a = client.start(request);
    f.reply({ type: 'event', payload: { event: { type: 'error', error: { name: 'RangeError', message: 'NaN loss' } } } });
    await expect(a).rejects.toMatchObject({ name: 'RangeError', message: 'NaN loss' });

    const b = client.resumeFromCheckpoint({ jobId: 'j', spec: {} as never, data: {} as never, modelFiles: {} as never });
    expect(f.posted.at(-1)?.type).toBe('resumeFromCheckpoint');
    f.reply({ type: 'error', payload: { error: { name: 'LoadError', message: 'bad weights' }, during: 'loading the model' } });
    await expect(b).rejects.toThrow('bad weights (while loading the model)');

    const c = client.start(request);
    f.crash('script failed');
    await expect(c).rejects.toThrow('script failed');
    expect(errors).toEqual(['NaN loss', 'bad weights (while loading the model)', 'script failed']);
  });

  it('refuses a second job while one runs, and terminate rejects the pending one', async () => {
    const f = fakeWorker();
    const client = createTrainClient(() => f.worker);
    const a = client.start(request);
    await expect(client.start(request)).rejects.toThrow('already running');
    client.terminate();
    await expect(a).rejects.toThrow('stopped');
    expect(f.terminated).toBe(true);
  });
});

describe('parseMainToWorker', () => {
  it('accepts the known messages and names what it rejects', () => {
    expect(parseMainToWorker({ type: 'pause', payload: {} }).type).toBe('pause');
    expect(() => parseMainToWorker({ type: 'explode', payload: {} })).toThrow(/unknown message: \{"type":"explode"/);
    expect(() => parseMainToWorker(null)).toThrow(/unknown message/);
  });
});

describe('IndexedDB checkpoint store quota check', () => {
  it('refuses to write a checkpoint that does not fit, before touching the database', async () => {
    const store = createIdbCheckpointStore(async () => ({ usage: 95e6, quota: 100e6 }));
    const record = {
      format: 'ftstudio-checkpoint', version: 1, id: 'j/step-2', jobId: 'j', createdAt: '', spec: { hyperparameters: { earlyStopping: { metric: 'loss' } } },
      modelConfig: {}, state: { globalStep: 2, epoch: 0 }, weights: { w: { shape: [2_000_000], data: new Float32Array(2_000_000) } },
      optimizer: { step: 2, moments: {} }, history: { steps: [], evaluations: [] }, rng: { dropout: 0 },
    } as unknown as CheckpointRecord;
    const err = await store.save(record).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageFullError);
    expect((err as Error).message).toMatch(/checkpoint j\/step-2 needs about 8\.9 MB but only 5\.0 MB of 100\.0 MB is free/);
    expect((err as Error).message).toMatch(/Earlier checkpoints are kept intact/);
  });
});
