import { spawnSync } from 'node:child_process';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { clipByGlobalNorm, createAdamW, isNoDecayParam } from '../../src/core/train/adamw';
import { createRng } from '../../src/core/rng';
import { PYTHON, PYTORCH_TAG } from './pytorch';

/** Runs test/reference/train_adamw.py (torch.optim.AdamW + clip_grad_norm_) on the same inputs. */
function torchReference(input: unknown) {
  const r = spawnSync(PYTHON, ['test/reference/train_adamw.py'], { input: JSON.stringify(input), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`train_adamw.py failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as { params: Record<string, number[]>; norms: number[]; exp_avg: Record<string, number[]>; exp_avg_sq: Record<string, number[]> };
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

const SHAPES: Record<string, number[]> = {
  'bert.encoder.layer.0.attention.output.dense.weight': [4, 3],
  'bert.encoder.layer.0.attention.output.dense.bias': [4],
  'bert.encoder.layer.0.attention.output.LayerNorm.weight': [4],
  'bert.embeddings.word_embeddings.weight': [5, 4],
  'classifier.weight': [2, 4],
};

describe('AdamW and gradient clipping vs PyTorch', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('applies HF\'s no-decay rule to biases and LayerNorm weights only', () => {
    expect(isNoDecayParam('bert.encoder.layer.0.attention.output.dense.bias')).toBe(true);
    expect(isNoDecayParam('bert.encoder.layer.0.attention.output.LayerNorm.weight')).toBe(true);
    expect(isNoDecayParam('bert.embeddings.LayerNorm.weight')).toBe(true);
    expect(isNoDecayParam('distilbert.transformer.layer.1.sa_layer_norm.weight')).toBe(true);
    expect(isNoDecayParam('distilbert.transformer.layer.1.output_layer_norm.weight')).toBe(true);
    expect(isNoDecayParam('bert.embeddings.word_embeddings.weight')).toBe(false);
    expect(isNoDecayParam('classifier.weight')).toBe(false);
    expect(isNoDecayParam('pre_classifier.weight')).toBe(false);
  });

  it('three clipped AdamW steps with a changing lr match torch within 1e-6', { tags: [PYTORCH_TAG] }, async () => {
    const rng = createRng(7);
    const rand = (n: number, scale: number) => Array.from({ length: n }, () => (rng.next() * 2 - 1) * scale);
    const size = (s: number[]) => s.reduce((a, b) => a * b, 1);
    const init = Object.fromEntries(Object.entries(SHAPES).map(([n, s]) => [n, rand(size(s), 1)]));
    // Big gradients on step 1 (clipped), small ones later (not clipped).
    const steps = [3, 0.05, 0.5].map((scale) => ({ grads: Object.fromEntries(Object.entries(SHAPES).map(([n, s]) => [n, rand(size(s), scale)])) }));
    // The embeddings are frozen on step 1 (no gradient) and unfrozen after: torch keeps a per-weight step,
    // so their bias correction starts at 1 on step 2.
    delete (steps[0].grads as Record<string, number[]>)['bert.embeddings.word_embeddings.weight'];
    const lrs = [1e-3, 5e-4, 2e-3];
    const noDecay = Object.keys(SHAPES).filter(isNoDecayParam);
    const ref = torchReference({
      params: Object.fromEntries(Object.entries(SHAPES).map(([n, s]) => [n, { shape: s, data: init[n] }])),
      steps, lr: lrs[0], lrs, weight_decay: 0.1, no_decay: noDecay, max_norm: 1,
    });

    const weights = new Map(Object.entries(SHAPES).map(([n, s]) => [n, tf.variable(tf.tensor(init[n], s))]));
    const opt = createAdamW(weights);
    const norms: number[] = [];
    for (let i = 0; i < steps.length; i++) {
      const norm = tf.tidy(() => {
        const g = Object.fromEntries(Object.keys(steps[i].grads).map((n) => [n, tf.tensor(steps[i].grads[n], SHAPES[n])]));
        const clipped = clipByGlobalNorm(g, 1);
        opt.applyGradients(clipped.grads, (n) => ({ lr: lrs[i], weightDecay: isNoDecayParam(n) ? 0 : 0.1 }));
        return clipped.norm;
      });
      norms.push((await norm.data())[0]);
      norm.dispose();
    }
    expect(ref.norms[0]).toBeGreaterThan(1); // the first step really was clipped
    expect(maxAbsDiff(norms, ref.norms)).toBeLessThan(1e-5 * ref.norms[0]);
    for (const [n, w] of weights) expect(maxAbsDiff(await w.data(), ref.params[n]), n).toBeLessThan(1e-6);
    const state = await opt.exportState();
    expect(state.step).toBe(3);
    expect(state.moments['bert.embeddings.word_embeddings.weight'].step).toBe(2);
    expect(state.moments['classifier.weight'].step).toBe(3);
    for (const n of Object.keys(SHAPES)) {
      expect(maxAbsDiff(state.moments[n].m, ref.exp_avg[n])).toBeLessThan(1e-7);
      expect(maxAbsDiff(state.moments[n].v, ref.exp_avg_sq[n])).toBeLessThan(1e-8);
    }
    // Weight decay really is skipped for no-decay params: with zero gradients a decayed weight shrinks, the others do not.
    const before = { dense: await weights.get('classifier.weight')!.data(), bias: await weights.get('bert.encoder.layer.0.attention.output.dense.bias')!.data() };
    const fresh = createAdamW(weights);
    tf.tidy(() => fresh.applyGradients({
      'classifier.weight': tf.zeros([2, 4]),
      'bert.encoder.layer.0.attention.output.dense.bias': tf.zeros([4]),
    }, (n) => ({ lr: 0.1, weightDecay: isNoDecayParam(n) ? 0 : 0.5 })));
    const after = { dense: await weights.get('classifier.weight')!.data(), bias: await weights.get('bert.encoder.layer.0.attention.output.dense.bias')!.data() };
    expect(after.dense[0]).toBeCloseTo(before.dense[0] * 0.95, 6);
    expect(Array.from(after.bias)).toEqual(Array.from(before.bias));
    opt.dispose();
    fresh.dispose();
    weights.forEach((w) => w.dispose());
  });

  it('round-trips its state and leaks no tensors over many steps', async () => {
    const w = new Map([['x.weight', tf.variable(tf.ones([3]))]]);
    const opt = createAdamW(w);
    tf.tidy(() => opt.applyGradients({ 'x.weight': tf.tensor([1, 2, 3]) }, () => ({ lr: 0.1, weightDecay: 0 })));
    const start = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) {
      tf.tidy(() => opt.applyGradients({ 'x.weight': clipByGlobalNorm({ 'x.weight': tf.tensor([1, -2, 3]) }, 1).grads['x.weight'] }, () => ({ lr: 0.1, weightDecay: 0.01 })));
    }
    expect(tf.memory().numTensors).toBe(start);
    const saved = await opt.exportState();
    const other = createAdamW(w);
    other.importState(saved);
    const again = await other.exportState();
    expect(again.step).toBe(6);
    expect(Array.from(again.moments['x.weight'].v)).toEqual(Array.from(saved.moments['x.weight'].v));
    opt.dispose();
    other.dispose();
    w.get('x.weight')!.dispose();
  });

  it('importState (the resume path) holds only the moments, and dispose frees all of them', async () => {
    const w = new Map(Object.entries(SHAPES).map(([n, s]) => [n, tf.variable(tf.ones(s))] as const));
    const source = createAdamW(w);
    tf.tidy(() => source.applyGradients(Object.fromEntries(Object.entries(SHAPES).map(([n, s]) => [n, tf.fill(s, 0.5)])), () => ({ lr: 0.1, weightDecay: 0 })));
    const saved = await source.exportState();
    source.dispose();
    const before = tf.memory().numTensors;
    const resumed = createAdamW(w);
    resumed.importState(saved);
    // Two moment variables per weight, nothing else left behind.
    expect(tf.memory().numTensors - before).toBe(2 * w.size);
    resumed.importState(saved);
    expect(tf.memory().numTensors - before).toBe(2 * w.size);
    resumed.dispose();
    expect(tf.memory().numTensors).toBe(before);
    w.forEach((v) => v.dispose());
  });
});
