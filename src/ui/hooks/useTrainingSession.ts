/**
 * The training session: the worker client, the live run's history, and the job records in IndexedDB.
 * It lives in a provider above the stage tabs (see App.tsx), so switching tabs never kills a run.
 * State is a small store (the studio's own createStore); components read it with useTrainingState.
 */
import { createContext, createElement, useContext, useState, type ReactNode } from 'react';
import type { TrainingData } from '../../core/data/types';
import type { ModelFiles } from '../../core/model/sources/types';
import type { JobSpec } from '../../core/spec/jobSpec';
import type { DoneEvent, TrainerEvent } from '../../core/train/events';
import type { BackendChoice } from '../../worker/backendChoice';
import type { JobRecord, JobStatus } from '../../storage/jobRecords';
import { listJobRecords, markOrphanedJobsInterrupted, saveJobRecord } from '../../storage/jobRecords';
import { createTrainClient, type TrainClient } from '../../worker/trainClient';
import { jobData } from '../../core/train/splitLimits';
import { emptyHistory, reduceHistory } from '../../core/train/runHistory';
import { createStore, useStore, type Store } from '../store/store';
import { createFrameBatcher, nextFrame, type FrameScheduler } from '../store/frameBatcher';
import { keepModelInWorker } from '../../worker/exportClient';
import { advanceTiming, NO_TIMING } from '../../core/train/runTiming';
import type { RunOutcome } from '../../core/train/checkpoint';
import { tidyCheckpoints } from '../../storage/usage';

export interface TrainingInputs {
  data: TrainingData;
  modelFiles: ModelFiles;
}

/** Where a job's inputs come from, kept in its record so a resume after a reload can reload them. */
export interface JobOrigin {
  datasetId: string;
  modelKey: string;
}

export interface TrainingState {
  /** Every job in IndexedDB, newest first; the live one is kept up to date here. */
  jobs: JobRecord[];
  /** The job whose worker is alive (running or paused), if any. */
  liveJobId: string | null;
  backend: BackendChoice | null;
  /** A failure to start (bad inputs, worker crash) in words. */
  startError: string | null;
  loaded: boolean;
}

export interface TrainingSession {
  store: Store<TrainingState>;
  /** Reads IndexedDB once: marks cut-off runs interrupted and lists every job. */
  init(): Promise<void>;
  start(jobId: string, spec: JobSpec, inputs: TrainingInputs, origin: JobOrigin): Promise<void>;
  /** Continue an interrupted (or paused-and-reloaded) job from its newest checkpoint. */
  resumeFromCheckpoint(jobId: string, inputs: TrainingInputs): Promise<void>;
  pause(): void;
  resume(): void;
  cancel(): void;
  /** Drops a job deleted from storage (the Storage panel) from the list. */
  forget(jobId: string): void;
  dispose(): void;
}

function statusAfter(e: TrainerEvent, current: JobStatus): JobStatus {
  switch (e.type) {
    case 'started': case 'resumed': return 'running';
    case 'paused': return 'paused';
    case 'done': return e.reason === 'cancelled' ? 'cancelled' : e.reason === 'diverged' ? 'failed' : 'done';
    case 'error': return 'failed';
    case 'step': case 'evaluation': case 'checkpoint': case 'unfrozen': case 'warning': return current;
    default: {
      const never: never = e;
      throw new Error(`unknown event ${JSON.stringify(never)}`);
    }
  }
}

/** Step events come several times a second; write the record at most this often (other events at once). */
const SAVE_EVERY_MS = 1000;

/** What the session talks to; the defaults are the worker and IndexedDB, tests pass fakes. */
export interface SessionDeps {
  makeClient: () => TrainClient;
  saveJob: (record: JobRecord) => Promise<void>;
  /** Lists every job after marking cut-off runs interrupted (see markOrphanedJobsInterrupted). */
  loadJobs: () => Promise<JobRecord[]>;
  listJobs: () => Promise<JobRecord[]>;
  /** Keeps the finished run's best checkpoint as a trained model; returns its id (or null). */
  keepModel: (job: JobRecord, done: DoneEvent, modelFiles: ModelFiles) => Promise<string | null>;
  /** When the worker's events are applied: once per animation frame in the page (see frameBatcher.ts). */
  scheduleFrame: FrameScheduler;
  /** Deletes the checkpoints a finished run no longer needs; returns what it did, in words. */
  tidy: (jobId: string, outcome: RunOutcome, bestId: string | null) => Promise<string>;
}

