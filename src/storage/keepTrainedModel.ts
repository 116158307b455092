/**
 * When a run ends with a best checkpoint, or a study's best trial is chosen, keep it as a trained model for
 * the Use stage: the best checkpoint's weights, the base model's tokenizer files, and the validation/test
 * scores. It runs in the export worker (exportClient.keepModelInWorker, keepBestTrialInWorker): reading the
 * checkpoint verifies the checksum of every weight and Adam moment (9 M floats for the bundled CNN, ~100 ms)
 * and writing the model clones its weights into IndexedDB (~65 ms) — work that stalled the page.
 */
import type { ModelFiles } from '../core/model/sources/types';
import type { DoneEvent } from '../core/train/events';
import { trainedModelFromCheckpoint, type TrainedModelRecord } from '../core/export/trainedModel';
import { studySummary } from '../core/search/summary';
import { checkpointEpoch, type CheckpointStore } from '../core/train/checkpoint';
import { trainedSeconds } from '../core/train/runTiming';
import type { JobSpec } from '../core/spec/jobSpec';
import { migrateJobSpec } from '../core/spec/migrate';
import { createIdbCheckpointStore } from './checkpointStore';
import { type JobRecord } from './jobRecords';
import { saveTrainedModel } from './modelsStore';
import type { StudyFinalModel, StudyRecord } from './studyStore';

/** The base model's files a trained model keeps (not its weights: those come from the checkpoint). */
export type TokenizerFiles = Pick<ModelFiles, 'tokenizerJson' | 'tokenizerConfig' | 'extraFiles'>;

/** Saves the model and returns its id, or null when the run has nothing worth keeping. */
export async function saveTrainedModelFromRun(job: JobRecord, done: DoneEvent, modelFiles: TokenizerFiles): Promise<string | null> {
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

/**
 * A study's best trial (scored on the test split by the training worker's finalize) as a trained model: its
 * best checkpoint, the test scores and the study's summary on the card. Returns the model's id.
 */
export async function saveBestTrialModel(
  record: StudyRecord, final: StudyFinalModel, files: TokenizerFiles,
  checkpoints: CheckpointStore = createIdbCheckpointStore(), save: (m: TrainedModelRecord) => Promise<string> = saveTrainedModel,
): Promise<string> {
  const cp = await checkpoints.load(final.checkpointId);
  if (!cp) throw new Error(`the best trial's checkpoint ${final.checkpointId} is missing from this browser's storage`);
  const trial = record.study.trials[final.trial];
  const spec: JobSpec = { ...final.spec, name: `${final.spec.name} · best of search (trial ${final.trial})` };
  return save(trainedModelFromCheckpoint({ ...cp, spec }, {
    tokenizerJson: files.tokenizerJson, tokenizerConfig: files.tokenizerConfig, extraFiles: files.extraFiles,
  }, {
    metrics: {
      validation: final.validation ?? undefined, test: final.test ?? undefined, bestStep: cp.state.bestStep ?? undefined,
      bestEpoch: cp.state.epoch + 1, backend: final.backend, trainingSeconds: trial?.durationS,
      study: studySummary(record.study) ?? undefined,
    },
  }));
}
