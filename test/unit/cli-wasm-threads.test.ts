/**
 * wasm on XNNPACK threads in Node (src/cli/nodeWasmThreads.ts), which tfjs itself turns off in Node: it
 * starts with the threads asked for, computes the same logits and gradients as the cpu backend, and does
 * not leak tensors over training steps. And the CLI's backend choice says how many threads it got.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { setupBackend } from '../../src/core/model/backends';
import { loadSequenceClassifier } from '../../src/core/model/load';
import { disposeBatch } from '../../src/core/model/batching';
import { startNodeWasmThreads } from '../../src/cli/nodeWasmThreads';
import { startNodeBackend } from '../../src/cli/backend';
import { ensureFixtures, exampleBatch, exampleTargets, lossAndGrads, maxAbsDiff, readFixture, targetsTensor, type GradResult } from './engine-helpers';

async function gradsOnActiveBackend(): Promise<GradResult> {
  const fx = readFixture('tiny-bert-classifier');
  const { model } = loadSequenceClassifier({ config: fx.config, weights: fx.weights, task: 'single_label_classification', numLabels: 2, seed: 5 });
  const { batch } = exampleBatch(11, 4, true, 20);
  const t = targetsTensor('single_label_classification', exampleTargets('single_label_classification', 4, 2, 12));
  const r = await lossAndGrads(model, batch, t);
  t.dispose();
  disposeBatch(batch);
  model.dispose();
  return r;
}

let threads = 0;
let threaded: GradResult;

beforeAll(async () => {
  ensureFixtures();
  threads = await startNodeWasmThreads(2);
  threaded = await gradsOnActiveBackend();
});

afterAll(async () => {
  await setupBackend('cpu');
});

describe('wasm threads in Node', () => {
  it('start with the threads asked for', () => {
    expect(tf.getBackend()).toBe('wasm');
    expect(threads).toBe(2);
  });

  it('leak no tensors over 20 training steps', () => {
    const fx = readFixture('tiny-bert-classifier');
    const { model } = loadSequenceClassifier({ config: fx.config, weights: fx.weights, task: 'single_label_classification', numLabels: 2, seed: 5 });
    const { batch } = exampleBatch(13, 8, false, 24);
    const t = tf.tensor1d([0, 1, 0, 1, 1, 0, 1, 0], 'int32');
    const vars = [...model.weights.values()];
    const step = (seed: number) => tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => model.loss(model.forward(batch, true, seed), t), vars);
      vars.forEach((v) => (v as tf.Variable).assign(v.sub(grads[v.name].mul(1e-3))));
      return value;
    }).dispose();
    step(0);
    const before = tf.memory().numTensors;
    for (let i = 1; i <= 20; i++) step(i);
    expect(tf.memory().numTensors).toBe(before);
    t.dispose();
    disposeBatch(batch);
    model.dispose();
  });

  it('compute what cpu computes (logits and every gradient within 1e-4)', async () => {
    await setupBackend('cpu');
    const cpu = await gradsOnActiveBackend();
    expect(maxAbsDiff(threaded.logits, cpu.logits)).toBeLessThan(1e-4);
    let worst = 0;
    for (const [name, g] of cpu.grads) worst = Math.max(worst, maxAbsDiff(threaded.grads.get(name)!, g));
    console.log(`threaded wasm vs cpu: logits ${maxAbsDiff(threaded.logits, cpu.logits).toExponential(2)}, worst gradient ${worst.toExponential(2)}`);
    expect(worst).toBeLessThan(1e-4);
    expect(cpu.grads.size).toBeGreaterThanOrEqual(41);
  });

  it('the CLI names the backend with its thread count', async () => {
    // wasm is already running on threads in this process: the choice reports the count it got.
    const r = await startNodeBackend('wasm', 2);
    expect(r).toEqual({ name: 'wasm', reason: 'chosen with --backend, on 2 threads' });
  });
});
