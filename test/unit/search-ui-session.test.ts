// The search session over a scripted training-worker client, a memory study store and a fake checkpoint
// store: trials get job ids scoped to their study; a diverging trial is marked failed and the study goes on;
// the worker's "storage is full" stops the study cleanly with the best trial kept; a study cut off by a
// reload resumes its running trial from its checkpoint; "use best" scores the test split once.
import { describe, expect, it } from 'vitest';
import type { TrainingData } from '../../src/core/data/types';
import type { TrainedModelRecord } from '../../src/core/export/trainedModel';
import { bestTrial, createStudy, type StudySpec } from '../../src/core/search/study';
import type { CheckpointRecord, CheckpointStore, CheckpointSummary } from '../../src/core/train/checkpoint';
import type { DoneEvent, TrainerEvent } from '../../src/core/train/events';
import type { SingleLabelMetrics } from '../../src/core/train/metrics';
import { saveBestTrialModel } from '../../src/storage/keepTrainedModel';
import { createStudyStore, type StudyDb, type StudyRecord, type TrialRunRecord } from '../../src/storage/studyStore';
import { createSearchSession } from '../../src/ui/components/search/searchSession';
import type { TrainClient } from '../../src/worker/trainClient';
import type { FinalizedPayload } from '../../src/worker/trainProtocol';
import { baseJob } from './search-helpers';

const SPEC: StudySpec = {
  version: 1, space: { params: [{ name: 'hyperparameters.learningRate', kind: 'categorical', choices: [1e-3, 2e-3, 3e-3] }] },
  sampler: { kind: 'grid', seed: 1 }, pruner: { kind: 'none' }, objective: { metric: 'macro_f1', direction: 'maximize' }, budget: { trials: 3 },
};
const metrics = (macro: number, count = 4): SingleLabelMetrics => ({ kind: 'single', loss: 0.5, accuracy: macro, macro_f1: macro, perClass: [], confusion: [], count });
const data: TrainingData = {
  labelKind: 'single', labelNames: ['a', 'b'], texts: Array.from({ length: 12 }, (_, i) => `t${i}`),
  labels: Float32Array.from({ length: 12 }, (_, i) => i % 2), split: Uint8Array.from({ length: 12 }, (_, i) => i % 3), rowNumbers: Int32Array.from({ length: 12 }, (_, i) => i + 1),
};
const inputs = { data, modelFiles: { tokenizerJson: {}, tokenizerConfig: {}, extraFiles: {}, config: { model_type: 'bert' } } as never };

type Script = (jobId: string, emit: (e: TrainerEvent) => void) => DoneEvent;
const completed = (value: number): Script => (jobId, emit) => {
  emit({ type: 'evaluation', split: 'validation', epoch: 1, step: 10, metrics: metrics(value) });
  return { type: 'done', reason: 'completed', message: 'done', step: 10, bestStep: 10, bestCheckpointId: `${jobId}/step-10`, bestMetric: { name: 'macro_f1', value }, testMetrics: null };
};
const diverged: Script = () => ({ type: 'done', reason: 'diverged', message: 'loss became NaN at step 3; try a lower learning rate', step: 3, bestStep: null, bestCheckpointId: null, bestMetric: null, testMetrics: null });
const storageFull: Script = () => {
  throw Object.assign(new Error('Browser storage is full: checkpoint x needs about 4.0 MB but only 1.0 MB of 9.0 MB is free.'), { name: 'StorageFullError' });
};

/** A client that plays one script per start call, and answers finalize with `final`. */
function scriptedClient(scripts: Script[], log: string[], final?: FinalizedPayload) {
  return (): TrainClient => {
    const listeners = new Set<(e: TrainerEvent) => void>();
    const emit = (e: TrainerEvent) => listeners.forEach((l) => l(e));
    return {
      async start(r) {
        log.push(`start ${r.jobId}${r.resumeFrom ? ` from ${r.resumeFrom}` : ''}`);
        const done = scripts.shift()!(r.jobId, emit);
        emit(done);
        return done;
      },
      resumeFromCheckpoint: () => Promise.reject(new Error('not used')),
      async finalize() { log.push('finalize'); return final!; },
      pause: () => {}, resume: () => {}, cancel: () => log.push('cancel'),
      onEvent: (l) => { listeners.add(l); return () => listeners.delete(l); },
      onBackend: () => () => {},
      terminate: () => log.push('terminate'),
    };
  };
}

