/**
 * Parity with an independent PyTorch implementation (test/reference/bert_ref.py, float64) — logits, loss
 * and the gradient of the loss for EVERY parameter — for BERT, DistilBERT and RoBERTa, padded batches
 * (attention masks), text pairs (token_type_ids) and all three heads.
 *
 * Tolerances are set from what is measured (tfjs cpu backend, fp32, vs float64), about 10× the worst case
 * over the nine cases, so a real regression fails while fp32 rounding in another summation order passes:
 *   logits            max |Δ| 1.8e-7          → 2e-6
 *   loss              |Δ|     6.0e-8          → 1e-6
 *   gradients         ||Δ|| / ||g_pt|| 6.6e-7 → 1e-5   (every parameter but the attention key bias)
 *   key-bias gradient ||Δ|| 2.4e-9            → 5e-8   (absolute: it is zero in exact arithmetic — softmax
 *                                                       ignores a shift of every score — so only fp32 noise is left)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { setupBackend } from '../../src/core/model/backends';
import { loadSequenceClassifier } from '../../src/core/model/load';
import { disposeBatch } from '../../src/core/model/batching';
import type { TaskKind } from '../../src/core/model/types';
import {
  batchArrays, dumpWeights, ensureFixtures, exampleBatch, exampleTargets, lossAndGrads, maxAbsDiff, readFixture,
  relativeError, runReference, targetsTensor, tempDir, type GradResult, type ReferenceCase,
} from './engine-helpers';
import { PYTORCH_TAG } from './pytorch';

const LOGITS_TOLERANCE = 2e-6;
const LOSS_TOLERANCE = 1e-6;
const GRAD_RELATIVE_TOLERANCE = 1e-5;
const KEY_BIAS_ABSOLUTE_TOLERANCE = 5e-8;
/** The attention key bias (BERT/RoBERTa, DistilBERT): its gradient is exactly zero in exact arithmetic. */
const isKeyBias = (name: string) => /attention\.self\.key\.bias$|attention\.k_lin\.bias$/.test(name);

function normOfDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
  return Math.sqrt(s);
}

interface Case {
  title: string;
  repo: string;
  task: TaskKind;
  numLabels?: number;
  pairs: boolean;
  classWeights?: number[];
  /** Give the reference the fixture file itself (classifier checkpoints) instead of our exported weights. */
  direct: boolean;
  /** Fixture vocabulary size and pad id when they are not BERT's. */
  vocab?: number;
  padId?: number;
}

const CASES: Case[] = [
  { title: 'bert classifier, single-label, pairs', repo: 'tiny-bert-classifier', task: 'single_label_classification', pairs: true, direct: true },
  { title: 'bert classifier, class-weighted CE', repo: 'tiny-bert-classifier', task: 'single_label_classification', pairs: false, classWeights: [0.3, 1.7], direct: true },
  { title: 'bert base + new head, multi-label ×3, pairs', repo: 'tiny-bert', task: 'multi_label_classification', numLabels: 3, pairs: true, direct: false },
  { title: 'bert f16, regression ×1', repo: 'tiny-bert-f16', task: 'regression', numLabels: 1, pairs: false, direct: false },
  { title: 'distilbert classifier, class-weighted CE', repo: 'tiny-distilbert-classifier', task: 'single_label_classification', pairs: false, classWeights: [1.2, 0.4], direct: true },
  { title: 'distilbert base + new head, multi-label ×4', repo: 'tiny-distilbert', task: 'multi_label_classification', numLabels: 4, pairs: false, direct: false },
  { title: 'distilbert base + new head, regression ×2', repo: 'tiny-distilbert', task: 'regression', numLabels: 2, pairs: false, direct: false },
  // RoBERTa: positions counted from pad_token_id + 1 over real tokens only, so padding (id 1) matters twice.
  { title: 'roberta classifier, single-label', repo: 'tiny-roberta-classifier', task: 'single_label_classification', pairs: false, direct: true, vocab: 1000, padId: 1 },
  { title: 'roberta, new head, multi-label ×3', repo: 'tiny-roberta-classifier', task: 'multi_label_classification', numLabels: 3, pairs: false, direct: false, vocab: 1000, padId: 1 },
];

const BATCH = 4;
const ours: GradResult[] = [];
let reference: GradResult[] = [];

describe('parity with the PyTorch reference (cpu backend)', { tags: [PYTORCH_TAG] }, () => {
  beforeAll(async () => {
    ensureFixtures();
    await setupBackend('cpu');
    const dir = tempDir();
    const requests: ReferenceCase[] = [];
    for (const [i, c] of CASES.entries()) {
      const fx = readFixture(c.repo);
      const { model } = loadSequenceClassifier({ config: fx.config, weights: fx.weights, numLabels: c.numLabels, task: c.task, seed: 11 + i });
      const { batch } = exampleBatch(100 + i, BATCH, c.pairs, 20, c.vocab, c.padId);
      const targets = exampleTargets(c.task, BATCH, c.numLabels ?? 2, 200 + i);
      const t = targetsTensor(c.task, targets);
      ours.push(await lossAndGrads(model, batch, t, c.classWeights));
      requests.push({
        configPath: fx.configPath,
        weightsPath: c.direct ? fx.weightsPath : await dumpWeights(model, dir, `case-${i}`),
        batch: await batchArrays(batch), task: c.task, targets, classWeights: c.classWeights,
      });
      t.dispose();
      disposeBatch(batch);
      model.dispose();
    }
    reference = runReference(requests, dir);
  });

  afterAll(() => {
    expect(tf.memory().numTensors).toBe(0);
  });

  CASES.forEach((c, i) => {
    it(c.title, () => {
      const mine = ours[i];
      const ref = reference[i];
      expect(mine.logits.length).toBe(BATCH * (c.numLabels ?? 2));
      // The batch is padded (lengths differ), so these numbers depend on the mask being right.
      expect(maxAbsDiff(mine.logits, ref.logits)).toBeLessThan(LOGITS_TOLERANCE);
      expect(Math.abs(mine.loss - ref.loss)).toBeLessThan(LOSS_TOLERANCE);
      expect(ref.loss).toBeGreaterThan(1e-3);
      expect(mine.grads.size).toBe(ref.grads.size);
      const worst: [string, number][] = [];
      let keyBiases = 0;
      for (const [name, g] of mine.grads) {
        const refGrad = ref.grads.get(name);
        expect(refGrad, `reference has no gradient for ${name}`).toBeDefined();
        if (isKeyBias(name)) {
          keyBiases++;
          expect(normOfDifference(g, refGrad!), name).toBeLessThan(KEY_BIAS_ABSOLUTE_TOLERANCE);
        } else {
          worst.push([name, relativeError(g, refGrad!)]);
        }
      }
      expect(keyBiases).toBe(2); // one per layer of the 2-layer fixtures
      worst.sort((a, b) => b[1] - a[1]);
      console.log(`${c.title}: logits ${maxAbsDiff(mine.logits, ref.logits).toExponential(2)}, worst grads`,
        worst.slice(0, 3).map(([n, e]) => `${n} ${e.toExponential(2)}`).join('; '));
      expect(worst[0][1], `worst gradient: ${worst[0][0]}`).toBeLessThan(GRAD_RELATIVE_TOLERANCE);
    });
  });
});
