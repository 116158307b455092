/**
 * The JobRunner that trains in the calling thread: used by the CLI in Node, by the browser's training
 * worker and by tests. Cuts the data to the spec's quick-trial limits, then tokenizes it once per job.
 */
import type { SequenceClassifier } from '../model/types';
import type { TextTokenizer } from '../model/tokenizer';
import type { JobSpec } from '../spec/jobSpec';
import { migrateJobSpec } from '../spec/migrate';
import type { CheckpointRecord, CheckpointStore } from './checkpoint';
import { assertCheckpointRecord } from './checkpoint';
import { jobData } from './splitLimits';
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

/** The checkpoint to resume from, its spec at the current version (a version-1 spec takes the job's limits). */
async function loadResumePoint(store: CheckpointStore | null, id: string, jobSpec: JobSpec): Promise<CheckpointRecord> {
  const record = await store?.load(id);
  if (!record) throw new Error(`checkpoint ${id} was not found`);
  assertCheckpointRecord(record, `checkpoint ${id}`);
  return { ...record, spec: migrateJobSpec(record.spec, jobSpec.dataset.limits) as JobSpec };
}

export function createInThreadRunner(opts: InThreadRunnerOptions): JobRunner<LoadedJobModel> {
  const hub = createEventHub();
  let control = createTrainerControl();
  return {
    async start(req: StartJobRequest<LoadedJobModel>): Promise<DoneEvent> {
      control = createTrainerControl();
      try {
        const resumeFrom = req.resumeFrom ? await loadResumePoint(opts.store, req.resumeFrom, req.spec) : undefined;
        const spec = resumeFrom?.spec ?? req.spec;
        const data = jobData(req.data, spec);
        const encoded = req.model.tokenizer.encodeBatch(data.texts, data.pairs, spec.hyperparameters.maxSequenceLength);
        return await runTraining({
          jobId: req.jobId, spec, data, model: req.model.model, encoded, store: opts.store, control,
          emit: hub.emit, backend: opts.backend, resumeFrom, throttleMs: opts.throttleMs,
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
