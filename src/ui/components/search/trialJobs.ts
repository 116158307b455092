/**
 * The study runner's view of the training worker and of IndexedDB's checkpoints, scoped to one study: a
 * trial's job id 'trial-3' becomes '<study id>/trial-3' on the way out, so two studies' trials never
 * share checkpoints; and the worker's "storage is full" (StorageFullError, which lost its class crossing
 * postMessage) comes back as the StorageError the runner stops cleanly on.
 */
import type { ModelFiles } from '../../../core/model/sources/types';
import { StorageError } from '../../../core/search/storageErrors';
import type { CheckpointStore } from '../../../core/train/checkpoint';
import type { JobRunner } from '../../../core/train/jobRunner';
import { studyTrialJobId } from '../../../storage/studyStore';

const STORAGE_FULL = new Set(['StorageFullError', 'QuotaExceededError']);

/** The error the runner should see: a full browser storage as a StorageError, anything else as it came. */
export function asStudyError(e: unknown): unknown {
  const name = (e as { name?: unknown } | null)?.name;
  if (typeof name === 'string' && STORAGE_FULL.has(name)) return new StorageError((e as Error).message, { cause: e });
  return e;
}

export function scopedTrialRunner(runner: JobRunner<ModelFiles>, studyId: string): JobRunner<ModelFiles> {
  return {
    async start(request) {
      try {
        return await runner.start({ ...request, jobId: studyTrialJobId(studyId, request.jobId) });
      } catch (e) {
        throw asStudyError(e);
      }
    },
    pause: () => runner.pause(),
    resume: () => runner.resume(),
    cancel: () => runner.cancel(),
    onEvent: (listener) => runner.onEvent(listener),
  };
}

export function scopedCheckpoints(store: CheckpointStore, studyId: string): Pick<CheckpointStore, 'list' | 'delete' | 'load'> {
  return {
    list: (jobId) => store.list(studyTrialJobId(studyId, jobId)),
    delete: (id) => store.delete(id),
    load: (id) => store.load(id),
  };
}
