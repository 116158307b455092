/**
 * Checkpoints: one self-describing record holding everything needed to resume a job exactly (weights,
 * optimizer moments, schedule position, data order) or to export the model (spec, config, labels). No rng
 * state: the data order is a pure function of (seed, epoch) and each dropout mask of (seed, step,
 * micro-batch), so the position in TrainerState is all a resume needs.
 * The record is plain data with Float32Arrays, so it is structured-clonable (IndexedDB, postMessage);
 * the worker stores it in IndexedDB and the CLI in files, both behind the CheckpointStore interface.
 */
import type { JobSpec, MetricName } from '../spec/jobSpec';
import type { EvaluationEvent } from './events';

export const CHECKPOINT_FORMAT = 'ftstudio-checkpoint';
export const CHECKPOINT_VERSION = 1;

export interface StoredTensor {
  shape: number[];
  data: Float32Array;
}

/** AdamW state: step count and first/second moments per trainable weight, by HF name. */
export interface OptimizerState {
  /** Optimizer steps taken. */
  step: number;
  /** `step`: updates this weight has had (bias correction uses it, as torch's per-parameter state['step']); absent = `step`. */
  moments: Record<string, { m: Float32Array; v: Float32Array; step?: number }>;
}

/** The trainer's own progress, all plain numbers. */
export interface TrainerState {
  /** Optimizer steps done. */
  globalStep: number;
  totalSteps: number;
  stepsPerEpoch: number;
  /** The epoch in progress (0-based). */
  epoch: number;
  /**
   * Micro-batches of the current epoch already consumed. The epoch's order is a permutation derived from
   * (seed, epoch), so (epoch, batchInEpoch) is the exact data-order position.
   */
  batchInEpoch: number;
  bestMetric: { name: MetricName; value: number } | null;
  bestStep: number | null;
  bestCheckpointId: string | null;
  /** Evaluations in a row without improvement (early stopping). */
  evaluationsWithoutImprovement: number;
  /** Bias-corrected EMA of the loss: running value and number of terms. */
  lossEma: { value: number; count: number };
}

export interface MetricsHistory {
  /** One point per optimizer step (loss and the body's lr), for the loss chart after a reload. */
  steps: { step: number; loss: number; lr: number }[];
  evaluations: EvaluationEvent[];
}

export interface CheckpointRecord {
  format: typeof CHECKPOINT_FORMAT;
  version: typeof CHECKPOINT_VERSION;
  /** Unique id: `${jobId}/step-${globalStep}` by convention. */
  id: string;
  jobId: string;
  /** ISO time. */
  createdAt: string;
  spec: JobSpec;
  /** The model's normalised config (architecture, sizes, num_labels), to rebuild it without the source. */
  modelConfig: Record<string, unknown>;
  state: TrainerState;
  /** Every weight by its Hugging Face name. */
  weights: Record<string, StoredTensor>;
  optimizer: OptimizerState;
  history: MetricsHistory;
}

/** What a store lists without loading weights. */
export interface CheckpointSummary {
  id: string;
  jobId: string;
  createdAt: string;
  step: number;
  epoch: number;
  /** The job metric at this checkpoint, when an evaluation preceded it. */
  metric: { name: MetricName; value: number } | null;
  /** Approximate size in bytes (weights + moments). */
  bytes: number;
}

/** Implemented by the worker (IndexedDB) and the CLI (files). */
export interface CheckpointStore {
  save(record: CheckpointRecord): Promise<void>;
  /** Checkpoints of one job, oldest first. */
  list(jobId: string): Promise<CheckpointSummary[]>;
  load(id: string): Promise<CheckpointRecord | null>;
  delete(id: string): Promise<void>;
}

export function checkpointId(jobId: string, step: number): string {
  return `${jobId}/step-${step}`;
}

export function summarizeCheckpoint(r: CheckpointRecord): CheckpointSummary {
  let bytes = 0;
  for (const w of Object.values(r.weights)) bytes += w.data.byteLength;
  for (const mv of Object.values(r.optimizer.moments)) bytes += mv.m.byteLength + mv.v.byteLength;
  const last = r.history.evaluations.at(-1);
  const metricName = r.spec.hyperparameters.earlyStopping.metric;
  const value = last && last.step === r.state.globalStep ? (last.metrics as unknown as Record<string, number>)[metricName] : undefined;
  return {
    id: r.id,
    jobId: r.jobId,
    createdAt: r.createdAt,
    step: r.state.globalStep,
    epoch: r.state.epoch,
    metric: typeof value === 'number' ? { name: metricName, value } : null,
    bytes,
  };
}

/**
 * Which checkpoints to delete: all but the newest `keepLast` (by step) and the best one. Pure, so the
 * rule is tested once and both stores share it.
 */
export function checkpointsToPrune(summaries: CheckpointSummary[], keepLast: number, bestId: string | null): string[] {
  const byStep = [...summaries].sort((a, b) => a.step - b.step);
  const keep = new Set(byStep.slice(Math.max(0, byStep.length - keepLast)).map((s) => s.id));
  if (bestId) keep.add(bestId);
  return byStep.filter((s) => !keep.has(s.id)).map((s) => s.id);
}

/** The newest checkpoint of a job (where a resume starts), or null. */
export async function latestCheckpoint(store: CheckpointStore, jobId: string): Promise<CheckpointSummary | null> {
  return (await store.list(jobId)).at(-1) ?? null;
}

export async function pruneCheckpoints(store: CheckpointStore, jobId: string, keepLast: number, bestId: string | null): Promise<string[]> {
  const doomed = checkpointsToPrune(await store.list(jobId), keepLast, bestId);
  for (const id of doomed) await store.delete(id);
  return doomed;
}

/** Rejects records from other formats/versions with a message naming what is wrong. */
export function assertCheckpointRecord(r: unknown, where: string): asserts r is CheckpointRecord {
  const o = r as Partial<CheckpointRecord> | null;
  if (!o || typeof o !== 'object' || o.format !== CHECKPOINT_FORMAT) throw new Error(`${where}: not a FineTune Studio checkpoint`);
  if (o.version !== CHECKPOINT_VERSION) throw new Error(`${where}: checkpoint version ${String(o.version)} is not supported (expected ${CHECKPOINT_VERSION})`);
  for (const [name, t] of Object.entries(o.weights ?? {})) {
    const n = t.shape.reduce((a, b) => a * b, 1);
    if (!(t.data instanceof Float32Array) || t.data.length !== n) {
      throw new Error(`${where}: weight ${name} has ${t.data?.length} values but shape [${t.shape.join(', ')}] needs ${n}`);
    }
  }
}

/** An in-memory CheckpointStore: for tests and for jobs that need no persistence. */
export function createMemoryCheckpointStore(): CheckpointStore & { records: Map<string, CheckpointRecord> } {
  const records = new Map<string, CheckpointRecord>();
  return {
    records,
    async save(r) { records.set(r.id, r); },
    async list(jobId) {
      return [...records.values()].filter((r) => r.jobId === jobId).map(summarizeCheckpoint).sort((a, b) => a.step - b.step);
    },
    async load(id) { return records.get(id) ?? null; },
    async delete(id) { records.delete(id); },
  };
}
