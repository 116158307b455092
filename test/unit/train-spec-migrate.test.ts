/**
 * The JobSpec's one builder and its migrations: buildJobSpec records a quick-trial sample in the spec, and
 * what older studios stored (spec version 1, with the limits beside it in the job record or nowhere in a
 * checkpoint) still opens and resumes on the very same sample.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildJobSpec } from '../../src/core/spec/buildJobSpec';
import { JOB_SPEC_VERSION, NO_LIMITS, presetHyperparameters, type JobSpec } from '../../src/core/spec/jobSpec';
import { migrateJobSpec } from '../../src/core/spec/migrate';
import { validateJobSpec } from '../../src/core/spec/validate';
import { createMemoryCheckpointStore, type CheckpointRecord } from '../../src/core/train/checkpoint';
import type { StartedEvent } from '../../src/core/train/events';
import { createInThreadRunner } from '../../src/core/train/inThreadRunner';
import { runTraining } from '../../src/core/train/trainer';
import { createTrainerControl } from '../../src/core/train/control';
import { jobData } from '../../src/core/train/splitLimits';
import { emptyHistory } from '../../src/core/train/runHistory';
import { migrateJobRecord, type StoredJobRecord } from '../../src/storage/jobRecords';
import { syntheticData, tinyModel, tinySpec } from './train-helpers';

/** What a studio before JobSpec version 2 wrote: version 1, no dataset.limits. */
function version1Spec(): Record<string, unknown> {
  const { dataset, ...rest } = structuredClone(tinySpec());
  const { limits: _dropped, ...datasetV1 } = dataset;
  return { ...rest, version: 1, dataset: datasetV1 };
}

function storedV1Job(limits?: { train: number; evaluation: number }): StoredJobRecord {
  return {
    id: 'job-old', spec: version1Spec(), status: 'interrupted', createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:05:00Z',
    backend: { name: 'wasm', reason: 'fastest' }, history: emptyHistory(), message: 'Interrupted', datasetId: 'ds-1', modelKey: 'bundled:glove',
    ...(limits ? { limits } : {}),
  };
}

describe('buildJobSpec', () => {
  const dataset = {
    id: 'ds-1', name: 'sms_spam.csv', textColumn: 'text', labelColumn: 'label', labelKind: 'single' as const,
    splitCounts: { train: 4459, validation: 557, test: 558 }, splitMethod: 'random 80/10/10 stratified, seed 42',
  };
  const base = { dataset, model: { source: 'hub' as const, id: 'google/bert_uncased_L-2_H-128_A-2' }, labelNames: ['ham', 'spam'], hyperparameters: presetHyperparameters('quick') };

  it('builds a valid current spec: default name, task from the label kind, whole splits', () => {
    const spec = buildJobSpec(base);
    expect(validateJobSpec(spec)).toEqual([]);
    expect(spec).toMatchObject({
      version: JOB_SPEC_VERSION, name: 'sms_spam.csv · google/bert_uncased_L-2_H-128_A-2',
      task: { kind: 'single_label_classification', labelNames: ['ham', 'spam'] },
      dataset: { splitCounts: dataset.splitCounts, splitMethod: dataset.splitMethod, limits: NO_LIMITS },
    });
    expect(buildJobSpec({ ...base, name: 'mine' }).name).toBe('mine');
    expect(buildJobSpec({ ...base, dataset: { ...dataset, labelKind: 'regression' }, labelNames: [] }).task.kind).toBe('regression');
  });

  it('records a quick-trial sample in the limits, the counts and the split method', () => {
    const spec = buildJobSpec({ ...base, limits: { train: 1000, evaluation: 100 } });
    expect(validateJobSpec(spec)).toEqual([]);
    expect(spec.dataset.limits).toEqual({ train: 1000, evaluation: 100 });
    expect(spec.dataset.splitCounts).toEqual({ train: 1000, validation: 100, test: 100 });
    expect(spec.dataset.splitMethod).toBe('random 80/10/10 stratified, seed 42; quick-trial sample (max 1000 train, 100 validation/test; seed 42)');
    // A limit above the split's size samples nothing and says nothing.
    expect(buildJobSpec({ ...base, limits: { train: 10_000, evaluation: 0 } }).dataset.splitMethod).toBe(dataset.splitMethod);
  });
});

