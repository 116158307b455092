/**
 * The training loop, with Hugging Face Trainer semantics: AdamW with per-group learning rates and HF's
 * no-decay rule, warmup + schedule, gradient accumulation and clipping, evaluation, checkpoints (last K +
 * best), early stopping, best weights loaded at the end and the test split scored once with them.
 *
 * Read it top-down like nanoGPT's train.py: runTraining plans the run, loops over epochs and steps, and
 * finishes; each phase below is one small function. A step is computed in step.ts (tf.tidy, one batched
 * read of its scalars before the update); what happens after a step — evaluate? save? stop? — is decided in
 * afterStep and afterEvaluation, the place to add a new rule (e.g. pruning a search trial). Pause/cancel are
 * flags checked between optimizer steps. Runs anywhere tfjs runs (worker, Node).
 */
import * as tf from '@tensorflow/tfjs';
import { metricIsLowerBetter } from '../spec/jobSpec';
import { createAdamW, isNoDecayParam } from './adamw';
import { checkpointId, pruneCheckpoints, type CheckpointRecord } from './checkpoint';
import { checkpointIntegrity } from './checkpointIntegrity';
import { epochBatches } from './data';
import { oneClassWarning, tuneDecisionThreshold } from './decisionThreshold';
import { evaluateRows } from './evaluate';
import type { DoneEvent, DoneReason } from './events';
import { trainableGroups } from './groups';
import type { EvalMetrics } from './metrics';
import { metricValue } from './metrics';
import { lrMultiplier } from './schedule';
import { computeStep, type StepGradients, type TrainableVars } from './step';
import { planRun, startRun, type TrainingRun, type TrainOptions } from './trainingRun';
import { readWeights, writeWeights } from './weightsIO';

export type { TrainOptions } from './trainingRun';

/** Why the loop ended before its last step. */
interface Stop {
  reason: Exclude<DoneReason, 'completed'>;
  message: string;
}

/** The epoch in progress: its micro-batches (row indices) and the variables that train in it. */
interface Epoch extends TrainableVars {
  batches: Int32Array[];
}

/** Seed of the dropout masks for one micro-batch: a pure function of (job seed, step, micro-batch), so nothing to checkpoint. */
const dropoutSeed = (seed: number, step: number, micro: number) => (Math.imul(seed + 1, 0x27d4eb2f) ^ Math.imul(step + 1, 0x165667b1) ^ micro) >>> 0;

export async function runTraining(opts: TrainOptions): Promise<DoneEvent> {
  const plan = planRun(opts);
  const optimizer = createAdamW(opts.model.weights);
  let run: TrainingRun;
  let stop: Stop | null;
  try {
    run = startRun(opts, plan, optimizer);
    announceStart(run);
    stop = await trainLoop(run);
  } finally {
    // The moments are GPU memory: freed whether the loop ended, stopped or threw.
    optimizer.dispose();
  }
  return finishRun(run, stop);
}

/**
 * How often the loop gives the event loop a turn. Pause and cancel arrive as messages (a worker's onmessage,
 * Ctrl-C): macrotasks. On wasm and cpu every await in a step settles as a microtask, so without a turn a message
 * would wait for the epoch's end. A zero-delay timeout costs about a millisecond, so this costs well under 1 %.
 */
const YIELD_EVERY_MS = 100;
const nextMacrotask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Epochs of steps until the last step, or until something stops the run. */
async function trainLoop(run: TrainingRun): Promise<Stop | null> {
  let lastYield = run.clock.now();
  while (run.state.epoch < run.hp.epochs) {
    const epoch = startEpoch(run);
    for (;;) {
      if (run.clock.now() - lastYield >= YIELD_EVERY_MS) {
        await nextMacrotask();
        lastYield = run.clock.now();
      }
      const halt = await obeyControls(run);
      if (halt) return halt;
      const microBatches = nextMicroBatches(run, epoch);
      const step = await computeStep(run.step, epoch, microBatches, (micro) => dropoutSeed(run.hp.seed, run.state.globalStep, micro));
      if (!step.grads) return diverged(run, step.loss);
      const endOfEpoch = applyStep(run, epoch, step, microBatches.length);
      const stop = await afterStep(run, endOfEpoch);
      if (stop) return stop;
      if (endOfEpoch) break;
    }
  }
  return null;
}

