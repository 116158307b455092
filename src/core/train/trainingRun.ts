/**
 * A training run's setup: the plan (everything decided up front from the spec and the data — rows,
 * schedule, learning rates per group; no tensors) and the run itself (the plan plus the optimizer and the
 * serializable progress a checkpoint saves). trainer.ts drives it.
 */
import type { TrainingData } from '../data/types';
import type { EncodedExample } from '../model/batching';
import type { SequenceClassifier, TaskKind } from '../model/types';
import type { Hyperparameters, JobSpec } from '../spec/jobSpec';
import { assertValidJobSpec } from '../spec/validate';
import type { AdamW } from './adamw';
import type { CheckpointRecord, CheckpointStore, MetricsHistory, TrainerState } from './checkpoint';
import type { TrainerControl } from './control';
import { balancedClassWeights, classCounts, numOutputs, oversampleRows, splitRows, type SplitRows } from './data';
import type { PredictOptions } from './evaluate';
import type { TrainerEvent } from './events';
import { countLayers, groupPeakLr } from './groups';
import { stepsPerEpochFor, warmupStepsFor } from './schedule';
import type { StepContext } from './step';
import { writeWeights } from './weightsIO';

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

/** What the spec and the data decide before the first step. */
export interface RunPlan {
  spec: JobSpec;
  hp: Hyperparameters;
  task: TaskKind;
  splits: SplitRows;
  /** Train rows after oversampling. */
  trainRows: Int32Array;
  stepsPerEpoch: number;
  totalSteps: number;
  warmupSteps: number;
  /** Parameter group of every weight, and each group's peak learning rate. */
  groupOf: Map<string, string>;
  peakLr: Map<string, number>;
  evalOptions: PredictOptions;
  step: StepContext;
}

/** A run in progress: its plan, its optimizer, and the progress a checkpoint saves. */
export interface TrainingRun extends RunPlan {
  opts: TrainOptions;
  optimizer: AdamW;
  state: TrainerState;
  history: MetricsHistory;
  /** Without a checkpoint store, the best weights are kept here. */
  bestWeights: CheckpointRecord['weights'] | null;
  /** Groups training in the current epoch. */
  trainable: string[];
  clock: { now: () => number; startedAt: number; stepAtStart: number; lastEmit: number; throttleMs: number };
}

const DEFAULT_THROTTLE_MS = 250;

/** Checks the inputs against each other and decides rows, schedule and learning rates. */
export function planRun(opts: TrainOptions): RunPlan {
  const { model, data, encoded } = opts;
  const spec = opts.resumeFrom?.spec ?? opts.spec;
  assertValidJobSpec(spec);
  const hp = spec.hyperparameters;
  const task = spec.task.kind;
  if (task !== model.task) throw new Error(`the job is ${task} but the model head was built for ${model.task}`);
  if (encoded.length !== data.texts.length) throw new Error(`tokenized ${encoded.length} rows but the dataset has ${data.texts.length}`);
  const k = numOutputs(task, spec.task.labelNames);
  const splits = splitRows(data);
  if (splits.train.length === 0) throw new Error('the train split is empty: nothing to learn from');
  const single = task === 'single_label_classification';
  const trainRows = hp.oversampling && single ? oversampleRows(splits.train, data.labels, k, hp.seed) : splits.train;
  const classWeights = single && hp.classWeights.mode !== 'none'
    ? (hp.classWeights.mode === 'balanced' ? balancedClassWeights(classCounts(data.labels, splits.train, k)) : hp.classWeights.custom)
    : undefined;
  const stepsPerEpoch = stepsPerEpochFor(trainRows.length, hp.batchSize, hp.gradientAccumulationSteps);
  const totalSteps = stepsPerEpoch * hp.epochs;
  const numLayers = countLayers(model.groups);
  return {
    spec, hp, task, splits, trainRows, stepsPerEpoch, totalSteps, warmupSteps: warmupStepsFor(hp.warmup, totalSteps),
    groupOf: new Map(model.groups.flatMap((g) => g.params.map((p) => [p, g.name] as const))),
    peakLr: new Map(model.groups.map((g) => [g.name, groupPeakLr(g.name, hp, numLayers)])),
    evalOptions: { batchSize: hp.batchSize * 2, maxLength: hp.maxSequenceLength },
    step: {
      model, data, encoded, task, numOutputs: k, maxLength: hp.maxSequenceLength, classWeights,
      maxGradNorm: hp.maxGradNorm, dropout: !opts.disableDropout,
    },
  };
}

function freshState(plan: RunPlan): TrainerState {
  return {
    globalStep: 0, totalSteps: plan.totalSteps, stepsPerEpoch: plan.stepsPerEpoch, epoch: 0, batchInEpoch: 0,
    bestMetric: null, bestStep: null, bestCheckpointId: null, evaluationsWithoutImprovement: 0,
    lossEma: { value: 0, count: 0 },
  };
}

/** The run at its first step: fresh, or where `opts.resumeFrom` left off (weights, moments, progress, history). */
export function startRun(opts: TrainOptions, plan: RunPlan, optimizer: AdamW): TrainingRun {
  const from = opts.resumeFrom;
  if (from) {
    writeWeights(opts.model.weights, from.weights, `checkpoint ${from.id}`);
    optimizer.importState(from.optimizer);
  }
  const state = from ? structuredClone(from.state) : freshState(plan);
  const now = opts.now ?? (() => performance.now());
  return {
    ...plan, opts, optimizer, state,
    history: from ? structuredClone(from.history) : { steps: [], evaluations: [] },
    bestWeights: null,
    trainable: [],
    clock: { now, startedAt: now(), stepAtStart: state.globalStep, lastEmit: -Infinity, throttleMs: opts.throttleMs ?? DEFAULT_THROTTLE_MS },
  };
}