const DEFAULT_DEPS: SessionDeps = {
  makeClient: () => createTrainClient(),
  saveJob: saveJobRecord,
  loadJobs: markOrphanedJobsInterrupted,
  listJobs: listJobRecords,
  keepModel: keepModelInWorker,
  scheduleFrame: nextFrame,
  tidy: tidyCheckpoints,
};

/** The job record after one event at time `now`: its history, status, backend, message and timing. */
function applyEvent(j: JobRecord, e: TrainerEvent, now: number): JobRecord {
  return {
    ...j,
    history: reduceHistory(j.history, e),
    status: statusAfter(e, j.status),
    backend: e.type === 'started' ? { name: e.backend, reason: e.backendReason } : j.backend,
    message: e.type === 'done' ? e.message : e.type === 'error' ? `${e.error.name}: ${e.error.message}`
      : e.type === 'started' ? (e.resumeNote ?? '') : j.message,
    timing: advanceTiming(j.timing, e, now),
  };
}

/** How a job that is no longer live ended, for its checkpoints; null while it could still go on. */
function outcomeOf(job: JobRecord): RunOutcome | null {
  if (job.history.done) return job.history.done.reason === 'cancelled' ? 'cancelled' : 'done';
  return job.status === 'failed' ? 'failed' : null;
}

