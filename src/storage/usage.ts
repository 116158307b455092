/**
 * What the studio keeps in this browser and what each part takes — runs with their checkpoints, trained models,
 * downloaded model files, datasets — and the browser's quota, for the Storage panel; plus the deletions it offers
 * and the clean-up of a finished run's checkpoints (see checkpointsToTidy in core).
 */
import { checkpointsToTidy, type CheckpointSummary, type RunOutcome } from '../core/train/checkpoint';
import { listDatasets } from './datasetStore';
import { browserStorageEstimate } from './idb';
import { withJobsDb } from './jobsDb';
import { listJobRecords } from './jobRecords';
import { MODEL_CACHE_NAME } from './modelCache';
import { listTrainedModels } from './modelsStore';
import type { JobStatus } from './jobsDb';

export interface StoredRun {
  jobId: string;
  name: string;
  status: JobStatus;
  createdAt: string;
  /** Oldest first. */
  checkpoints: CheckpointSummary[];
  checkpointBytes: number;
  trainedModelId?: string;
}

export interface CachedModel {
  /** What a person recognises: the Hub id and revision, or the local folder's name. */
  name: string;
  bytes: number;
  /** The Cache Storage request URLs of its files. */
  keys: string[];
}

export interface StorageReport {
  runs: StoredRun[];
  models: { id: string; name: string; bytes: number; origin: 'trained' | 'imported' }[];
  cachedModels: CachedModel[];
  datasets: { id: string; name: string; rowCount: number }[];
  /** The browser's own figures for this site (everything above plus overheads), or null where unknown. */
  estimate: { usage: number; quota: number } | null;
}

/** Every checkpoint summary, grouped by job (weights are not loaded). */
export async function checkpointsByJob(): Promise<Map<string, CheckpointSummary[]>> {
  const all = await withJobsDb((db) => db.getAll('checkpointSummaries'));
  const out = new Map<string, CheckpointSummary[]>();
  for (const s of all.sort((a, b) => a.step - b.step)) out.set(s.jobId, [...(out.get(s.jobId) ?? []), s]);
  return out;
}

/** A cached file's model: 'owner/name@main' from a Hub URL, the folder name of a local model. */
function cachedModelName(url: string): string {
  const local = /\/local-model\/([^/]+)\//.exec(url);
  if (local) return `${decodeURIComponent(local[1])} (local folder)`;
  const hub = /^https?:\/\/[^/]+\/(.+?)\/resolve\/([^/]+)\//.exec(url);
  return hub ? `${hub[1]}@${decodeURIComponent(hub[2])}` : url;
}

export async function listCachedModels(): Promise<CachedModel[]> {
  if (typeof caches === 'undefined' || !(await caches.has(MODEL_CACHE_NAME))) return [];
  const cache = await caches.open(MODEL_CACHE_NAME);
  const byName = new Map<string, CachedModel>();
  for (const req of await cache.keys()) {
    const res = await cache.match(req);
    const bytes = Number(res?.headers.get('Content-Length') ?? 0);
    const name = cachedModelName(req.url);
    const m = byName.get(name) ?? { name, bytes: 0, keys: [] };
    m.bytes += bytes;
    m.keys.push(req.url);
    byName.set(name, m);
  }
  return [...byName.values()].sort((a, b) => b.bytes - a.bytes);
}

export async function deleteCachedModel(model: CachedModel): Promise<void> {
  const cache = await caches.open(MODEL_CACHE_NAME);
  for (const key of model.keys) await cache.delete(key);
}

export async function readStorageReport(): Promise<StorageReport> {
  const [jobs, byJob, models, cachedModels, datasets, estimate] = await Promise.all([
    listJobRecords(), checkpointsByJob(), listTrainedModels(), listCachedModels(), listDatasets(), browserStorageEstimate(),
  ]);
  const runs = jobs.map((j): StoredRun => {
    const checkpoints = byJob.get(j.id) ?? [];
    return {
      jobId: j.id, name: j.spec.name, status: j.status, createdAt: j.createdAt, checkpoints,
      checkpointBytes: checkpoints.reduce((n, c) => n + c.bytes, 0), trainedModelId: j.trainedModelId,
    };
  });
  return {
    runs,
    models: models.map((m) => ({ id: m.id, name: m.name, bytes: m.bytes, origin: m.origin })),
    cachedModels,
    datasets: datasets.map((d) => ({ id: d.id, name: d.name, rowCount: d.rowCount })),
    estimate: estimate && estimate.usage !== undefined && estimate.quota !== undefined ? { usage: estimate.usage, quota: estimate.quota } : null,
  };
}

/** Deletes the given checkpoints of a job (each with its summary, one transaction). */
export async function deleteCheckpoints(ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await withJobsDb(async (db) => {
    const tx = db.transaction(['checkpoints', 'checkpointSummaries'], 'readwrite');
    await Promise.all([...ids.map((id) => tx.objectStore('checkpoints').delete(id)), ...ids.map((id) => tx.objectStore('checkpointSummaries').delete(id)), tx.done]);
  });
}

/**
 * After a run ends: deletes the checkpoints it no longer needs (core's checkpointsToTidy decides) and says what
 * was deleted and what is kept, in a sentence for the run's message.
 */
export async function tidyCheckpoints(jobId: string, outcome: RunOutcome, bestId: string | null): Promise<string> {
  const all = (await checkpointsByJob()).get(jobId) ?? [];
  const doomed = checkpointsToTidy(outcome, all, bestId);
  await deleteCheckpoints(doomed);
  const kept = all.filter((c) => !doomed.includes(c.id));
  const mb = (cs: CheckpointSummary[]) => `${(cs.reduce((n, c) => n + c.bytes, 0) / 1e6).toFixed(1)} MB`;
  const gone = all.filter((c) => doomed.includes(c.id));
  const deleted = gone.length ? `deleted ${gone.length} checkpoint${gone.length > 1 ? 's' : ''} (${mb(gone)})` : '';
  const why = outcome === 'failed' ? 'to resume from' : outcome === 'done' ? 'the best' : '';
  const keptText = kept.length ? `kept ${kept.length === 1 ? `the checkpoint at step ${kept[0].step}` : `${kept.length} checkpoints`} (${mb(kept)})${why ? `, ${why}` : ''}` : '';
  return [deleted, keptText].filter(Boolean).join('; ');
}
