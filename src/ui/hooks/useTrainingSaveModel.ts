/**
 * When a run ends with a best checkpoint, keep it as a trained model for the Use stage: the best
 * checkpoint's weights, the base model's tokenizer files, and the run's validation/test scores.
 */
import type { ModelFiles } from '../../core/model/sources/types';
import type { DoneEvent } from '../../core/train/events';
import { trainedModelFromCheckpoint } from '../../core/export/trainedModel';
import { checkpointEpoch } from '../../core/train/checkpoint';
import { trainedSeconds } from '../../core/train/runTiming';
import type { JobSpec } from '../../core/spec/jobSpec';
import { migrateJobSpec } from '../../core/spec/migrate';
import { createIdbCheckpointStore } from '../../storage/checkpointStore';
import { type JobRecord } from '../../storage/jobRecords';
import { saveTrainedModel } from '../../storage/modelsStore';

/** Saves the model and returns its id, or null when the run has nothing worth keeping. */
export async function saveTrainedModelFromRun(job: JobRecord, done: DoneEvent, modelFiles: ModelFiles): Promise<string | null> {
  if (!done.bestCheckpointId || done.reason === 'cancelled') return null;
  const cp = await createIdbCheckpointStore().load(done.bestCheckpointId);
  if (!cp) throw new Error(`the best checkpoint ${done.bestCheckpointId} is missing from this browser's storage`);
  const h = job.history;
  // A checkpoint written before the quick-trial limits were spec fields: the job record's spec has them.
  const spec = migrateJobSpec(cp.spec, job.spec.dataset.limits) as JobSpec;
  const record = trainedModelFromCheckpoint({ ...cp, spec }, {
    tokenizerJson: modelFiles.tokenizerJson, tokenizerConfig: modelFiles.tokenizerConfig, extraFiles: modelFiles.extraFiles,
  }, {
    metrics: {
      validation: h.bestValidation ?? h.lastValidation ?? undefined,
      test: done.testMetrics ?? undefined,
      bestStep: done.bestStep ?? undefined,
      bestEpoch: checkpointEpoch(cp.state),
      trainedIn: 'browser',
      backend: job.backend?.name,
      // Time spent training (pauses and time away excluded); wall-clock for a record without a clock.
      trainingSeconds: job.timing ? trainedSeconds(job.timing, Date.now()) : (Date.parse(job.updatedAt) - Date.parse(job.createdAt)) / 1000,
    },
    ...(done.thresholds ? { thresholds: done.thresholds } : {}),
  });
  return saveTrainedModel(record);
}
