/**
 * Checkpoints in IndexedDB, behind core's CheckpointStore interface (the CLI keeps them in files).
 *
 * Safety rules:
 * - A checkpoint and its summary are written in ONE transaction: either both exist or neither does.
 * - Free space is checked (navigator.storage.estimate) before writing; old checkpoints are deleted only
 *   after a new one is fully written (pruning is a separate, later call), so a full disk never costs the
 *   last good checkpoint.
 */
import type { CheckpointStore, CheckpointSummary } from '../core/train/checkpoint';
import { assertCheckpointRecord, summarizeCheckpoint } from '../core/train/checkpoint';
import { browserStorageEstimate, StorageFullError } from './idb';
import { withJobsDb as withDb } from './jobsDb';

/** Thrown when a checkpoint does not fit. */
export { StorageFullError } from './idb';

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