function announceStart(run: TrainingRun): void {
  run.opts.emit({
    type: 'started', backend: run.opts.backend.name, backendReason: run.opts.backend.reason, totalSteps: run.totalSteps,
    stepsPerEpoch: run.stepsPerEpoch, epochs: run.hp.epochs, trainExamples: run.trainRows.length, startStep: run.state.globalStep,
    ...(run.opts.resumeNote ? { resumeNote: run.opts.resumeNote } : {}),
  });
}

/** The epoch's batch order and trainable variables (freezing and gradual unfreezing decide which). */
function startEpoch(run: TrainingRun): Epoch {
  const { model, emit } = run.opts;
  const groups = trainableGroups(model.groups, run.hp, run.state.epoch);
  if (run.hp.gradualUnfreezing && groups.join() !== run.trainable.join()) emit({ type: 'unfrozen', epoch: run.state.epoch, trainableGroups: groups });
  run.trainable = groups;
  const batches = epochBatches(run.trainRows, run.hp.batchSize, run.hp.seed, run.state.epoch);
  if (run.state.batchInEpoch >= batches.length) {
    // A resume on fewer rows than the checkpoint's: the position does not exist (the loop would never end).
    throw new Error(`the checkpoint is at batch ${run.state.batchInEpoch} of epoch ${run.state.epoch + 1}, but the data gives only ${batches.length} batches per epoch: it is not the data the job was trained on`);
  }
  const named = model.groups.filter((g) => groups.includes(g.name)).flatMap((g) => g.params.map((p) => [p, model.weights.get(p)!] as const));
  return {
    vars: named.map(([, v]) => v),
    hfNameOf: new Map(named.map(([name, v]) => [v.name, name])),
    batches,
  };
}

const cancelled = (run: TrainingRun): Stop => ({ reason: 'cancelled', message: `cancelled at step ${run.state.globalStep}` });

/**
 * Lets whatever waits for the event loop run: a worker's 'pause'/'cancel' message, Node's SIGINT handler.
 * On cpu and wasm a step's `await data()` resolves as a microtask, so without this the loop never yields
 * and a Ctrl-C was seen only at the next checkpoint's file write. setImmediate in Node; elsewhere a
 * MessageChannel, which (unlike setTimeout) is not clamped to 4 ms when called step after step.
 */
