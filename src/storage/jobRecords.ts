/**
 * Training job records in IndexedDB (spec, status, metric history, where the inputs came from), in the
 * jobs database beside their checkpoints. Records an older studio wrote are migrated as they are read.
 */
import { JOB_SPEC_VERSION, type JobSpec, type SplitLimits } from '../core/spec/jobSpec';
import { migrateJobSpec } from '../core/spec/migrate';
import { withJobsDb as withDb, type JobRecord, type StoredJobRecord } from './jobsDb';

export type { JobRecord, JobStatus, StoredJobRecord } from './jobsDb';

/** A stored job record at the current JobSpec version: its spec migrated, the limits moved into it. */
export function migrateJobRecord(stored: StoredJobRecord): JobRecord {
  if (!('limits' in stored) && (stored.spec as Partial<JobSpec> | null)?.version === JOB_SPEC_VERSION) return stored as JobRecord;
  const { limits, spec, ...rest } = stored as Omit<JobRecord, 'spec'> & { spec: unknown; limits?: SplitLimits };
  return { ...rest, spec: migrateJobSpec(spec, limits) as JobSpec };
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

