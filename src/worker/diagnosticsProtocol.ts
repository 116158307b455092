/**
 * Messages between the "Check your backends" page and its worker (diagnostics.worker.ts). One worker per
 * backend check, so a backend that crashes cannot take the others down. Structured-clonable payloads.
 */
import type { BackendName } from '../core/model/backends';
import type { TaskKind } from '../core/model/types';

import type { ErrorReply, SerializedError } from '../core/errors';

export type { SerializedError };

/** A fixed, already-tokenized batch (the page builds it so every backend sees the same numbers). */
export interface CheckBatch {
  ids: number[][];
  typeIds?: number[][];
  /** single-label: class ids. */
  targets: number[];
}

export interface CheckPayload {
  backend: BackendName;
  /** config.json contents. */
  config: Record<string, unknown>;
  /** model.safetensors bytes; null → the model is randomly initialised (seeded, same on every backend). */
  weights: ArrayBuffer | null;
  task: TaskKind;
  numLabels: number;
  batch: CheckBatch;
  /** Training steps for the leak check and the timing (AdamW, dropout on). */
  steps: number;
  /**
   * false: single-threaded wasm even on a cross-origin isolated page (to compare with the threaded build);
   * 'simulate-failure': give the threaded build a pthread script that throws, to check the fallback.
   */
  wasmThreads?: boolean | 'simulate-failure';
}

export interface CheckResult {
  requested: BackendName;
  /** tf.getBackend() after setup. */
  active: string;
  /** WebGPU adapter description when the backend is webgpu (e.g. SwiftShader). */
  adapter: string;
  /** Threads the wasm backend computes on (0 on other backends). */
  threads: number;
  /** Why wasm runs on one thread, when it does on a page that could have had more. */
  threadsNote?: string;
  logits: Float32Array;
  loss: number;
  /** d(loss)/d(weight) for every weight, eval mode, by HF name. */
  grads: Record<string, Float32Array>;
  /** The global gradient norm as the trainer's clipping computes it (torch clip_grad_norm_): one reduction over
   *  every weight's gradient, which is where a backend's limit on inputs per shader shows up. */
  gradNorm: number;
  /** Uncaptured WebGPU errors (validation, out of memory) seen during the check; each one means dropped work. */
  deviceErrors: string[];
  /** tf.memory().numTensors after the first training step and after the last one. */
  tensorsBefore: number;
  tensorsAfter: number;
  firstStepMs: number;
  msPerStep: number;
  lossFirst: number;
  lossLast: number;
}

export type PageToWorker = { type: 'check'; payload: CheckPayload };

export type WorkerToPage =
  | { type: 'result'; payload: CheckResult }
  | ErrorReply;

export { assertNever } from '../core/errors';