function yieldToEventLoop(): Promise<void> {
  if (typeof setImmediate === 'function') return new Promise((resolve) => setImmediate(resolve));
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/** Between steps: cancel ends the run; pause writes a checkpoint and waits for resume (or cancel). */
async function obeyControls(run: TrainingRun): Promise<Stop | null> {
  const { control, emit } = run.opts;
  await yieldToEventLoop();
  if (control.cancelRequested) return cancelled(run);
  if (!control.pauseRequested) return null;
  const id = await saveCheckpoint(run, false);
  emit({ type: 'paused', step: run.state.globalStep, ...(id ? { checkpointId: id } : {}) });
  await control.waitForResume();
  if (control.cancelRequested) return cancelled(run);
  emit({ type: 'resumed', step: run.state.globalStep });
  return null;
}

/** The micro-batches of the next optimizer step (gradient accumulation groups them). */
function nextMicroBatches(run: TrainingRun, epoch: Epoch): Int32Array[] {
  const at = run.state.batchInEpoch;
  return epoch.batches.slice(at, at + run.hp.gradientAccumulationSteps);
}

function diverged(run: TrainingRun, loss: number): Stop {
  const { globalStep, epoch } = run.state;
  return { reason: 'diverged', message: `loss became ${loss} at step ${globalStep + 1} (epoch ${epoch + 1}); try a lower learning rate` };
}

/**
 * The update: every trainable weight at its group's scheduled rate; then the progress (`microBatches`
 * consumed), the history and the step event. Returns whether the epoch ended.
 */
function applyStep(run: TrainingRun, epoch: Epoch, step: StepGradients, microBatches: number): boolean {
  const { state, hp } = run;
  const multiplier = lrMultiplier(state.globalStep, run.totalSteps, run.warmupSteps, hp.schedule);
  run.optimizer.applyGradients(step.grads, (name) => ({
    lr: run.peakLr.get(run.groupOf.get(name)!)! * multiplier,
    weightDecay: isNoDecayParam(name) ? 0 : hp.weightDecay,
  }));
  tf.dispose(Object.values(step.grads));
  state.globalStep++;
  state.batchInEpoch += microBatches;
  state.lossEma.count++;
  state.lossEma.value = 0.98 * state.lossEma.value + 0.02 * step.loss;
  run.history.steps.push({ step: state.globalStep, loss: step.loss, lr: hp.learningRate * multiplier });
  const endOfEpoch = state.batchInEpoch >= epoch.batches.length;
  // The curves' points that matter most are never throttled away: an epoch's last step, and a step that is evaluated.
  reportStep(run, epoch, step, multiplier, endOfEpoch || isDue(run, hp.evaluation, endOfEpoch));
  if (endOfEpoch) {
    state.epoch++;
    state.batchInEpoch = 0;
  }
  return endOfEpoch;
}

/** The step event, at most every throttleMs (and always when `mustSend`). */
function reportStep(run: TrainingRun, epoch: Epoch, step: StepGradients, multiplier: number, mustSend: boolean): void {
  const { state, hp, clock } = run;
  const t = clock.now();
  if (t - clock.lastEmit < clock.throttleMs && !mustSend) return;
  clock.lastEmit = t;
  const elapsed = (t - clock.startedAt) / 1000;
  const done = state.globalStep - clock.stepAtStart;
  run.opts.emit({
    type: 'step', step: state.globalStep, totalSteps: run.totalSteps, epoch: state.epoch + state.batchInEpoch / epoch.batches.length,
    loss: step.loss, smoothedLoss: state.lossEma.value / (1 - 0.98 ** state.lossEma.count), gradNorm: step.gradNorm,
    learningRates: Object.fromEntries(run.trainable.map((g) => [g, run.peakLr.get(g)! * multiplier])),
    samplesPerSecond: elapsed > 0 ? (done * hp.batchSize * hp.gradientAccumulationSteps) / elapsed : 0,
    etaSeconds: done > 0 ? ((run.totalSteps - state.globalStep) * elapsed) / done : 0,
  });
}

/** Whether an evaluation or a checkpoint (`every`) falls on the step just taken. */
function isDue(run: TrainingRun, every: { strategy: 'epoch' | 'steps'; everySteps: number }, endOfEpoch: boolean): boolean {
  return every.strategy === 'epoch' ? endOfEpoch : run.state.globalStep % every.everySteps === 0;
}

/** After a step: evaluate when due, save a checkpoint when due, and stop when an evaluation says so. */
async function afterStep(run: TrainingRun, endOfEpoch: boolean): Promise<Stop | null> {
  const { hp, state, opts } = run;
  const stop = isDue(run, hp.evaluation, endOfEpoch) ? await evaluateValidation(run) : null;
  // An improving evaluation has just saved this step as the best checkpoint: not twice.
  if (isDue(run, hp.checkpoints, endOfEpoch) && state.bestCheckpointId !== checkpointId(opts.jobId, state.globalStep)) await saveCheckpoint(run, false);
  return stop;
}

/** Scores the validation split and records the evaluation; then afterEvaluation decides. */
async function evaluateValidation(run: TrainingRun): Promise<Stop | null> {
  const { splits, state, opts } = run;
  if (splits.validation.length === 0) return null;
  const metrics = await evaluateRows(opts.model, opts.data, opts.encoded, splits.validation, run.evalOptions);
  const event = { type: 'evaluation' as const, split: 'validation' as const, epoch: state.epoch, step: state.globalStep, metrics };
  run.history.evaluations.push(event);
  opts.emit(event);
  const warning = oneClassWarning(metrics, 'validation', state.globalStep);
  if (warning) opts.emit(warning);
  return afterEvaluation(run, metrics);
}

/** Keeps the best weights (by the early-stopping metric) and applies early stopping's patience. */
async function afterEvaluation(run: TrainingRun, metrics: EvalMetrics): Promise<Stop | null> {
  const { hp, state } = run;
  const { metric, minDelta, patience, enabled } = hp.earlyStopping;
  const value = metricValue(metrics, metric);
  if (value === undefined) return null;
  const best = state.bestMetric?.value;
  const improved = best === undefined || (metricIsLowerBetter(metric) ? value < best - minDelta : value > best + minDelta);
  if (improved) {
    state.bestMetric = { name: metric, value };
    state.bestStep = state.globalStep;
    state.evaluationsWithoutImprovement = 0;
    if (run.opts.store) await saveCheckpoint(run, true);
    else run.bestWeights = await readWeights(run.opts.model.weights);
    return null;
  }
  state.evaluationsWithoutImprovement++;
  if (!enabled || state.evaluationsWithoutImprovement < patience) return null;
  return { reason: 'early-stopped', message: `${metric} did not improve by ${minDelta} for ${patience} evaluations` };
}

/** Writes a checkpoint (when there is a store), prunes all but the last K and the best, and announces it. */
async function saveCheckpoint(run: TrainingRun, isBest: boolean): Promise<string | null> {
  const { opts, state } = run;
  if (!opts.store) return null;
  const id = checkpointId(opts.jobId, state.globalStep);
  if (isBest) state.bestCheckpointId = id;
  const record: CheckpointRecord = {
    format: 'ftstudio-checkpoint', version: 1, id, jobId: opts.jobId, createdAt: new Date().toISOString(),
    spec: run.spec, modelConfig: opts.model.config, state: structuredClone(state), weights: await readWeights(opts.model.weights),
    optimizer: await run.optimizer.exportState(), history: structuredClone(run.history),
  };
  record.integrity = checkpointIntegrity(record);
  await opts.store.save(record);
  await pruneCheckpoints(opts.store, opts.jobId, run.hp.checkpoints.keepLast, state.bestCheckpointId);
  opts.emit({ type: 'checkpoint', checkpointId: id, step: state.globalStep, epoch: state.epoch, isBest });
  return id;
}

/** Loads the best weights (HF load_best_model_at_end), scores the test split once with them, and says how it ended. */
async function finishRun(run: TrainingRun, stop: Stop | null): Promise<DoneEvent> {
  const { opts, state, splits } = run;
  await restoreBestWeights(run);
  const reason: DoneReason = stop?.reason ?? 'completed';
  const thresholds = reason === 'cancelled' ? undefined : await tuneDecisionThreshold(run);
  let testMetrics: EvalMetrics | null = null;
  if (reason !== 'cancelled' && splits.test.length > 0) {
    const positiveThreshold = thresholds?.values[run.spec.task.labelNames[1]];
    testMetrics = await evaluateRows(opts.model, opts.data, opts.encoded, splits.test, { ...run.evalOptions, positiveThreshold });
    opts.emit({ type: 'evaluation', split: 'test', epoch: state.epoch, step: state.bestStep ?? state.globalStep, metrics: testMetrics });
  }
  let message = stop?.message ?? `trained ${state.globalStep} steps`;
  if (state.bestStep !== null && reason !== 'cancelled') message += `; best ${run.hp.earlyStopping.metric} ${state.bestMetric!.value.toFixed(4)} at step ${state.bestStep}`;
  const done: DoneEvent = {
    type: 'done', reason, message, step: state.globalStep, bestStep: state.bestStep, bestCheckpointId: state.bestCheckpointId,
    bestMetric: state.bestMetric, testMetrics, ...(thresholds ? { thresholds } : {}),
  };
  opts.emit(done);
  return done;
}

async function restoreBestWeights(run: TrainingRun): Promise<void> {
  const { opts, state } = run;
  if (state.bestCheckpointId && opts.store) {
    const best = await opts.store.load(state.bestCheckpointId);
    if (best) writeWeights(opts.model.weights, best.weights, `best checkpoint ${best.id}`);
  } else if (run.bestWeights) {
    writeWeights(opts.model.weights, run.bestWeights, 'best weights');
  }
}
