/**
 * Hyperparameter studies in IndexedDB: one record per study (its versioned study JSON — spec, base job,
 * every trial — plus where its inputs came from), and one run history per trial (its curves), in their own
 * database so their schema never races the jobs' or the data stage's. The trials' checkpoints live with
 * every other job's (checkpointStore.ts), under job ids scoped to the study (studyTrialJobId).
 *
 * Writes go through one queue, so an older snapshot of a study can never land after a newer one; a write
 * that fails (quota) rejects with a StorageError naming the study, which the study runner reads as
 * "storage ran out": it stops cleanly and keeps the best trial.
 */
import type { DBSchema, IDBPDatabase } from 'idb';
import { StorageError } from '../core/search/storageErrors';
import { STUDY_FORMAT, STUDY_SPEC_VERSION, type Study } from '../core/search/study';
import type { JobSpec } from '../core/spec/jobSpec';
import type { EvalMetrics } from '../core/train/metrics';
import type { RunHistory } from '../core/train/runHistory';
import { openClosingDb, withOpenDb } from './idb';

export const STUDIES_DB_NAME = 'finetune-studio-studies';
const STUDIES_DB_VERSION = 1;

/** The best trial made into the model: which checkpoint, its spec, and its scores (the test split's scored once). */
export interface StudyFinalModel {
  trial: number;
  checkpointId: string;
  spec: JobSpec;
  validation: EvalMetrics | null;
  /** Null when the data has no test split. */
  test: EvalMetrics | null;
  /** The backend that scored it. */
  backend: string;
}

export interface StudyRecord {
  id: string;
  /** For people: the base job's name. */
  name: string;
  /** ISO times. */
  createdAt: string;
  updatedAt: string;
  /** The studio's dataset id and model key: a resume after a reload reloads them. */
  datasetId: string;
  modelKey: string;
  study: Study;
  /** Set once the test split is scored for the best trial: a retry never scores it again. */
  finalized?: StudyFinalModel;
  /** The trained model made from the best trial ("Use best"), once made. */
  trainedModelId?: string;
}

/** One trial's curves, as the Train stage draws a run. */
export interface TrialRunRecord {
  /** The trial's job id (studyTrialJobId). */
  jobId: string;
  studyId: string;
  trial: number;
  history: RunHistory;
}

interface StudiesSchema extends DBSchema {
  studies: { key: string; value: StudyRecord };
  trialRuns: { key: string; value: TrialRunRecord; indexes: { studyId: string } };
}

/** What the store needs of a database: IndexedDB in the browser, a Map in unit tests. */
export interface StudyDb {
  putStudy(r: StudyRecord): Promise<void>;
  getStudy(id: string): Promise<unknown>;
  allStudies(): Promise<unknown[]>;
  putTrialRun(r: TrialRunRecord): Promise<void>;
  trialRuns(studyId: string): Promise<TrialRunRecord[]>;
  deleteStudy(id: string): Promise<void>;
}

function openStudiesDb(): Promise<IDBPDatabase<StudiesSchema>> {
  return openClosingDb<StudiesSchema>(STUDIES_DB_NAME, STUDIES_DB_VERSION, (db) => {
    db.createObjectStore('studies', { keyPath: 'id' });
    db.createObjectStore('trialRuns', { keyPath: 'jobId' }).createIndex('studyId', 'studyId');
  });
}

const withDb = <T>(fn: (db: IDBPDatabase<StudiesSchema>) => Promise<T>) => withOpenDb(openStudiesDb, fn);

export function idbStudyDb(): StudyDb {
  return {
    putStudy: (r) => withDb(async (db) => { await db.put('studies', r); }),
    getStudy: (id) => withDb((db) => db.get('studies', id)),
    allStudies: () => withDb((db) => db.getAll('studies')),
    putTrialRun: (r) => withDb(async (db) => { await db.put('trialRuns', r); }),
    trialRuns: (studyId) => withDb((db) => db.getAllFromIndex('trialRuns', 'studyId', studyId)),
    deleteStudy: (id) => withDb(async (db) => {
      const tx = db.transaction(['studies', 'trialRuns'], 'readwrite');
      const runs = await tx.objectStore('trialRuns').index('studyId').getAllKeys(id);
      await Promise.all([...runs.map((k) => tx.objectStore('trialRuns').delete(k)), tx.objectStore('studies').delete(id), tx.done]);
    }),
  };
}

