/**
 * IndexedDB persistence for training: checkpoints (behind core's CheckpointStore interface) and job
 * records (spec, status, metric history). Works in the worker and on the main thread (idb uses only
 * the IndexedDB API). Its own database, so its schema versions never race the data stage's.
 *
 * Safety rules:
 * - A checkpoint and its summary are written in ONE transaction: either both exist or neither does.
 * - Free space is checked (navigator.storage.estimate) before writing; old checkpoints are deleted only
 *   after a new one is fully written (pruning is a separate, later call), so a full disk never costs the
 *   last good checkpoint.
 */
import type { DBSchema, IDBPDatabase } from 'idb';
import { browserStorageEstimate, openClosingDb, StorageFullError, withOpenDb } from '../ui/storage/idb';
import type { CheckpointRecord, CheckpointStore, CheckpointSummary } from '../core/train/checkpoint';
import { assertCheckpointRecord, summarizeCheckpoint } from '../core/train/checkpoint';
import { JOB_SPEC_VERSION, type JobSpec, type SplitLimits } from '../core/spec/jobSpec';
import { migrateJobSpec } from '../core/spec/migrate';
import type { RunHistory } from '../ui/components/train/runHistory';

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

/** A stored job record at the current JobSpec version: its spec migrated, the limits moved into it. */
export function migrateJobRecord(stored: StoredJobRecord): JobRecord {
  if (!('limits' in stored) && (stored.spec as Partial<JobSpec> | null)?.version === JOB_SPEC_VERSION) return stored as JobRecord;
  const { limits, spec, ...rest } = stored as Omit<JobRecord, 'spec'> & { spec: unknown; limits?: SplitLimits };
  return { ...rest, spec: migrateJobSpec(spec, limits) as JobSpec };
}

interface JobsSchema extends DBSchema {
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

function withDb<T>(fn: (db: IDBPDatabase<JobsSchema>) => Promise<T>): Promise<T> {
  return withOpenDb(openJobsDb, fn);
}

/** Thrown when a checkpoint does not fit. */
export { StorageFullError } from '../ui/storage/idb';

const MB = (b: number) => `${(b / 1e6).toFixed(1)} MB`;

/** Browser storage estimate; injected so tests (and odd browsers without it) can supply their own. */
export type EstimateFn = () => Promise<{ usage?: number; quota?: number }>;

const browserEstimate: EstimateFn = async () => (await browserStorageEstimate()) ?? {};

/** Bytes of a checkpoint plus a margin for structured-clone overhead and the summary. */
function neededBytes(s: CheckpointSummary): number {
  return Math.ceil(s.bytes * 1.1) + 64 * 1024;
}

export function createIdbCheckpointStore(estimate: EstimateFn = browserEstimate): CheckpointStore {
  return {
    async save(record) {
      assertCheckpointRecord(record, `checkpoint ${record.id}`);
      const summary = summarizeCheckpoint(record);
      const { usage, quota } = await estimate();
      if (typeof usage === 'number' && typeof quota === 'number' && usage + neededBytes(summary) > quota) {
        throw new StorageFullError(
          `Browser storage is full: checkpoint ${record.id} needs about ${MB(neededBytes(summary))} but only ` +
          `${MB(Math.max(0, quota - usage))} of ${MB(quota)} is free. Earlier checkpoints are kept intact; ` +
          'free space by deleting old runs, or lower "keep last" checkpoints.');
      }
      try {
        await withDb(async (db) => {
          const tx = db.transaction(['checkpoints', 'checkpointSummaries'], 'readwrite');
          await Promise.all([tx.objectStore('checkpoints').put(record), tx.objectStore('checkpointSummaries').put(summary), tx.done]);
        });
      } catch (e) {
        if (e instanceof DOMException && e.name === 'QuotaExceededError') {
          throw new StorageFullError(`Browser storage is full while writing checkpoint ${record.id}; nothing was half-written and earlier checkpoints are intact.`);
        }
        throw e;
      }
    },
    async list(jobId) {
      const all = await withDb((db) => db.getAllFromIndex('checkpointSummaries', 'jobId', jobId));
      return all.sort((a, b) => a.step - b.step);
    },
    async load(id) {
      const r = await withDb((db) => db.get('checkpoints', id));
      if (!r) return null;
      assertCheckpointRecord(r, `checkpoint ${id} in IndexedDB`);
      return r;
    },
    async delete(id) {
      await withDb(async (db) => {
        const tx = db.transaction(['checkpoints', 'checkpointSummaries'], 'readwrite');
        await Promise.all([tx.objectStore('checkpoints').delete(id), tx.objectStore('checkpointSummaries').delete(id), tx.done]);
      });
    },
  };
}

export async function saveJobRecord(record: JobRecord): Promise<void> {
  await withDb((db) => db.put('jobs', record));
}

export async function loadJobRecord(id: string): Promise<JobRecord | null> {
  const stored = await withDb((db) => db.get('jobs', id));
  return stored ? migrateJobRecord(stored) : null;
}

/** Every job, newest first, at the current JobSpec version. */
export async function listJobRecords(): Promise<JobRecord[]> {
  const all = (await withDb((db) => db.getAll('jobs'))).map(migrateJobRecord);
  return all.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/**
 * After a page load no worker is alive, so a job recorded as running or paused was cut off: mark it
 * interrupted (it can be resumed from its last checkpoint). Returns the records as they are now.
 */
export async function markOrphanedJobsInterrupted(): Promise<JobRecord[]> {
  const jobs = await listJobRecords();
  const now = new Date().toISOString();
  const out: JobRecord[] = [];
  for (const j of jobs) {
    if (j.status === 'running' || j.status === 'paused') {
      const updated: JobRecord = { ...j, status: 'interrupted', updatedAt: now, message: 'Interrupted (the page was closed or reloaded).' };
      await saveJobRecord(updated);
      out.push(updated);
    } else out.push(j);
  }
  return out;
}

/** Deletes a job and all its checkpoints. */
export async function deleteJob(jobId: string): Promise<void> {
  await withDb(async (db) => {
    const tx = db.transaction(['jobs', 'checkpoints', 'checkpointSummaries'], 'readwrite');
    const ids = await tx.objectStore('checkpointSummaries').index('jobId').getAllKeys(jobId);
    await Promise.all([
      ...ids.map((id) => tx.objectStore('checkpoints').delete(id)),
      ...ids.map((id) => tx.objectStore('checkpointSummaries').delete(id)),
      tx.objectStore('jobs').delete(jobId),
      tx.done,
    ]);
  });
}

/** The newest checkpoint of a job (where a resume starts), or null. */
export async function latestCheckpoint(store: CheckpointStore, jobId: string): Promise<CheckpointSummary | null> {
  return (await store.list(jobId)).at(-1) ?? null;
}