describe('JobSpec migration', () => {
  it('a version-1 spec becomes the current version with the limits kept beside it', () => {
    const v1 = version1Spec();
    expect(validateJobSpec(v1).map((i) => i.path)).toEqual(['version', 'dataset.limits']);
    const migrated = migrateJobSpec(v1, { train: 200, evaluation: 50 }) as JobSpec;
    expect(validateJobSpec(migrated)).toEqual([]);
    expect(migrated.dataset.limits).toEqual({ train: 200, evaluation: 50 });
    expect(migrated.hyperparameters).toEqual(tinySpec().hyperparameters);
    expect((migrateJobSpec(v1) as JobSpec).dataset.limits).toEqual(NO_LIMITS);
    expect(v1.version).toBe(1); // the stored object is not changed
  });

  it('leaves current specs (the same object) and unknown versions (for the validator to name) alone', () => {
    const current = tinySpec();
    expect(migrateJobSpec(current)).toBe(current);
    const future = { ...tinySpec(), version: 9 };
    expect(migrateJobSpec(future)).toBe(future);
    expect(validateJobSpec(migrateJobSpec(future))[0].message).toMatch(/version 9/);
    expect(migrateJobSpec(null)).toBeNull();
  });

  it('an old stored job record opens with its limits inside the spec, everything else as it was', () => {
    const stored = storedV1Job({ train: 300, evaluation: 40 });
    const job = migrateJobRecord(stored);
    expect('limits' in job).toBe(false);
    expect(validateJobSpec(job.spec)).toEqual([]);
    expect(job.spec.dataset.limits).toEqual({ train: 300, evaluation: 40 });
    const { spec: _s, limits: _l, ...unchanged } = stored as StoredJobRecord & { limits?: unknown };
    expect(job).toMatchObject(unchanged);
    // A record from before the quick trial existed had no limits at all: the whole splits.
    expect(migrateJobRecord(storedV1Job()).spec.dataset.limits).toEqual(NO_LIMITS);
    // A current record is handed back as it is.
    const current = migrateJobRecord(stored);
    expect(migrateJobRecord(current)).toBe(current);
  });
});

describe('resuming a job whose checkpoint predates spec version 2', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('trains on the job record\'s sample, not on the whole splits', async () => {
    const { data, encoded } = syntheticData(60);
    const limits = { train: 12, evaluation: 5 };
    const spec = buildJobSpec({
      dataset: tinySpec().dataset, model: tinySpec().model, labelNames: ['neg', 'pos'], hyperparameters: tinySpec({ epochs: 2 }).hyperparameters, limits,
    });
    // A checkpoint at step 1 of the same job, as the older studio wrote it: its spec is version 1.
    const store = createMemoryCheckpointStore();
    const first = tinyModel();
    const control = createTrainerControl();
    const sample = jobData(data, spec);
    const rowsOf = (texts: string[]) => texts.map((t) => encoded[Number(t.split(' ')[1])]);
    await runTraining({
      jobId: 'old', spec, data: sample, encoded: rowsOf(sample.texts), model: first, store, control, backend: { name: 'cpu', reason: 'test' },
      throttleMs: 0,
      emit: (e) => {
        if (e.type === 'step') control.pause();
        if (e.type === 'paused') control.cancel();
      },
    });
    const [summary] = await store.list('old');
    const record = store.records.get(summary.id)!;
    store.records.set(summary.id, { ...record, spec: version1Spec() as unknown as JobSpec } satisfies CheckpointRecord);

    const runner = createInThreadRunner({ store, backend: { name: 'cpu', reason: 'test' }, throttleMs: 0 });
    let started: StartedEvent | undefined;
    runner.onEvent((e) => { if (e.type === 'started') started = e; });
    const second = tinyModel(5);
    const done = await runner.start({
      jobId: 'old', spec, data, resumeFrom: summary.id,
      model: { model: second, tokenizer: { encodeBatch: (texts: string[]) => rowsOf(texts).map((e) => ({ ...e, typeIds: new Int32Array(e.ids.length) })) } },
    });
    expect(done.reason).toBe('completed');
    expect(started).toMatchObject({ trainExamples: limits.train, startStep: 1 });
    expect(done.testMetrics?.count).toBe(5);
    [first, second].forEach((m) => m.dispose());
  });
});