export function createTrainingSession(overrides: Partial<SessionDeps> = {}): TrainingSession {
  const deps: SessionDeps = { ...DEFAULT_DEPS, ...overrides };
  const store = createStore<TrainingState>({ jobs: [], liveJobId: null, backend: null, startError: null, loaded: false });
  let client: TrainClient | null = null;
  let lastSave = 0;
  let saveChain: Promise<void> = Promise.resolve();

  const updateJob = (jobId: string, fn: (j: JobRecord) => JobRecord, also: Partial<TrainingState> = {}): JobRecord | null => {
    let updated: JobRecord | null = null;
    const jobs = store.get().jobs.map((j) => (j.id === jobId ? (updated = fn(j)) : j));
    store.set({ jobs, ...also });
    return updated;
  };
  // Writes are chained so an older snapshot can never land after a newer one.
  const persist = (record: JobRecord) => {
    saveChain = saveChain.then(() => deps.saveJob(record)).catch((err: unknown) => {
      store.set({ startError: `Could not save the job record: ${err instanceof Error ? err.message : String(err)}` });
    });
  };

  // A frame's events at once: one state change (one redraw) and at most one write of the record.
  const onEvents = (jobId: string) => (events: TrainerEvent[]) => {
    const now = Date.now();
    const ended = events.some((e) => e.type === 'done' || e.type === 'error');
    const rec = updateJob(jobId, (j) => ({ ...events.reduce((r, e) => applyEvent(r, e, now), j), updatedAt: new Date(now).toISOString() }), ended ? { liveJobId: null } : {});
    if (!rec) return;
    if (events.some((e) => e.type !== 'step') || now - lastSave >= SAVE_EVERY_MS) {
      lastSave = now;
      persist(rec);
    }
  };

  const keepTrainedModel = async (jobId: string, done: DoneEvent, modelFiles: ModelFiles) => {
    const job = store.get().jobs.find((j) => j.id === jobId);
    if (!job) return;
    try {
      const trainedModelId = await deps.keepModel(job, done, modelFiles);
      if (!trainedModelId) return;
      const rec = updateJob(jobId, (j) => ({ ...j, trainedModelId }));
      if (rec) persist(rec);
    } catch (err) {
      store.set({ startError: `Training finished, but the model could not be kept for the Use stage: ${err instanceof Error ? err.message : String(err)}` });
    }
  };

  /** After the run: its checkpoints are tidied (see checkpointsToTidy) and the job says what is kept. */
  const tidyAfterRun = async (jobId: string) => {
    const job = store.get().jobs.find((j) => j.id === jobId);
    const outcome = job ? outcomeOf(job) : null;
    if (!job || !outcome) return;
    try {
      const note = await deps.tidy(jobId, outcome, job.history.done?.bestCheckpointId ?? null);
      const rec = updateJob(jobId, (j) => ({ ...j, checkpointNote: note }));
      if (rec) persist(rec);
    } catch (err) {
      store.set({ startError: `Could not clean up the run's checkpoints: ${err instanceof Error ? err.message : String(err)}` });
    }
  };

  const launch = async (jobId: string, modelFiles: ModelFiles, run: (c: TrainClient) => Promise<DoneEvent>) => {
    client?.terminate();
    const c = deps.makeClient();
    client = c;
    const events = createFrameBatcher(onEvents(jobId), deps.scheduleFrame);
    c.onEvent(events.push);
    c.onBackend((backend) => store.set({ backend }));
    store.set({ liveJobId: jobId, startError: null, backend: null });
    try {
      const done = await run(c);
      events.flush(); // the record must hold the run's end before the model is kept
      await saveChain;
      await keepTrainedModel(jobId, done, modelFiles);
    } catch (err) {
      // The error already reached the job through its 'error' event; keep the sentence for the banner.
      events.flush();
      store.set({ startError: err instanceof Error ? err.message : String(err), liveJobId: null });
    } finally {
      await saveChain;
      // A finished worker holds GPU memory; let it go.
      if (client === c) { c.terminate(); client = null; }
      await tidyAfterRun(jobId);
    }
  };

  return {
    store,
    async init() {
      try {
        const jobs = await deps.loadJobs();
        store.set({ jobs, loaded: true });
      } catch (err) {
        store.set({ loaded: true, startError: `Could not read saved jobs: ${err instanceof Error ? err.message : String(err)}` });
      }
    },
    async start(jobId, spec, inputs, origin) {
      const now = new Date().toISOString();
      const record: JobRecord = {
        id: jobId, spec, status: 'running', createdAt: now, updatedAt: now, backend: null, history: emptyHistory(), message: '', ...origin,
        timing: NO_TIMING,
      };
      store.set({ jobs: [record, ...store.get().jobs.filter((j) => j.id !== jobId)] });
      persist(record);
      // The spec's quick-trial sample is cut here, so only it is cloned to the worker.
      const data = jobData(inputs.data, spec);
      await launch(jobId, inputs.modelFiles, (c) => c.start({ jobId, spec, data, model: inputs.modelFiles }));
    },
    async resumeFromCheckpoint(jobId, inputs) {
      const job = store.get().jobs.find((j) => j.id === jobId) ?? (await deps.listJobs()).find((j) => j.id === jobId);
      if (!job) throw new Error(`no saved job ${jobId}`);
      updateJob(jobId, (j) => ({ ...j, status: 'running', message: 'Resuming from the last checkpoint…' }));
      const data = jobData(inputs.data, job.spec);
      await launch(jobId, inputs.modelFiles, (c) => c.resumeFromCheckpoint({ jobId, spec: job.spec, data, modelFiles: inputs.modelFiles }));
    },
    pause() { client?.pause(); },
    resume() { client?.resume(); },
    cancel() { client?.cancel(); },
    forget(jobId) { store.set({ jobs: store.get().jobs.filter((j) => j.id !== jobId) }); },
    dispose() { client?.terminate(); client = null; },
  };
}

const SessionContext = createContext<TrainingSession | null>(null);

/** Holds the one training session for the mounted app; wrap it around the stage switch. */
export function TrainingProvider({ children }: { children: ReactNode }) {
  const [session] = useState(() => createTrainingSession());
  return createElement(SessionContext.Provider, { value: session }, children);
}

export function useTrainingSession(): TrainingSession {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useTrainingSession outside <TrainingProvider>');
  return s;
}

export function useTrainingState<T>(select: (s: TrainingState) => T): T {
  return useStore(useTrainingSession().store, select);
}
