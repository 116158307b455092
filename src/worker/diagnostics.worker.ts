/**
 * Runs the engine on one backend for the diagnostics page: logits and every gradient for a fixed batch
 * (compared across backends by the page), then a few AdamW training steps with dropout to time the backend
 * and to check tf.memory().numTensors does not grow. Never dataSync: every read is a batched `await data()`.
 */
import * as tf from '@tensorflow/tfjs';
import { loadSequenceClassifier } from '../core/model/load';
import { makeBatch, disposeBatch } from '../core/model/batching';
import { clipByGlobalNorm, createAdamW } from '../core/train/adamw';
import type { SequenceClassifier } from '../core/model/types';
import { errorReply } from '../core/errors';
import { setupWorkerBackend } from './wasmBackend';
import { assertNever, type CheckPayload, type CheckResult, type PageToWorker, type WorkerToPage } from './diagnosticsProtocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (m: WorkerToPage, transfer: Transferable[] = []) => scope.postMessage(m, transfer);

async function adapterDescription(): Promise<string> {
  if (tf.getBackend() !== 'webgpu') return '';
  const gpu = (scope.navigator as unknown as { gpu?: { requestAdapter(): Promise<{ info?: Record<string, unknown> } | null> } }).gpu;
  const info = (await gpu?.requestAdapter())?.info ?? {};
  const parts = [info.vendor, info.architecture, info.description].filter((x) => typeof x === 'string' && x);
  return `${parts.join(' ')}${info.isFallbackAdapter ? ' (software fallback)' : ''}`;
}

async function gradients(model: SequenceClassifier, batch: ReturnType<typeof makeBatch>, targets: tf.Tensor1D) {
  const names = [...model.weights.keys()];
  const vars = names.map((n) => model.weights.get(n)!);
  const kept: tf.Tensor[] = [];
  const { value, grads } = tf.variableGrads(() => {
    const logits = model.forward(batch, false);
    kept.push(tf.keep(logits));
    return model.loss(logits, targets);
  }, vars);
  const norm = tf.tidy(() => clipByGlobalNorm(grads, 0).norm);
  const values = await Promise.all([kept[0].data(), value.data(), norm.data(), ...vars.map((v) => grads[v.name].data())]);
  tf.dispose([kept[0], value, norm, ...Object.values(grads)]);
  const out: Record<string, Float32Array> = {};
  names.forEach((n, i) => { out[n] = values[i + 3] as Float32Array; });
  return { logits: values[0] as Float32Array, loss: (values[1] as Float32Array)[0], gradNorm: (values[2] as Float32Array)[0], grads: out };
}

/** Collects the WebGPU device's uncaptured errors (none on other backends). */
function collectDeviceErrors(): string[] {
  const errors: string[] = [];
  if (tf.getBackend() !== 'webgpu') return errors;
  const device = (tf.backend() as unknown as { device?: { addEventListener?(t: string, l: (e: Event) => void): void } }).device;
  device?.addEventListener?.('uncapturederror', (e) => {
    errors.push((e as Event & { error?: { message?: string } }).error?.message ?? 'unknown WebGPU error');
  });
  return errors;
}

async function check(p: CheckPayload): Promise<CheckResult> {
  const started = await setupWorkerBackend(p.backend, {
    threads: p.wasmThreads !== false,
    factorySource: p.wasmThreads === 'simulate-failure' ? 'throw new Error("simulated pthread failure");' : undefined,
  });
  const active = started.backend;
  const deviceErrors = collectDeviceErrors();
  const { model } = loadSequenceClassifier({
    config: p.config, weights: p.weights ?? undefined, task: p.task, numLabels: p.numLabels, seed: 1,
  });
  const batch = makeBatch(p.batch.ids.map((ids, i) => ({
    ids: Int32Array.from(ids), ...(p.batch.typeIds ? { typeIds: Int32Array.from(p.batch.typeIds[i]) } : {}),
  })), model.maxLength, { padId: model.padTokenId });
  const targets = tf.tensor1d(p.batch.targets, 'int32');
  try {
    const g = await gradients(model, batch, targets);
    const adamw = createAdamW(model.weights);
    const nameOf = new Map([...model.weights].map(([n, v]) => [v.name, n]));
    const vars = [...model.weights.values()];
    const step = async (seed: number) => {
      const loss = tf.tidy(() => {
        const { value, grads } = tf.variableGrads(() => model.loss(model.forward(batch, true, seed), targets), vars);
        const named: Record<string, tf.Tensor> = {};
        for (const [k, t] of Object.entries(grads)) named[nameOf.get(k)!] = t;
        // Clipped like the trainer (max norm 1.0), so the loss after N steps also checks the clipping.
        adamw.applyGradients(clipByGlobalNorm(named, 1).grads, () => ({ lr: 1e-3, weightDecay: 0.01 }));
        return value;
      });
      const [v] = await loss.data();
      loss.dispose();
      return v;
    };
    let t0 = performance.now();
    const lossFirst = await step(0);
    const firstStepMs = performance.now() - t0;
    const tensorsBefore = tf.memory().numTensors;
    t0 = performance.now();
    let lossLast = lossFirst;
    for (let s = 1; s <= p.steps; s++) lossLast = await step(s);
    const msPerStep = (performance.now() - t0) / Math.max(1, p.steps);
    const tensorsAfter = tf.memory().numTensors;
    adamw.dispose();
    return {
      requested: p.backend, active, adapter: await adapterDescription(), threads: started.threads, threadsNote: started.note, ...g, deviceErrors,
      tensorsBefore, tensorsAfter, firstStepMs, msPerStep, lossFirst, lossLast,
    };
  } finally {
    disposeBatch(batch);
    targets.dispose();
    model.dispose();
  }
}

scope.onmessage = (e: MessageEvent<PageToWorker>) => {
  const msg = e.data;
  switch (msg.type) {
    case 'check':
      // Arrays may be views of one buffer (a model that reads its gradients in one batch): transfer each buffer
      // once — a duplicate makes postMessage throw, and a throw here must still answer the page, not leave it waiting.
      check(msg.payload)
        .then((r) => post({ type: 'result', payload: r }, [...new Set([r.logits, ...Object.values(r.grads)].map((a) => a.buffer as ArrayBuffer))]))
        .catch((err: unknown) => post(errorReply(err)));
      return;
    default:
      assertNever(msg.type as never);
  }
};
