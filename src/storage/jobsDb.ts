/**
 * The training side's IndexedDB database: job records (jobRecords.ts) and checkpoints
 * (checkpointStore.ts). Its own database, so its schema versions never race the data stage's. Works in
 * the training worker and on the page (idb uses only the IndexedDB API).
 */
import type { DBSchema, IDBPDatabase } from 'idb';
import type { JobSpec, SplitLimits } from '../core/spec/jobSpec';
import type { CheckpointRecord, CheckpointSummary } from '../core/train/checkpoint';
import type { RunHistory } from '../core/train/runHistory';
import { openClosingDb, withOpenDb } from './idb';

export const JOBS_DB_NAME = 'finetune-studio-jobs';
const JOBS_DB_VERSION = 1;

export type JobStatus = 'running' | 'paused' | 'interrupted' | 'done' | 'failed' | 'cancelled';

export interface JobRecord {
  id: string;
  spec: JobSpec;
  status: JobStatus;
  /** ISO times. */
  createdAt: string;
  updatedAt: string;
  /** The backend in use and why (as the worker reported it). */
  backend: { name: string; reason: string } | null;
  history: RunHistory;
  /** A sentence for the runs list: the done/failure message. */
  message: string;
  /** The studio's dataset id and model key the job was started with: a resume after a reload reloads them. */
  datasetId: string;
  modelKey: string;
  /** Id of the trained model saved for the Use stage when the run ended (see modelsStore). */
  trainedModelId?: string;
}

/**
 * A job record as an older studio stored it: JobSpec version 1, with the quick-trial limits beside the
 * spec (they are in the spec since version 2).
 */
export type StoredJobRecord = JobRecord | (Omit<JobRecord, 'spec'> & { spec: unknown; limits?: SplitLimits });

export interface JobsSchema extends DBSchema {
  jobs: { key: string; value: StoredJobRecord };
  checkpoints: { key: string; value: CheckpointRecord; indexes: { jobId: string } };
  checkpointSummaries: { key: string; value: CheckpointSummary; indexes: { jobId: string } };
}

export function openJobsDb(): Promise<IDBPDatabase<JobsSchema>> {
  return openClosingDb<JobsSchema>(JOBS_DB_NAME, JOBS_DB_VERSION, (db) => {
    db.createObjectStore('jobs', { keyPath: 'id' });
    db.createObjectStore('checkpoints', { keyPath: 'id' }).createIndex('jobId', 'jobId');
    db.createObjectStore('checkpointSummaries', { keyPath: 'id' }).createIndex('jobId', 'jobId');
  });
}

/** Runs `fn` with the jobs database open, and closes it afterwards. */
export function withJobsDb<T>(fn: (db: IDBPDatabase<JobsSchema>) => Promise<T>): Promise<T> {
  return withOpenDb(openJobsDb, fn);
}
