/**
 * Storage running out (a full disk, a browser's storage quota) stops a study cleanly instead of failing
 * one trial after another. The checkpoint store is wrapped so its failures carry a name that survives
 * postMessage (SerializedError keeps name and message), and the study runner recognises it by that name.
 */
import type { CheckpointStore } from '../train/checkpoint';

export class StorageError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StorageError';
  }
}

const FULL = /ENOSPC|EDQUOT|no space left|quota/i;

/** Whether an error (or a serialized one) means storage failed, not the trial. */
export function isStorageError(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const { name, message } = e as { name?: unknown; message?: unknown };
  return name === 'StorageError' || name === 'QuotaExceededError' || (typeof message === 'string' && FULL.test(message));
}

/** The same store, with save failures thrown as StorageError naming the checkpoint. */
export function withStorageErrors(store: CheckpointStore): CheckpointStore {
  return {
    async save(record) {
      try {
        await store.save(record);
      } catch (e) {
        throw new StorageError(`could not save checkpoint ${record.id}: ${(e as Error).message}`, { cause: e });
      }
    },
    list: (jobId) => store.list(jobId),
    load: (id) => store.load(id),
    delete: (id) => store.delete(id),
  };
}
