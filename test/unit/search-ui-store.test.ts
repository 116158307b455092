// The study store over an in-memory database (the IndexedDB adapter is a one-line-per-call shim driven by
// the browser test): writes land in call order and as they were when called, a failed write is a
// StorageError naming the study and blocks nothing after it, unreadable records are named, not dropped.
import { describe, expect, it } from 'vitest';
import { isStorageError } from '../../src/core/search/storageErrors';
import { createStudy, type StudySpec } from '../../src/core/search/study';
import { emptyHistory } from '../../src/core/train/runHistory';
import {
  createStudyStore, studyRecordProblem, studyTrialJobId, wasInterrupted, type StudyDb, type StudyRecord, type TrialRunRecord,
} from '../../src/storage/studyStore';
import { baseJob } from './search-helpers';

const SPEC: StudySpec = {
  version: 1, space: { params: [{ name: 'hyperparameters.learningRate', kind: 'float', low: 1e-4, high: 1e-2, log: true }] },
  sampler: { kind: 'random', seed: 1 }, pruner: { kind: 'none' }, objective: { metric: 'macro_f1', direction: 'maximize' }, budget: { trials: 3 },
};

function record(id: string, createdAt: string): StudyRecord {
  return { id, name: id, createdAt, updatedAt: createdAt, datasetId: 'd', modelKey: 'bundled:glove', study: createStudy(SPEC, baseJob()) };
}

/** A Map-backed StudyDb; `gate` holds a study write until released, `failNext` makes the next write throw. */
function memoryDb() {
  const studies = new Map<string, unknown>();
  const runs = new Map<string, TrialRunRecord>();
  const writes: string[] = [];
  let gate: Promise<void> | null = null;
  let failNext: Error | null = null;
  const db: StudyDb = {
    async putStudy(r) {
      if (gate) await gate;
      if (failNext) { const e = failNext; failNext = null; throw e; }
      writes.push(`${r.id}:${r.study.trials.length}`);
      studies.set(r.id, r);
    },
    getStudy: async (id) => studies.get(id),
    allStudies: async () => [...studies.values()],
    putTrialRun: async (r) => { runs.set(r.jobId, r); },
    trialRuns: async (studyId) => [...runs.values()].filter((r) => r.studyId === studyId),
    deleteStudy: async (id) => { studies.delete(id); for (const [k, r] of runs) if (r.studyId === id) runs.delete(k); },
  };
  return {
    db, studies, writes,
    hold() { let release!: () => void; gate = new Promise((r) => { release = r; }); return () => { gate = null; release(); }; },
    fail(e: Error) { failNext = e; },
  };
}

const trial = (n: number) => ({ number: n, params: {}, state: 'complete' as const, value: 0.5, intermediate: {}, durationS: 1, jobId: `trial-${n}` });

describe('study store', () => {
  it('writes in call order, each as it was when save was called', async () => {
    const m = memoryDb();
    const store = createStudyStore(m.db);
    const r = record('s1', '2026-01-01T00:00:00Z');
    const release = m.hold();
    const first = store.save(r);
    r.study.trials.push(trial(0));
    const second = store.save(r);
    r.study.trials.push(trial(1)); // after both calls: neither write may see it
    release();
    await Promise.all([first, second]);
    expect(m.writes).toEqual(['s1:0', 's1:1']);
    expect((await store.load('s1'))!.study.trials.map((t) => t.number)).toEqual([0]);
  });

  it('a failed write rejects with a StorageError naming the study, and later writes still land', async () => {
    const m = memoryDb();
    const store = createStudyStore(m.db);
    m.fail(Object.assign(new Error('The quota has been exceeded.'), { name: 'QuotaExceededError' }));
    const err = await store.save(record('s1', '2026-01-01T00:00:00Z')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).name).toBe('StorageError');
    expect((err as Error).message).toBe('could not save study s1: The quota has been exceeded.');
    expect(isStorageError(err)).toBe(true);
    await store.save(record('s2', '2026-01-02T00:00:00Z'));
    expect(m.writes).toEqual(['s2:0']);
  });

  it('lists newest first and names the records it cannot read', async () => {
    const m = memoryDb();
    const store = createStudyStore(m.db);
    await store.save(record('old', '2026-01-01T00:00:00Z'));
    await store.save(record('new', '2026-03-01T00:00:00Z'));
    const future = record('future', '2026-02-01T00:00:00Z');
    m.studies.set('future', { ...future, study: { ...future.study, version: 2 } });
    m.studies.set('junk', { id: 'junk', study: { format: 'something-else' } });
    const { studies, unreadable } = await store.list();
    expect(studies.map((s) => s.id)).toEqual(['new', 'old']);
    expect(unreadable.sort()).toEqual([
      'study future: study version 2 is not supported (expected 1)',
      'study junk: not a FineTune Studio study',
    ]);
    await expect(store.load('junk')).rejects.toThrow('study junk: not a FineTune Studio study');
    expect(await store.load('missing')).toBeNull();
  });

  it('keeps trial curves per study, sorted by trial, and deletes them with the study', async () => {
    const m = memoryDb();
    const store = createStudyStore(m.db);
    await store.save(record('s1', '2026-01-01T00:00:00Z'));
    for (const n of [2, 0, 1]) await store.saveTrialRun({ jobId: studyTrialJobId('s1', `trial-${n}`), studyId: 's1', trial: n, history: emptyHistory() });
    await store.saveTrialRun({ jobId: studyTrialJobId('s2', 'trial-0'), studyId: 's2', trial: 0, history: emptyHistory() });
    expect((await store.trialRuns('s1')).map((r) => r.jobId)).toEqual(['s1/trial-0', 's1/trial-1', 's1/trial-2']);
    await store.delete('s1');
    expect(await store.trialRuns('s1')).toEqual([]);
    expect(await store.load('s1')).toBeNull();
    expect((await store.trialRuns('s2')).length).toBe(1);
  });

  it('tells an interrupted study (no stop reason, not live here) from a stopped or live one', () => {
    const r = record('s1', '2026-01-01T00:00:00Z');
    expect(wasInterrupted(r, null)).toBe(true);
    expect(wasInterrupted(r, 's1')).toBe(false);
    r.study.stopReason = 'trials';
    expect(wasInterrupted(r, null)).toBe(false);
    expect(studyRecordProblem(r)).toBeNull();
    expect(studyRecordProblem(null)).toBe('not a study record (no id)');
  });
});
