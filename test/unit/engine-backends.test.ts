/**
 * The same logits and gradients on the cpu and wasm backends (wasm needs the engine's UnsortedSegmentSum
 * kernel for the embedding gradient), seeded dropout identical across backends, and no tensor leak over 20
 * AdamW-style training steps on either backend.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { setupBackend, type BackendName } from '../../src/core/model/backends';
import { loadSequenceClassifier } from '../../src/core/model/load';
import { disposeBatch } from '../../src/core/model/batching';
import type { SequenceClassifier, TaskKind } from '../../src/core/model/types';
import {
  ensureFixtures, exampleBatch, exampleTargets, lossAndGrads, maxAbsDiff, readFixture, targetsTensor, type GradResult,
} from './engine-helpers';

const REPOS: { repo: string; task: TaskKind; numLabels: number; pairs: boolean; vocab?: number; padId?: number }[] = [
  { repo: 'tiny-bert-classifier', task: 'single_label_classification', numLabels: 2, pairs: true },
  { repo: 'tiny-distilbert', task: 'multi_label_classification', numLabels: 3, pairs: false },
  { repo: 'tiny-roberta-classifier', task: 'regression', numLabels: 2, pairs: false, vocab: 1000, padId: 1 },
];

function load(repo: string, task: TaskKind, numLabels: number): SequenceClassifier {
  const fx = readFixture(repo);
  return loadSequenceClassifier({ config: fx.config, weights: fx.weights, task, numLabels, seed: 5 }).model;
}

async function resultsOn(backend: BackendName): Promise<{ grads: GradResult[]; dropoutLogits: Float32Array[] }> {
  await setupBackend(backend);
  const grads: GradResult[] = [];
  const dropoutLogits: Float32Array[] = [];
  for (const [i, r] of REPOS.entries()) {
    const model = load(r.repo, r.task, r.numLabels);
    const { batch } = exampleBatch(300 + i, 4, r.pairs, 20, r.vocab, r.padId);
    const t = targetsTensor(r.task, exampleTargets(r.task, 4, r.numLabels, 400 + i));
    grads.push(await lossAndGrads(model, batch, t));
    const train = tf.tidy(() => model.forward(batch, true, 1234));
    dropoutLogits.push(await train.data() as Float32Array);
    train.dispose();
    t.dispose();
    disposeBatch(batch);
    model.dispose();
  }
  return { grads, dropoutLogits };
}

let cpu: Awaited<ReturnType<typeof resultsOn>>;
let wasm: Awaited<ReturnType<typeof resultsOn>>;

beforeAll(async () => {
  ensureFixtures();
  cpu = await resultsOn('cpu');
  wasm = await resultsOn('wasm');
});

describe('cpu and wasm agree', () => {
  REPOS.forEach((r, i) => {
    it(`${r.repo}: logits, loss and every gradient within 1e-4`, () => {
      expect(maxAbsDiff(wasm.grads[i].logits, cpu.grads[i].logits)).toBeLessThan(1e-4);
      expect(Math.abs(wasm.grads[i].loss - cpu.grads[i].loss)).toBeLessThan(1e-5);
      let worst = 0;
      for (const [name, g] of cpu.grads[i].grads) {
        const w = wasm.grads[i].grads.get(name)!;
        worst = Math.max(worst, maxAbsDiff(w, g));
      }
      expect(worst).toBeLessThan(1e-4);
      // The embedding gradient is non-zero on wasm: the added kernel really scattered it.
      const emb = [...wasm.grads[i].grads.entries()].find(([n]) => n.endsWith('word_embeddings.weight'))![1];
      expect(emb.some((v) => Math.abs(v) > 1e-6)).toBe(true);
    });

    it(`${r.repo}: seeded dropout is the same on both backends and differs from eval`, () => {
      expect(maxAbsDiff(wasm.dropoutLogits[i], cpu.dropoutLogits[i])).toBeLessThan(1e-4);
      expect(maxAbsDiff(cpu.dropoutLogits[i], cpu.grads[i].logits)).toBeGreaterThan(1e-3);
    });
  });
});

describe('no tensor leak across 20 training steps', () => {
  for (const backend of ['cpu', 'wasm'] as const) {
    it(backend, async () => {
      await setupBackend(backend);
      // The fixture's shapes with a 1,000-token vocabulary: the loop is what is tested, and Adam over
      // 30,522 embedding rows on the cpu backend would make this test take half a minute.
      const config = { ...readFixture('tiny-bert-classifier').config, vocab_size: 1000 };
      const model = loadSequenceClassifier({ config, seed: 3 }).model;
      const { batch } = exampleBatch(7, 4, true, 20, 1000);
      const targets = targetsTensor('single_label_classification', exampleTargets('single_label_classification', 4, 2, 8));
      const vars = [...model.weights.values()];
      const optimizer = tf.train.adam(1e-3);
      const step = async (seed: number) => {
        const loss = tf.tidy(() => {
          const { value, grads } = tf.variableGrads(() => model.loss(model.forward(batch, true, seed), targets), vars);
          optimizer.applyGradients(grads as Parameters<typeof optimizer.applyGradients>[0]);
          return value;
        });
        const [v] = await loss.data();
        loss.dispose();
        return v;
      };
      const first = await step(0); // creates the optimizer's slot variables
      const before = tf.memory().numTensors;
      let last = first;
      for (let s = 1; s <= 20; s++) last = await step(s);
      expect(tf.memory().numTensors).toBe(before);
      expect(last).toBeLessThan(first); // it learns the 4 examples
      optimizer.dispose();
      model.dispose();
      tf.dispose([targets, batch.inputIds, batch.attentionMask, batch.tokenTypeIds!]);
      expect(tf.memory().numTensors).toBe(0);
    });
  }
});
