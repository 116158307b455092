/**
 * The search session: runs a study on the page — core's runStudy over the training worker's client, one
 * trial at a time, each trial a normal job (its own JobSpec, curves and checkpoints) — keeps the study in
 * IndexedDB after every change, resumes one cut off by a reload (the interrupted trial continues from its
 * last checkpoint; from its start when it had none yet), and makes the best trial the trained model.
 * One session per mounted app (SearchProvider), so switching stages never stops a study.
 */
import type { TrainingData } from '../../../core/data/types';
import type { ModelFiles } from '../../../core/model/sources/types';
import { createStudyControl, runStudy, type StudyEvent } from '../../../core/search/runner';
import { bestTrial, createStudy, type StudySpec } from '../../../core/search/study';
import type { JobSpec } from '../../../core/spec/jobSpec';
import type { CheckpointStore } from '../../../core/train/checkpoint';
import { emptyHistory, reduceHistory, type RunHistory } from '../../../core/train/runHistory';
import { jobData } from '../../../core/train/splitLimits';
import { createIdbCheckpointStore } from '../../../storage/checkpointStore';
import type { TokenizerFiles } from '../../../storage/keepTrainedModel';
import { createStudyStore, studyTrialJobId, type StudyRecord, type StudyStore } from '../../../storage/studyStore';
import { keepBestTrialInWorker } from '../../../worker/exportClient';
import { createTrainClient, type TrainClient } from '../../../worker/trainClient';
import type { FinalizedPayload } from '../../../worker/trainProtocol';
import { createContext, createElement, useContext, useState, type ReactNode } from 'react';
import { createStore, useStore, type Store } from '../../store/store';
import { scopedCheckpoints, scopedTrialRunner } from './trialJobs';

export interface SearchInputs {
  data: TrainingData;
  modelFiles: ModelFiles;
}

export interface SearchState {
  /** Every study in IndexedDB, newest first; the live one kept current here. */
  studies: StudyRecord[];
  /** The study shown. */
  currentId: string | null;
  /** The study running in this page, if any. */
  liveId: string | null;
  stopping: boolean;
  /** Curves of the shown study's trials, by trial number. */
  histories: Record<number, RunHistory>;
  /** What happened to the shown study in this session, in order: trials resumed from a checkpoint, why it stopped. */
  notices: string[];
  error: string | null;
  finalizing: boolean;
  loaded: boolean;
}

export interface SearchDeps {
  makeClient: () => TrainClient;
  store: StudyStore;
  checkpoints: CheckpointStore;
  /** Keeps the best trial (scored on test) as a trained model; returns its id. In the export worker on the page. */
  keepBestTrial: (record: StudyRecord, final: FinalizedPayload, files: TokenizerFiles) => Promise<string>;
}

export interface SearchSession {
  state: Store<SearchState>;
  init(): Promise<void>;
  start(spec: StudySpec, baseJob: JobSpec, inputs: SearchInputs, origin: { datasetId: string; modelKey: string }): Promise<void>;
  /** Continues a stopped or interrupted study (its budget permitting). */
  resume(id: string, inputs: SearchInputs): Promise<void>;
  stop(): void;
  select(id: string): Promise<void>;
  /** The best trial → a trained model in the Use stage; the test split is scored here, once. */
  useBest(id: string, inputs: SearchInputs): Promise<void>;
}

const newStudyId = () => `study-${Date.now().toString(36)}-${crypto.randomUUID().slice(0, 6)}`;