function memoryStudyDb(): StudyDb & { studies: Map<string, StudyRecord> } {
  const studies = new Map<string, StudyRecord>();
  const runs = new Map<string, TrialRunRecord>();
  return {
    studies,
    putStudy: async (r) => { studies.set(r.id, r); },
    getStudy: async (id) => studies.get(id),
    allStudies: async () => [...studies.values()],
    putTrialRun: async (r) => { runs.set(r.jobId, r); },
    trialRuns: async (id) => [...runs.values()].filter((r) => r.studyId === id),
    deleteStudy: async (id) => { studies.delete(id); },
  };
}

function checkpointStore(summaries: Record<string, string[]> = {}): CheckpointStore {
  return {
    save: async () => {},
    list: async (jobId) => (summaries[jobId] ?? []).map((id, i) => ({ id, jobId, step: 10 * (i + 1) }) as CheckpointSummary),
    delete: async () => {},
    load: async (id) => ({ id, jobId: id.replace(/\/step-\d+$/, ''), spec: baseJob(), modelConfig: {}, weights: {}, state: { epoch: 0, bestStep: 10 } }) as unknown as CheckpointRecord,
  };
}

describe('search session', () => {
  it('scopes trial job ids to the study; a diverging trial fails and the study goes on; full storage stops it keeping the best', async () => {
    const log: string[] = [];
    const db = memoryStudyDb();
    const session = createSearchSession({
      makeClient: scriptedClient([completed(0.8), diverged, storageFull], log), store: createStudyStore(db),
      checkpoints: checkpointStore(), keepBestTrial: async () => 'never',
    });
    await session.init();
    await session.start({ ...SPEC, budget: { trials: 5 } }, baseJob(), inputs, { datasetId: 'd', modelKey: 'bundled:x' });
    const id = session.state.get().currentId!;
    expect(log).toEqual([`start ${id}/trial-0`, `start ${id}/trial-1`, `start ${id}/trial-2`, 'terminate']);
    const s = session.state.get().studies[0].study;
    expect(s.trials.map((t) => t.state)).toEqual(['complete', 'failed', 'failed']);
    expect(s.trials[1].error).toBe('loss became NaN at step 3; try a lower learning rate');
    expect(s.stopReason).toBe('storage');
    expect(s.stopMessage).toBe('storage ran out during trial 2 (Browser storage is full: checkpoint x needs about 4.0 MB but only 1.0 MB of 9.0 MB is free.); stopped, the best trial is kept');
    expect(bestTrial(s)?.number).toBe(0);
    expect(session.state.get().notices).toEqual([`Search stopped: ${s.stopMessage}.`]);
    expect(session.state.get().liveId).toBeNull();
    // What IndexedDB holds is what the page shows.
    expect(db.studies.get(id)!.study.trials.map((t) => t.state)).toEqual(['complete', 'failed', 'failed']);
    expect(db.studies.get(id)!.study.stopReason).toBe('storage');
  });

  it('after a reload, resumes the interrupted trial from its last checkpoint and finishes the budget', async () => {
    const db = memoryStudyDb();
    const study = createStudy(SPEC, baseJob());
    study.trials.push(
      { number: 0, params: { 'hyperparameters.learningRate': 1e-3 }, state: 'complete', value: 0.7, intermediate: { 0: 0.7 }, durationS: 3, jobId: 'trial-0', bestCheckpointId: 's1/trial-0/step-10' },
      { number: 1, params: { 'hyperparameters.learningRate': 2e-3 }, state: 'running', value: null, intermediate: {}, durationS: 0, jobId: 'trial-1' },
    );
    db.studies.set('s1', { id: 's1', name: 'n', createdAt: '2026-01-01', updatedAt: '2026-01-01', datasetId: 'd', modelKey: 'm', study });
    const log: string[] = [];
    const session = createSearchSession({
      makeClient: scriptedClient([completed(0.9), completed(0.6)], log), store: createStudyStore(db),
      checkpoints: checkpointStore({ 's1/trial-1': ['s1/trial-1/step-10', 's1/trial-1/step-20'] }), keepBestTrial: async () => 'never',
    });
    await session.init();
    expect(session.state.get().currentId).toBe('s1');
    await session.resume('s1', inputs);
    expect(log).toEqual(['start s1/trial-1 from s1/trial-1/step-20', 'start s1/trial-2', 'terminate']);
    const s = db.studies.get('s1')!.study;
    expect(s.trials.map((t) => [t.state, t.value])).toEqual([['complete', 0.7], ['complete', 0.9], ['complete', 0.6]]);
    expect(s.stopReason).toBe('grid-exhausted'); // all 3 grid points ran
    expect(session.state.get().notices).toEqual(['Trial 1 resumed from checkpoint s1/trial-1/step-20.', 'Search stopped: ran all 3 combinations of the grid.']);
  });

  it('"use best" scores the test split once and saves the model with the study on its card', async () => {
    const db = memoryStudyDb();
    const log: string[] = [];
    const saved: TrainedModelRecord[] = [];
    const final: FinalizedPayload = { trial: 1, checkpointId: 'x/trial-1/step-10', spec: baseJob(), validation: metrics(0.9), test: metrics(0.85, 4), backend: 'wasm' };
    const session = createSearchSession({
      makeClient: scriptedClient([completed(0.7), completed(0.9), completed(0.8)], log, final), store: createStudyStore(db),
      checkpoints: checkpointStore(),
      // What the export worker runs (storage's saveBestTrialModel), with this test's checkpoints and a save that records.
      keepBestTrial: (record, f, files) => saveBestTrialModel(record, f, files, checkpointStore(), async (r) => { saved.push(r); return r.id; }),
    });
    await session.init();
    await session.start(SPEC, baseJob(), inputs, { datasetId: 'd', modelKey: 'm' });
    const id = session.state.get().currentId!;
    await session.useBest(id, inputs);
    await session.useBest(id, inputs);
    expect(log.filter((l) => l === 'finalize')).toEqual(['finalize']);
    expect(saved.length).toBe(1);
    expect(saved[0].name).toBe(`${baseJob().name} · best of search (trial 1)`);
    expect(saved[0].metrics?.test).toEqual(metrics(0.85, 4));
    expect(saved[0].metrics?.validation).toEqual(metrics(0.9));
    expect(saved[0].metrics?.study).toMatchObject({ bestTrial: 1, bestValue: 0.9, trials: { total: 3, complete: 3, pruned: 0, failed: 0 } });
    const rec = db.studies.get(id)!;
    expect(rec.trainedModelId).toBe('x/trial-1');
    expect(rec.study.final).toEqual({ trial: 1, testMetrics: metrics(0.85, 4) });
    expect(session.state.get().studies[0].trainedModelId).toBe('x/trial-1');
  });

  it('deletes a finished trial\'s checkpoints only after the saved study says it finished (a reload in between can resume it)', async () => {
    const db = memoryStudyDb();
    const deletedWhile: string[] = [];
    const log: string[] = [];
    const store: CheckpointStore = {
      ...checkpointStore(),
      // A trial has a checkpoint once it has started.
      list: async (jobId) => (log.includes(`start ${jobId}`) ? [{ id: `${jobId}/step-10`, jobId, step: 10 } as CheckpointSummary] : []),
      delete: async (id) => {
        const [studyId, trialJob] = id.split('/');
        const t = db.studies.get(studyId)!.study.trials.find((x) => x.jobId === trialJob)!;
        deletedWhile.push(`${trialJob} ${t.state}`);
      },
    };
    const session = createSearchSession({
      makeClient: scriptedClient([completed(0.8), completed(0.6)], log), store: createStudyStore(db), checkpoints: store, keepBestTrial: async () => 'never',
    });
    await session.start({ ...SPEC, budget: { trials: 2 } }, baseJob(), inputs, { datasetId: 'd', modelKey: 'm' });
    // Trial 1 is worse than trial 0: all its checkpoints go, and by then IndexedDB already holds it as complete.
    expect(deletedWhile).toEqual(['trial-1 complete']);
  });
});
