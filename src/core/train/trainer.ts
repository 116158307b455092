/**
 * The training loop, with Hugging Face Trainer semantics: AdamW with per-group learning rates and HF's
 * no-decay rule, warmup + schedule, gradient accumulation and clipping, evaluation, checkpoints (last K +
 * best), early stopping, best weights loaded at the end and the test split scored once with them.
 *
 * Runs anywhere tfjs runs (worker, Node). Every step is built in tf.tidy and its scalars (loss, grad
 * norm) are read with one batched `await data()` BEFORE the update, so a NaN/Inf loss never reaches the
 * weights. Pause/cancel are flags checked between optimizer steps.
 */
import * as tf from '@tensorflow/tfjs';
import type { TrainingData } from '../data/types';
import { disposeBatch, makeBatch, type EncodedExample } from '../model/batching';
import type { SequenceClassifier } from '../model/types';
import { metricIsLowerBetter, type JobSpec } from '../spec/jobSpec';
import { assertValidJobSpec } from '../spec/validate';
import { clipByGlobalNorm, createAdamW, isNoDecayParam } from './adamw';
import { checkpointId, pruneCheckpoints, type CheckpointRecord, type CheckpointStore, type MetricsHistory, type TrainerState } from './checkpoint';
import { balancedClassWeights, classCounts, epochBatches, makeTargets, numOutputs, oversampleRows, splitRows } from './data';
import { evaluateRows } from './evaluate';
import type { DoneEvent, DoneReason, TrainerEvent } from './events';
import { countLayers, groupPeakLr, trainableGroups } from './groups';
import { metricValue, type EvalMetrics } from './metrics';
import type { TrainerControl } from './runner';
import { lrMultiplier, stepsPerEpochFor, warmupStepsFor } from './schedule';
import { readWeights, writeWeights } from './weightsIO';

export interface TrainOptions {
  jobId: string;
  spec: JobSpec;
  /** The job's rows, already cut to spec.dataset.limits (createInThreadRunner does it with jobData). */
  data: TrainingData;
  model: SequenceClassifier;
  /** Tokenized once per job by the caller (tokenizer.encodeBatch over data.texts/pairs); one entry per row. */
  encoded: readonly EncodedExample[];
  store: CheckpointStore | null;
  control: TrainerControl;
  emit: (e: TrainerEvent) => void;
  backend: { name: string; reason: string };
  resumeFrom?: CheckpointRecord;
  /** Minimum ms between step events (default 250; the last step of an epoch is always sent). */
  throttleMs?: number;
  /** Forward without dropout while training (for comparisons with a reference implementation). */
  disableDropout?: boolean;
  now?: () => number;
}

const DEFAULT_THROTTLE_MS = 250;

function freshState(totalSteps: number, stepsPerEpoch: number): TrainerState {
  return {
    globalStep: 0, totalSteps, stepsPerEpoch, epoch: 0, batchInEpoch: 0,
    bestMetric: null, bestStep: null, bestCheckpointId: null, evaluationsWithoutImprovement: 0,
    lossEma: { value: 0, count: 0 },
  };
}

/** Seed of the dropout masks for one micro-batch: a pure function of (job seed, step, micro-batch). */
const dropoutSeed = (seed: number, step: number, micro: number) => (Math.imul(seed + 1, 0x27d4eb2f) ^ Math.imul(step + 1, 0x165667b1) ^ micro) >>> 0;

