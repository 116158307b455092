/**
 * The JobRunner that trains in the calling thread: used by the CLI in Node, by the browser's training
 * worker and by tests. Cuts the data to the spec's quick-trial limits, then tokenizes it once per job.
 */
import type { SequenceClassifier } from '../model/types';
import type { TextTokenizer } from '../model/tokenizer';
import type { JobSpec } from '../spec/jobSpec';
import { migrateJobSpec } from '../spec/migrate';
import type { CheckpointRecord, CheckpointStore } from './checkpoint';
import { describeSkipped, loadNewestIntactCheckpoint } from './checkpointIntegrity';
import { dataChangedSince, jobData, withDataFingerprint } from './splitLimits';
import { createEventHub, serializeError, type DoneEvent } from './events';
import { createTrainerControl } from './control';
import type { JobRunner, StartJobRequest } from './jobRunner';
import { runTraining } from './trainer';

export interface LoadedJobModel {
  model: SequenceClassifier;
  tokenizer: Pick<TextTokenizer, 'encodeBatch'>;
}

export interface InThreadRunnerOptions {
  store: CheckpointStore | null;
  backend: { name: string; reason: string };
  throttleMs?: number;
}

interface ResumePoint {
  record: CheckpointRecord;
  /** Why newer checkpoints were skipped ('' when none was). */
  note: string;
}

/**
 * The checkpoint to resume from: `id`, or — when it is damaged — the newest intact one before it (said in
 * `note`), its spec at the current version (a version-1 spec takes the job's limits).
 */
async function loadResumePoint(store: CheckpointStore | null, jobId: string, id: string, jobSpec: JobSpec): Promise<ResumePoint> {
  const found = store ? await loadNewestIntactCheckpoint(store, jobId, id) : null;
  if (!found) throw new Error(`checkpoint ${id} was not found`);
  const { record } = found;
  return { record: { ...record, spec: migrateJobSpec(record.spec, jobSpec.dataset.limits) as JobSpec }, note: describeSkipped(found) };
}

/**
 * The spec a run trains with: on a resume the checkpoint's (its backend preference the request's: the
 * caller chose where it runs now), refused when the data is not the data it was trained on; on a fresh
 * start the request's, with the fingerprint of its data.
 */
function runSpec(req: StartJobRequest<LoadedJobModel>, resume: ResumePoint | undefined): JobSpec {
  if (!resume) return withDataFingerprint(req.spec, req.data);
  const { spec, id } = resume.record;
  const changed = dataChangedSince(spec, req.data, id);
  if (changed) throw Object.assign(new Error(changed), { name: 'DataChanged' });
  return { ...spec, hyperparameters: { ...spec.hyperparameters, backend: req.spec.hyperparameters.backend } };
}

export function createInThreadRunner(opts: InThreadRunnerOptions): JobRunner<LoadedJobModel> {
  const hub = createEventHub();
  let control = createTrainerControl();
  return {
    async start(req: StartJobRequest<LoadedJobModel>): Promise<DoneEvent> {
      control = createTrainerControl();
      try {
        const resume = req.resumeFrom ? await loadResumePoint(opts.store, req.jobId, req.resumeFrom, req.spec) : undefined;
        const spec = runSpec(req, resume);
        const data = jobData(req.data, spec);
        const encoded = req.model.tokenizer.encodeBatch(data.texts, data.pairs, spec.hyperparameters.maxSequenceLength);
        return await runTraining({
          jobId: req.jobId, spec, data, model: req.model.model, encoded, store: opts.store, control,
          emit: hub.emit, backend: opts.backend, throttleMs: opts.throttleMs,
          ...(resume ? { resumeFrom: { ...resume.record, spec }, resumeNote: resume.note } : {}),
        });
      } catch (e) {
        hub.emit({ type: 'error', error: serializeError(e) });
        throw e;
      }
    },
    pause: () => control.pause(),
    resume: () => control.resume(),
    cancel: () => control.cancel(),
    onEvent: hub.on,
  };
}
