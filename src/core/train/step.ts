/**
 * One optimizer step's forward and backward passes: gradients summed over the step's micro-batches
 * (gradient accumulation, each loss divided by their number), clipped by global norm, and the step's two scalars —
 * loss and gradient norm — read in ONE batched `await data()` before any weight changes, so a NaN/Inf
 * loss never reaches the weights. Every tensor built here is created inside tf.tidy.
 */
import * as tf from '@tensorflow/tfjs';
import type { TrainingData } from '../data/types';
import { disposeBatch, makeBatch, type EncodedExample } from '../model/batching';
import type { SequenceClassifier, TaskKind } from '../model/types';
import { clipByGlobalNorm } from './adamw';
import { makeTargets } from './data';

/** What the gradient computation needs to know about the job; fixed for the whole run. */
export interface StepContext {
  model: SequenceClassifier;
  data: TrainingData;
  encoded: readonly EncodedExample[];
  task: TaskKind;
  /** Model outputs: labels, or 1 for regression. */
  numOutputs: number;
  maxLength: number;
  classWeights?: number[];
  maxGradNorm: number;
  /** Dropout on (training) unless comparing with a reference implementation. */
  dropout: boolean;
}

/** The variables that train now, and the Hugging Face name of each (gradients are keyed by it). */
export interface TrainableVars {
  vars: tf.Variable[];
  hfNameOf: Map<string, string>;
}

export interface StepGradients {
  /** Clipped gradients by HF weight name; the caller disposes them after the update. */
  grads: Record<string, tf.Tensor>;
  loss: number;
  /** Global gradient norm before clipping. */
  gradNorm: number;
}

/** Loss (sum of the scaled micro-batch losses) and gradients so far; tensors owned by the caller. */
interface Accumulated {
  loss: tf.Scalar;
  grads: Record<string, tf.Tensor>;
}

/** Adds one micro-batch's loss ÷ `count` and its gradients to `acc` (null for the first); disposes the old sums. */
function accumulate(ctx: StepContext, trainable: TrainableVars, rows: Int32Array, count: number, seed: number, acc: Accumulated | null): Accumulated {
  const batch = makeBatch(Array.from(rows, (r) => ctx.encoded[r]), ctx.maxLength, { padId: ctx.model.padTokenId });
  try {
    return tf.tidy(() => {
      const targets = makeTargets(ctx.data, rows, ctx.task, ctx.numOutputs);
      const weights = ctx.classWeights ? { classWeights: ctx.classWeights } : undefined;
      const { value, grads } = tf.variableGrads(() => {
        const logits = ctx.model.forward(batch, ctx.dropout, seed);
        return ctx.model.loss(logits, targets, weights).div(count) as tf.Scalar;
      }, trainable.vars);
      const summed: Record<string, tf.Tensor> = {};
      for (const [varName, g] of Object.entries(grads)) {
        const name = trainable.hfNameOf.get(varName)!;
        summed[name] = acc ? tf.add(acc.grads[name], g) : g;
      }
      return { loss: (acc ? tf.add(acc.loss, value) : value) as tf.Scalar, grads: summed };
    });
  } finally {
    disposeBatch(batch);
    if (acc) tf.dispose([acc.loss, ...Object.values(acc.grads)]);
  }
}

/**
 * Forward and backward over `microBatches` (row indices), then clipping. `seedOf(i)` is the dropout
 * seed of micro-batch i. Non-finite loss or norm: no gradients are returned (all freed) and the step
 * must not be applied.
 */
export async function computeStep(
  ctx: StepContext, trainable: TrainableVars, microBatches: Int32Array[], seedOf: (micro: number) => number,
): Promise<StepGradients | { loss: number; gradNorm: number; grads: null }> {
  let acc: Accumulated | null = null;
  for (let i = 0; i < microBatches.length; i++) {
    acc = accumulate(ctx, trainable, microBatches[i], microBatches.length, seedOf(i), acc);
  }
  const { loss: lossSum, grads: raw } = acc!;
  const { clipped, scalars } = tf.tidy(() => {
    const c = clipByGlobalNorm(raw, ctx.maxGradNorm);
    return { clipped: c.grads, scalars: tf.stack([lossSum, c.norm]) };
  });
  const [loss, gradNorm] = await scalars.data();
  // Without clipping, `clipped` is `raw` itself: free only what the update will not use.
  const kept = new Set(Object.values(clipped));
  tf.dispose([scalars, lossSum, ...Object.values(raw).filter((t) => !kept.has(t))]);
  if (!Number.isFinite(loss) || !Number.isFinite(gradNorm)) {
    tf.dispose(Object.values(clipped));
    return { loss, gradNorm, grads: null };
  }
  return { grads: clipped, loss, gradNorm };
}