/** A trial's job id: scoped to its study, so two studies' trial checkpoints never share a key. */
export function studyTrialJobId(studyId: string, trialJobId: string): string {
  return `${studyId}/${trialJobId}`;
}

/** Why a stored value is not a study this studio can read, or null when it is one. */
export function studyRecordProblem(value: unknown): string | null {
  const r = value as Partial<StudyRecord> | null;
  if (!r || typeof r !== 'object' || typeof r.id !== 'string') return 'not a study record (no id)';
  const s = r.study as Partial<Study> | undefined;
  if (!s || s.format !== STUDY_FORMAT) return `study ${r.id}: not a FineTune Studio study`;
  if (s.version !== STUDY_SPEC_VERSION) return `study ${r.id}: study version ${String(s.version)} is not supported (expected ${STUDY_SPEC_VERSION})`;
  if (!Array.isArray(s.trials)) return `study ${r.id}: it has no trials list`;
  return null;
}

/**
 * A study that was running when the page went away: it has no stop reason and no live runner in this
 * page. Its running trial continues from its last checkpoint when the study is resumed.
 */
export function wasInterrupted(record: StudyRecord, liveStudyId: string | null): boolean {
  return record.id !== liveStudyId && record.study.stopReason === undefined;
}

export interface StudyStore {
  /** Queued after every earlier write; a failed write rejects with a StorageError naming the study. */
  save(record: StudyRecord): Promise<void>;
  load(id: string): Promise<StudyRecord | null>;
  /** Every readable study, newest first, and a sentence for each stored one that is not readable. */
  list(): Promise<{ studies: StudyRecord[]; unreadable: string[] }>;
  saveTrialRun(run: TrialRunRecord): Promise<void>;
  trialRuns(studyId: string): Promise<TrialRunRecord[]>;
  delete(id: string): Promise<void>;
}

export function createStudyStore(db: StudyDb = idbStudyDb()): StudyStore {
  let queue: Promise<unknown> = Promise.resolve();
  // Each write waits for the ones before it; a failure rejects its own caller and does not block later writes.
  const enqueue = (what: string, write: () => Promise<void>): Promise<void> => {
    const next = queue.then(write).catch((e: unknown) => {
      throw new StorageError(`could not save ${what}: ${(e as Error)?.message ?? String(e)}`, { cause: e });
    });
    queue = next.catch(() => {});
    return next;
  };
  return {
    save(record) {
      // Cloned now: the runner keeps mutating the study while the write waits its turn.
      const copy = structuredClone({ ...record, updatedAt: new Date().toISOString() });
      return enqueue(`study ${record.id}`, () => db.putStudy(copy));
    },
    async load(id) {
      const r = await db.getStudy(id);
      if (r === undefined || r === null) return null;
      const problem = studyRecordProblem(r);
      if (problem) throw new Error(problem);
      return r as StudyRecord;
    },
    async list() {
      const studies: StudyRecord[] = [];
      const unreadable: string[] = [];
      for (const r of await db.allStudies()) {
        const problem = studyRecordProblem(r);
        if (problem) unreadable.push(problem);
        else studies.push(r as StudyRecord);
      }
      studies.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
      return { studies, unreadable };
    },
    saveTrialRun(run) {
      const copy = structuredClone(run);
      return enqueue(`the curves of trial ${run.trial} of study ${run.studyId}`, () => db.putTrialRun(copy));
    },
    async trialRuns(studyId) {
      return (await db.trialRuns(studyId)).sort((a, b) => a.trial - b.trial);
    },
    delete(id) {
      return enqueue(`the deletion of study ${id}`, () => db.deleteStudy(id));
    },
  };
}
