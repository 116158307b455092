/**
 * The JobRunner that trains in the calling thread: used by the CLI in Node and by tests (the browser
 * runs the same runTraining inside its worker). Tokenizes the dataset once per job.
 */
import type { SequenceClassifier } from '../model/types';
import type { TextTokenizer } from '../model/tokenizer';
import type { CheckpointStore } from './checkpoint';
import { assertCheckpointRecord } from './checkpoint';
import { serializeError, type DoneEvent } from './events';
import { createEventHub, createTrainerControl, type JobRunner, type StartJobRequest } from './runner';
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

export function createInThreadRunner(opts: InThreadRunnerOptions): JobRunner<LoadedJobModel> {
  const hub = createEventHub();
  let control = createTrainerControl();
  return {
    async start(req: StartJobRequest<LoadedJobModel>): Promise<DoneEvent> {
      control = createTrainerControl();
      try {
        const resumeFrom = req.resumeFrom ? await opts.store?.load(req.resumeFrom) : undefined;
        if (req.resumeFrom) {
          if (!resumeFrom) throw new Error(`checkpoint ${req.resumeFrom} was not found`);
          assertCheckpointRecord(resumeFrom, `checkpoint ${req.resumeFrom}`);
        }
        const spec = resumeFrom?.spec ?? req.spec;
        const encoded = req.model.tokenizer.encodeBatch(req.data.texts, req.data.pairs, spec.hyperparameters.maxSequenceLength);
        return await runTraining({
          jobId: req.jobId, spec, data: req.data, model: req.model.model, encoded, store: opts.store, control,
          emit: hub.emit, backend: opts.backend, resumeFrom: resumeFrom ?? undefined, throttleMs: opts.throttleMs,
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