export async function runTraining(opts: TrainOptions): Promise<DoneEvent> {
  const { model, data, encoded, store, control, emit } = opts;
  const spec = opts.resumeFrom?.spec ?? opts.spec;
  assertValidJobSpec(spec);
  const hp = spec.hyperparameters;
  const task = spec.task.kind;
  if (task !== model.task) throw new Error(`the job is ${task} but the model head was built for ${model.task}`);
  const k = numOutputs(task, spec.task.labelNames);
  if (encoded.length !== data.texts.length) throw new Error(`tokenized ${encoded.length} rows but the dataset has ${data.texts.length}`);
  const now = opts.now ?? (() => performance.now());
  const throttle = opts.throttleMs ?? DEFAULT_THROTTLE_MS;

  const splits = splitRows(data);
  if (splits.train.length === 0) throw new Error('the train split is empty: nothing to learn from');
  const trainRows = hp.oversampling && task === 'single_label_classification' ? oversampleRows(splits.train, data.labels, k, hp.seed) : splits.train;
  const classWeights = task === 'single_label_classification' && hp.classWeights.mode !== 'none'
    ? (hp.classWeights.mode === 'balanced' ? balancedClassWeights(classCounts(data.labels, splits.train, k)) : hp.classWeights.custom)
    : undefined;

  const stepsPerEpoch = stepsPerEpochFor(trainRows.length, hp.batchSize, hp.gradientAccumulationSteps);
  const totalSteps = stepsPerEpoch * hp.epochs;
  const warmupSteps = warmupStepsFor(hp.warmup, totalSteps);
  const numLayers = countLayers(model.groups);
  const groupOf = new Map<string, string>();
  for (const g of model.groups) for (const p of g.params) groupOf.set(p, g.name);
  const peakLr = new Map(model.groups.map((g) => [g.name, groupPeakLr(g.name, hp, numLayers)]));
  const evalOpts = { batchSize: hp.batchSize * 2, maxLength: hp.maxSequenceLength };

  const optimizer = createAdamW(model.weights);
  const state: TrainerState = opts.resumeFrom ? structuredClone(opts.resumeFrom.state) : freshState(totalSteps, stepsPerEpoch);
  const history: MetricsHistory = opts.resumeFrom ? structuredClone(opts.resumeFrom.history) : { steps: [], evaluations: [] };
  if (opts.resumeFrom) {
    writeWeights(model.weights, opts.resumeFrom.weights, `checkpoint ${opts.resumeFrom.id}`);
    optimizer.importState(opts.resumeFrom.optimizer);
  }
  let bestWeightsInMemory: CheckpointRecord['weights'] | null = null;
  const metricName = hp.earlyStopping.metric;

  const saveCheckpoint = async (isBest: boolean): Promise<string | null> => {
    if (!store) return null;
    const id = checkpointId(opts.jobId, state.globalStep);
    if (isBest) state.bestCheckpointId = id;
    const record: CheckpointRecord = {
      format: 'ftstudio-checkpoint', version: 1, id, jobId: opts.jobId, createdAt: new Date().toISOString(),
      spec, modelConfig: model.config, state: structuredClone(state), weights: await readWeights(model.weights),
      optimizer: await optimizer.exportState(), history: structuredClone(history),
      rng: { dropout: dropoutSeed(hp.seed, state.globalStep, 0) },
    };
    await store.save(record);
    await pruneCheckpoints(store, opts.jobId, hp.checkpoints.keepLast, state.bestCheckpointId);
    emit({ type: 'checkpoint', checkpointId: id, step: state.globalStep, epoch: state.epoch, isBest });
    return id;
  };

  /** Scores validation; updates best/patience; returns whether early stopping says stop. */
  const evaluateValidation = async (): Promise<boolean> => {
    if (splits.validation.length === 0) return false;
    const metrics = await evaluateRows(model, data, encoded, splits.validation, evalOpts);
    const event = { type: 'evaluation' as const, split: 'validation' as const, epoch: state.epoch, step: state.globalStep, metrics };
    history.evaluations.push(event);
    emit(event);
    const value = metricValue(metrics, metricName);
    if (value === undefined) return false;
    const lower = metricIsLowerBetter(metricName);
    const best = state.bestMetric?.value;
    const delta = hp.earlyStopping.minDelta;
    const improved = best === undefined || (lower ? value < best - delta : value > best + delta);
    if (improved) {
      state.bestMetric = { name: metricName, value };
      state.bestStep = state.globalStep;
      state.evaluationsWithoutImprovement = 0;
      if (store) await saveCheckpoint(true);
      else bestWeightsInMemory = await readWeights(model.weights);
    } else {
      state.evaluationsWithoutImprovement++;
    }
    return hp.earlyStopping.enabled && state.evaluationsWithoutImprovement >= hp.earlyStopping.patience;
  };

  emit({
    type: 'started', backend: opts.backend.name, backendReason: opts.backend.reason, totalSteps, stepsPerEpoch,
    epochs: hp.epochs, trainExamples: trainRows.length, startStep: state.globalStep,
  });

  const runStart = now();
  const stepAtStart = state.globalStep;
  let lastEmit = -Infinity;
  let reason: DoneReason = 'completed';
  let message = '';
  let trainable: string[] = [];

  training: while (state.epoch < hp.epochs) {
    const groupsNow = trainableGroups(model.groups, hp, state.epoch);
    if (hp.gradualUnfreezing && groupsNow.join() !== trainable.join()) emit({ type: 'unfrozen', epoch: state.epoch, trainableGroups: groupsNow });
    trainable = groupsNow;
    const vars = model.groups.filter((g) => trainable.includes(g.name)).flatMap((g) => g.params.map((p) => [p, model.weights.get(p)!] as const));
    const hfNameOf = new Map(vars.map(([name, v]) => [v.name, name]));
    const varList = vars.map(([, v]) => v);
    const batches = epochBatches(trainRows, hp.batchSize, hp.seed, state.epoch);

    while (state.batchInEpoch < batches.length) {
      if (control.cancelRequested) { reason = 'cancelled'; message = `cancelled at step ${state.globalStep}`; break training; }
      if (control.pauseRequested) {
        const id = await saveCheckpoint(false);
        emit({ type: 'paused', step: state.globalStep, ...(id ? { checkpointId: id } : {}) });
        await control.waitForResume();
        if (control.cancelRequested) { reason = 'cancelled'; message = `cancelled at step ${state.globalStep}`; break training; }
        emit({ type: 'resumed', step: state.globalStep });
      }
      const group = batches.slice(state.batchInEpoch, state.batchInEpoch + hp.gradientAccumulationSteps);
      let grads: Record<string, tf.Tensor> | null = null;
      let lossSum: tf.Scalar | null = null;
      group.forEach((rows, micro) => {
        const batch = makeBatch(Array.from(rows, (r) => encoded[r]), hp.maxSequenceLength, { padId: model.padTokenId });
        const next = tf.tidy(() => {
          const targets = makeTargets(data, rows, task, k);
          const seed = dropoutSeed(hp.seed, state.globalStep, micro);
          const { value, grads: g } = tf.variableGrads(() => {
            const logits = model.forward(batch, !opts.disableDropout, seed);
            return model.loss(logits, targets, classWeights ? { classWeights } : undefined).div(group.length) as tf.Scalar;
          }, varList);
          const summed: Record<string, tf.Tensor> = {};
          for (const [vname, gt] of Object.entries(g)) {
            const name = hfNameOf.get(vname)!;
            summed[name] = grads ? tf.add(grads[name], gt) : gt;
          }
          return { loss: lossSum ? tf.add(lossSum, value) : value, grads: summed };
        });
        disposeBatch(batch);
        if (grads) tf.dispose(grads);
        lossSum?.dispose();
        grads = next.grads;
        lossSum = next.loss as tf.Scalar;
      });
      const { clipped, scalars } = tf.tidy(() => {
        const c = clipByGlobalNorm(grads!, hp.maxGradNorm);
        return { clipped: c.grads, scalars: tf.stack([lossSum!, c.norm]) };
      });
      const [loss, gradNorm] = await scalars.data();
      scalars.dispose();
      lossSum!.dispose();
      if (!Number.isFinite(loss) || !Number.isFinite(gradNorm)) {
        tf.dispose([clipped, grads!]);
        reason = 'diverged';
        message = `loss became ${loss} at step ${state.globalStep + 1} (epoch ${state.epoch + 1}); try a lower learning rate`;
        break training;
      }
      const multiplier = lrMultiplier(state.globalStep, totalSteps, warmupSteps, hp.schedule);
      optimizer.applyGradients(clipped, (name) => ({
        lr: peakLr.get(groupOf.get(name)!)! * multiplier,
        weightDecay: isNoDecayParam(name) ? 0 : hp.weightDecay,
      }));
      tf.dispose([clipped, grads!]);
      state.globalStep++;
      state.batchInEpoch += group.length;
      state.lossEma.count++;
      state.lossEma.value = 0.98 * state.lossEma.value + 0.02 * loss;
      const smoothed = state.lossEma.value / (1 - 0.98 ** state.lossEma.count);
      history.steps.push({ step: state.globalStep, loss, lr: hp.learningRate * multiplier });
      const endOfEpoch = state.batchInEpoch >= batches.length;
      const t = now();
      if (t - lastEmit >= throttle || endOfEpoch) {
        lastEmit = t;
        const elapsed = (t - runStart) / 1000;
        const done = state.globalStep - stepAtStart;
        emit({
          type: 'step', step: state.globalStep, totalSteps, epoch: state.epoch + state.batchInEpoch / batches.length, loss,
          smoothedLoss: smoothed, gradNorm,
          learningRates: Object.fromEntries(trainable.map((g) => [g, peakLr.get(g)! * multiplier])),
          samplesPerSecond: elapsed > 0 ? (done * hp.batchSize * hp.gradientAccumulationSteps) / elapsed : 0,
          etaSeconds: done > 0 ? ((totalSteps - state.globalStep) * elapsed) / done : 0,
        });
      }
      if (endOfEpoch) {
        state.epoch++;
        state.batchInEpoch = 0;
      }
      const evalNow = hp.evaluation.strategy === 'epoch' ? endOfEpoch : state.globalStep % hp.evaluation.everySteps === 0;
      const stop = evalNow ? await evaluateValidation() : false;
      const checkpointNow = hp.checkpoints.strategy === 'epoch' ? endOfEpoch : state.globalStep % hp.checkpoints.everySteps === 0;
      if (checkpointNow && state.bestCheckpointId !== checkpointId(opts.jobId, state.globalStep)) await saveCheckpoint(false);
      if (stop) {
        reason = 'early-stopped';
        message = `${metricName} did not improve by ${hp.earlyStopping.minDelta} for ${hp.earlyStopping.patience} evaluations`;
        break training;
      }
      if (endOfEpoch) break;
    }
  }
  optimizer.dispose();

  // Load the best weights (HF load_best_model_at_end) and score the test split with them, once.
  if (state.bestCheckpointId && store) {
    const best = await store.load(state.bestCheckpointId);
    if (best) writeWeights(model.weights, best.weights, `best checkpoint ${best.id}`);
  } else if (bestWeightsInMemory) {
    writeWeights(model.weights, bestWeightsInMemory, 'best weights');
  }
  let testMetrics: EvalMetrics | null = null;
  if (reason !== 'cancelled' && splits.test.length > 0) {
    testMetrics = await evaluateRows(model, data, encoded, splits.test, evalOpts);
    emit({ type: 'evaluation', split: 'test', epoch: state.epoch, step: state.bestStep ?? state.globalStep, metrics: testMetrics });
  }
  if (reason === 'completed') message = `trained ${state.globalStep} steps`;
  if (state.bestStep !== null && reason !== 'cancelled') message += `; best ${metricName} ${state.bestMetric!.value.toFixed(4)} at step ${state.bestStep}`;
  const done: DoneEvent = {
    type: 'done', reason, message, step: state.globalStep, bestStep: state.bestStep, bestCheckpointId: state.bestCheckpointId,
    bestMetric: state.bestMetric, testMetrics,
  };
  emit(done);
  return done;
}
