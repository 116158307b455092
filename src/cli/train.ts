/**
 * `finetune-studio train`: CSV + model → a trained Hugging Face model folder, through the same core as the
 * studio (data core, engine, trainer, exporter). Progress goes to stdout, one line per event. The output
 * is checked before any work (writable, room for a checkpoint and the model); Ctrl-C or SIGTERM stops
 * within a step and saves a checkpoint that `--resume` continues from.
 */
import path from 'node:path';
import { createTokenizer } from '../core/model/tokenizer';
import { countParameters } from '../core/model/weights';
import { describeEvent, type EvaluationEvent } from '../core/train/events';
import { createInThreadRunner } from '../core/train/inThreadRunner';
import { withDataFingerprint } from '../core/train/splitLimits';
import { requireFlag, threadsFlag, type CliFlags } from './args';
import { startNodeBackend } from './backend';
import { assertWritable, mb } from './diskWrite';
import { createFileCheckpointStore } from './files';
import { loadModel, prepareJob, writeModelFolder } from './job';
import { findResumePoint } from './resume';
import { exitCodeFor, onStopSignal } from './signals';

const JOB_ID = 'cli';

/** Bytes of one checkpoint (weights and both AdamW moments, fp32) and of the exported model folder, with room to spare. */
function outputBytes(parameters: number, allFormats: boolean): { checkpoint: number; model: number } {
  const weights = parameters * 4;
  return { checkpoint: Math.ceil(weights * 3 * 1.05), model: Math.ceil(weights * (allFormats ? 2.4 : 1.05)) + (2 << 20) };
}

export async function trainCommand(flags: CliFlags, log: (line: string) => void): Promise<number> {
  const out = requireFlag(flags, 'out');
  await assertWritable(out, { flag: '--out', isFile: false });
  const job = await prepareJob(flags, log, { auto: true });
  const checkpoints = path.join(out, 'checkpoints');
  const store = createFileCheckpointStore(checkpoints);
  const resume = flags.resume ? await findResumePoint(store, JOB_ID, job, log) : null;
  // What is trained — and recorded in job.json and the model card — is the checkpoint's spec on a resume.
  const spec = resume ? withDataFingerprint(resume.spec, job.data) : job.spec;
  const hp = spec.hyperparameters;

  const backend = await startNodeBackend(hp.backend, threadsFlag(flags), flags.backend ? '--backend' : 'the job spec');
  const { model, report } = loadModel(job, hp.seed);
  log(`model: ${spec.model.id} (${String(job.files.config.model_type)}), ${report.loaded.length} tensors loaded, ${report.initialised.length} initialised${report.initialised.length ? ` (${report.initialised.join(', ')})` : ''}`);
  if (report.headNote) log(report.headNote);
  const sizes = outputBytes(countParameters(model.weights), Boolean(flags['all-formats']));
  await assertWritable(out, { flag: '--out', isFile: false, needed: sizes.checkpoint * 2 + sizes.model, what: `training (two checkpoints of ${mb(sizes.checkpoint)} and the model of ${mb(sizes.model)})` });
  const tokenizer = await createTokenizer(job.files);

  const runner = createInThreadRunner({ store, backend, throttleMs: 2000 });
  const validations: EvaluationEvent[] = [...(resume?.evaluations ?? [])];
  let stopSignal: 'SIGINT' | 'SIGTERM' | null = null;
  runner.onEvent((e) => {
    if (e.type === 'evaluation' && e.split === 'validation') validations.push(e);
    // A stop is a pause (which writes a checkpoint) followed by cancel.
    if (e.type === 'paused' && stopSignal) runner.cancel();
    log(describeEvent(e));
  });
  const offStop = onStopSignal((signal) => {
    stopSignal = signal;
    runner.pause();
  });
  const started = performance.now();
  let done;
  try {
    done = await runner.start({ jobId: JOB_ID, spec, data: job.data, model: { model, tokenizer }, ...(resume ? { resumeFrom: resume.id } : {}) });
  } finally {
    offStop();
  }
  if (done.reason === 'cancelled') {
    log(`stopped at step ${done.step}; the checkpoint is in ${checkpoints}: continue with --resume`);
    model.dispose();
    return exitCodeFor(stopSignal ?? 'SIGINT');
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
