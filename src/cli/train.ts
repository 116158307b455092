/**
 * `finetune-studio train`: CSV + model → a trained Hugging Face model folder, through the same core as the
 * studio (data core, engine, trainer, exporter). Progress goes to stdout, one line per event.
 */
import path from 'node:path';
import { createTokenizer } from '../core/model/tokenizer';
import { latestCheckpoint } from '../core/train/checkpoint';
import { describeEvent, type EvaluationEvent } from '../core/train/events';
import { createInThreadRunner } from '../core/train/inThreadRunner';
import { requireFlag, threadsFlag, type CliFlags } from './args';
import { startNodeBackend } from './backend';
import { createFileCheckpointStore } from './files';
import { loadModel, prepareJob, writeModelFolder } from './job';

const JOB_ID = 'cli';

export async function trainCommand(flags: CliFlags, log: (line: string) => void): Promise<number> {
  const out = requireFlag(flags, 'out');
  const job = await prepareJob(flags, log, { auto: true });
  const { spec, data, files } = job;
  const hp = spec.hyperparameters;

  // The spec decides the backend (a --backend flag is written into it); 'auto' and 'webgl' mean wasm in Node.
  const backend = await startNodeBackend(hp.backend, threadsFlag(flags), flags.backend ? '--backend' : 'the job spec');
  const { model, report } = loadModel(job, hp.seed);
  log(`model: ${spec.model.id} (${String(files.config.model_type)}), ${report.loaded.length} tensors loaded, ${report.initialised.length} initialised`);
  const tokenizer = await createTokenizer(files);

  const store = createFileCheckpointStore(path.join(out, 'checkpoints'));
  const resumeFrom = flags.resume ? (await latestCheckpoint(store, JOB_ID))?.id : undefined;
  if (flags.resume) log(resumeFrom ? `resuming from ${resumeFrom}` : 'no checkpoint to resume from: starting fresh');

  const runner = createInThreadRunner({ store, backend, throttleMs: 2000 });
  const validations: EvaluationEvent[] = [];
  runner.onEvent((e) => {
    if (e.type === 'evaluation' && e.split === 'validation') validations.push(e);
    log(describeEvent(e));
  });
  const onSigint = () => {
    log('stopping after this step (Ctrl-C again to quit at once)…');
    runner.cancel();
    process.once('SIGINT', () => process.exit(130));
  };
  process.once('SIGINT', onSigint);
  const started = performance.now();
  const done = await runner.start({ jobId: JOB_ID, spec, data, model: { model, tokenizer }, ...(resumeFrom ? { resumeFrom } : {}) });
  process.off('SIGINT', onSigint);
  if (done.reason === 'cancelled') {
    log(`cancelled; checkpoints are in ${path.join(out, 'checkpoints')} (continue with --resume)`);
    return 130;
  }

  // The model card reports the validation scores of the weights exported: the best evaluation's.
  const bestValidation = validations.find((e) => e.step === done.bestStep) ?? validations.at(-1);
  const written = await writeModelFolder(out, {
    job, spec, model, tokenizer, allFormats: Boolean(flags['all-formats']),
    metrics: {
      validation: bestValidation?.metrics, test: done.testMetrics ?? undefined,
      bestStep: done.bestStep ?? undefined, backend: backend.name, trainingSeconds: (performance.now() - started) / 1000,
    },
    thresholds: done.thresholds,
  });
  log(`wrote ${written} files to ${out}`);
  model.dispose();
  return done.reason === 'diverged' ? 1 : 0;
}
