import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readModelFolder } from '../../src/cli/files';
import type { TrainingData } from '../../src/core/data/types';
import { setupBackend } from '../../src/core/model/backends';
import { loadSequenceClassifier } from '../../src/core/model/load';
import { writeSafetensors } from '../../src/core/model/safetensors';
import { createTokenizer } from '../../src/core/model/tokenizer';
import { epochBatches } from '../../src/core/train/data';
import type { StepEvent } from '../../src/core/train/events';
import { createTrainerControl } from '../../src/core/train/control';
import { runTraining } from '../../src/core/train/trainer';
import { readWeights } from '../../src/core/train/weightsIO';
import { smsPath } from './data-fixtures';
import { PYTHON, PYTORCH_TAG } from './pytorch';
import { tinySpec } from './train-helpers';

const root = path.resolve(__dirname, '../..');
const fixture = path.join(root, 'test/fixtures/hub/ftstudio-fixtures/tiny-bert');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ftstudio-torch-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('learning check against a PyTorch trainer', { tags: [PYTORCH_TAG] }, () => {
  beforeAll(async () => {
    // wasm, not cpu: tfjs's cpu UnsortedSegmentSum (the gradient of the 30,522-row embedding lookup)
    // loops over every vocabulary row and takes ~12 s per step here; the engine's wasm kernel scatters.
    await setupBackend('wasm');
  });

  it('20 optimizer steps on SMS Spam give the same losses as PyTorch (1e-5 relative; measured 2.3e-7)', async () => {
    const files = await readModelFolder(fixture);
    const { model } = loadSequenceClassifier({ config: files.config, weights: files.weights, labels: ['ham', 'spam'], seed: 5 });
    const tokenizer = await createTokenizer(files);
    const rows = Papa.parse<string[]>(fs.readFileSync(smsPath, 'utf8'), { skipEmptyLines: true }).data.slice(1, 41);
    const data: TrainingData = {
      labelKind: 'single', labelNames: ['ham', 'spam'], texts: rows.map((r) => r[0]),
      labels: Float32Array.from(rows, (r) => (r[1] === 'spam' ? 1 : 0)), split: new Uint8Array(40),
      rowNumbers: Int32Array.from({ length: 40 }, (_, i) => i + 1),
    };
    const spec = tinySpec({
      epochs: 4, batchSize: 4, gradientAccumulationSteps: 2, learningRate: 5e-4, headLearningRate: { mode: 'multiplier', value: 10 },
      layerwiseLrDecay: 0.8, weightDecay: 0.01, warmup: { mode: 'ratio', value: 0.1 }, schedule: 'linear', maxGradNorm: 1,
      classWeights: { mode: 'balanced', custom: [] }, maxSequenceLength: 32, seed: 11,
    });
    spec.task.labelNames = ['ham', 'spam'];
    const encoded = tokenizer.encodeBatch(data.texts, undefined, 32);

    // The same initial weights (pre-trained body + seeded head) and the same micro-batches for PyTorch.
    const initial = await readWeights(model.weights);
    const weightsFile = path.join(tmp, 'init.safetensors');
    fs.writeFileSync(weightsFile, writeSafetensors(Object.fromEntries(Object.entries(initial).map(([n, t]) => [n, { dtype: 'F32' as const, ...t }]))));
    const trainRows = Int32Array.from({ length: 40 }, (_, i) => i);
    const steps: { ids: number[][]; labels: number[] }[][] = [];
    for (let epoch = 0; epoch < 4; epoch++) {
      const batches = epochBatches(trainRows, 4, 11, epoch);
      for (let i = 0; i < batches.length; i += 2) {
        steps.push(batches.slice(i, i + 2).map((b) => ({ ids: Array.from(b, (r) => Array.from(encoded[r].ids)), labels: Array.from(b, (r) => data.labels[r]) })));
      }
    }
    expect(steps).toHaveLength(20);
    const request = path.join(tmp, 'request.json');
    fs.writeFileSync(request, JSON.stringify({
      config: path.join(fixture, 'config.json'), weights: weightsFile, lr: 5e-4, head_lr_multiplier: 10, layer_decay: 0.8,
      weight_decay: 0.01, warmup_steps: 2, total_steps: 20, max_norm: 1, class_weights: 'balanced',
      train_labels: Array.from(data.labels), steps,
    }));
    const ref = spawnSync(PYTHON, ['test/reference/train_loop.py', request], { cwd: root, encoding: 'utf8' });
    if (ref.status !== 0) throw new Error(`train_loop.py failed: ${ref.stderr}`);
    const torch = JSON.parse(ref.stdout) as { losses: number[]; norms: number[]; lrs: number[] };

    const events: StepEvent[] = [];
    const done = await runTraining({
      jobId: 'torch', spec, data, model, encoded, store: null, control: createTrainerControl(),
      emit: (e) => { if (e.type === 'step') events.push(e); }, backend: { name: 'wasm', reason: 'test' },
      throttleMs: 0, disableDropout: true,
    });
    expect(done.step).toBe(20);
    const ours = events.map((e) => e.loss);
    expect(ours).toHaveLength(20);
    expect(events.map((e) => e.learningRates.head)).toEqual(torch.lrs.map((x) => expect.closeTo(x, 12)));
    for (let i = 0; i < 20; i++) {
      expect(Math.abs(ours[i] - torch.losses[i]) / Math.abs(torch.losses[i]), `step ${i + 1}: ${ours[i]} vs ${torch.losses[i]}`).toBeLessThan(1e-5);
      expect(Math.abs(events[i].gradNorm - torch.norms[i]) / torch.norms[i], `grad norm at step ${i + 1}`).toBeLessThan(1e-5);
    }
    // It really learned something, so agreement is not two flat lines.
    expect(torch.losses.slice(-5).reduce((a, b) => a + b) / 5).toBeLessThan(torch.losses.slice(0, 5).reduce((a, b) => a + b) / 5);
    model.dispose();
  }, 180_000);
});