/** What the session's parts share: its dependencies, its state, and the control of the running study. */
interface Ctx {
  deps: SearchDeps;
  state: Store<SearchState>;
  control: ReturnType<typeof createStudyControl> | null;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Shows the record's current study (a copy: the runner mutates the original in place). */
function publish(ctx: Ctx, record: StudyRecord): void {
  const copy = { ...record, study: structuredClone(record.study) };
  const studies = [copy, ...ctx.state.get().studies.filter((s) => s.id !== record.id)];
  ctx.state.set({ studies: studies.sort((a, b) => b.createdAt.localeCompare(a.createdAt)) });
}

function note(ctx: Ctx, sentence: string): void {
  ctx.state.set({ notices: [...ctx.state.get().notices, sentence] });
}

function setHistory(ctx: Ctx, trial: number, h: RunHistory): void {
  ctx.state.set({ histories: { ...ctx.state.get().histories, [trial]: h } });
}

/** A trial's curves to IndexedDB; best effort (the study itself is saved apart, and its failures stop it). */
function saveRun(ctx: Ctx, record: StudyRecord, trial: number): void {
  const history = ctx.state.get().histories[trial];
  const t = record.study.trials[trial];
  if (!history || !t) return;
  ctx.deps.store.saveTrialRun({ jobId: studyTrialJobId(record.id, t.jobId), studyId: record.id, trial, history }).catch(() => {});
}

function onStudyEvent(ctx: Ctx, record: StudyRecord): (e: StudyEvent) => void {
  return (e) => {
    switch (e.type) {
      case 'trial-started':
        if (!e.resumedFrom) setHistory(ctx, e.trial.number, emptyHistory());
        if (e.resumedFrom) note(ctx, `Trial ${e.trial.number} resumed from checkpoint ${e.resumedFrom}.`);
        return publish(ctx, record);
      case 'trial-event':
        setHistory(ctx, e.trial, reduceHistory(ctx.state.get().histories[e.trial] ?? emptyHistory(), e.event));
        if (e.event.type !== 'evaluation' && e.event.type !== 'checkpoint') return;
        // After the runner has recorded the value (it hears the event after this listener); a reload then
        // keeps the trial's evaluations so far. A failure here is reported by the runner's own saves.
        queueMicrotask(() => {
          publish(ctx, record);
          ctx.deps.store.save(record).catch(() => {});
          saveRun(ctx, record, e.trial);
        });
        return;
      case 'trial-finished':
        saveRun(ctx, record, e.trial.number);
        return publish(ctx, record);
      case 'study-stopped':
        note(ctx, `Search stopped: ${e.message}.`);
        return publish(ctx, record);
      default: {
        const never: never = e;
        throw new Error(`unknown study event ${JSON.stringify(never)}`);
      }
    }
  };
}

/** Runs the study's trials in a fresh training worker until its budget, a stop, or full storage. */
async function runInWorker(ctx: Ctx, record: StudyRecord, inputs: SearchInputs): Promise<void> {
  const { deps, state } = ctx;
  const client = deps.makeClient();
  ctx.control = createStudyControl();
  state.set({ liveId: record.id, currentId: record.id, stopping: false, error: null });
  try {
    await runStudy({
      study: record.study,
      runner: scopedTrialRunner(client, record.id),
      modelFor: async () => inputs.modelFiles,
      // The quick-trial sample is cut once here (the same for every trial), so only it is cloned to the worker.
      data: jobData(inputs.data, record.study.baseJob),
      store: scopedCheckpoints(deps.checkpoints, record.id),
      persist: () => deps.store.save(record),
      control: ctx.control,
      onEvent: onStudyEvent(ctx, record),
    });
  } catch (e) {
    state.set({ error: `The search failed: ${message(e)}` });
  } finally {
    client.terminate();
    ctx.control = null;
    publish(ctx, record);
    state.set({ liveId: null, stopping: false });
  }
}

/** The best trial scored on the test split — once: the scores are kept with the study and reused. */
async function finalizeOnce(ctx: Ctx, record: StudyRecord, inputs: SearchInputs): Promise<FinalizedPayload> {
  if (record.finalized) return record.finalized;
  const client = ctx.deps.makeClient();
  try {
    const final = await client.finalize({ study: record.study, data: jobData(inputs.data, record.study.baseJob), modelFiles: inputs.modelFiles });
    record.study.final = { trial: final.trial, testMetrics: final.test };
    record.finalized = final;
    await ctx.deps.store.save(record);
    return final;
  } finally {
    client.terminate();
  }
}

async function useBest(ctx: Ctx, record: StudyRecord, inputs: SearchInputs): Promise<void> {
  if (record.trainedModelId) return;
  if (!bestTrial(record.study)) throw new Error('no trial completed: there is no best trial to use');
  ctx.state.set({ finalizing: true, error: null });
  try {
    const final = await finalizeOnce(ctx, record, inputs);
    record.trainedModelId = await ctx.deps.keepBestTrial(record, final, inputs.modelFiles);
    await ctx.deps.store.save(record);
  } catch (e) {
    ctx.state.set({ error: `Could not make the best trial's model: ${message(e)}` });
  } finally {
    publish(ctx, record);
    ctx.state.set({ finalizing: false });
  }
}

async function loadHistories(ctx: Ctx, id: string): Promise<void> {
  const runs = await ctx.deps.store.trialRuns(id).catch(() => []);
  const histories: Record<number, RunHistory> = {};
  for (const r of runs) histories[r.trial] = r.history;
  ctx.state.set({ histories });
}

async function init(ctx: Ctx): Promise<void> {
  try {
    const { studies, unreadable } = await ctx.deps.store.list();
    const error = unreadable.length ? `Some saved studies cannot be read: ${unreadable.join('; ')}` : null;
    ctx.state.set({ studies, currentId: studies[0]?.id ?? null, loaded: true, error });
    if (studies[0]) await loadHistories(ctx, studies[0].id);
  } catch (e) {
    ctx.state.set({ loaded: true, error: `Could not read saved studies: ${message(e)}` });
  }
}

export function createSearchSession(deps: SearchDeps): SearchSession {
  const state = createStore<SearchState>({
    studies: [], currentId: null, liveId: null, stopping: false, histories: {}, notices: [], error: null, finalizing: false, loaded: false,
  });
  const ctx: Ctx = { deps, state, control: null };
  /** A working copy of a stored study (the runner mutates it; the state shows published copies). */
  const copyOf = (id: string) => {
    const r = state.get().studies.find((s) => s.id === id);
    if (!r) throw new Error(`no study ${id} in this browser`);
    return structuredClone(r);
  };
  const idle = () => {
    if (state.get().liveId) throw new Error('a search is already running');
  };
  return {
    state,
    init: () => init(ctx),
    async start(spec, baseJob, inputs, origin) {
      idle();
      const now = new Date().toISOString();
      const record: StudyRecord = { id: newStudyId(), name: baseJob.name, createdAt: now, updatedAt: now, ...origin, study: createStudy(spec, baseJob) };
      state.set({ histories: {}, notices: [] });
      publish(ctx, record);
      await runInWorker(ctx, record, inputs);
    },
    async resume(id, inputs) {
      idle();
      const record = copyOf(id);
      state.set({ notices: [] });
      await loadHistories(ctx, id);
      await runInWorker(ctx, record, inputs);
    },
    stop() {
      state.set({ stopping: true });
      ctx.control?.stop();
    },
    async select(id) {
      state.set({ currentId: id, notices: [] });
      await loadHistories(ctx, id);
    },
    useBest: (id, inputs) => useBest(ctx, copyOf(id), inputs),
  };
}

const SearchContext = createContext<SearchSession | null>(null);

/** Holds the page's one search session (training worker, IndexedDB); above the stage switch, so a study survives switching stages. */
export function SearchProvider({ children }: { children: ReactNode }) {
  const [session] = useState(() => createSearchSession({
    makeClient: () => createTrainClient(),
    store: createStudyStore(),
    checkpoints: createIdbCheckpointStore(),
    keepBestTrial: keepBestTrialInWorker,
  }));
  return createElement(SearchContext.Provider, { value: session }, children);
}

export function useSearchSession(): SearchSession {
  const s = useContext(SearchContext);
  if (!s) throw new Error('useSearchSession outside <SearchProvider>');
  return s;
}

export function useSearchState<T>(select: (s: SearchState) => T): T {
  return useStore(useSearchSession().state, select);
}
