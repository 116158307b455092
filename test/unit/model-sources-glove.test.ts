import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { loadSequenceClassifier } from '../../src/core/model/load';
import { disposeBatch, makeBatch } from '../../src/core/model/batching';
import { createTokenizer } from '../../src/core/model/tokenizer';
import { assembleModelFiles } from '../../src/core/model/sources/assemble';
import { parseSafetensors } from '../../src/core/model/safetensors';
import { registerCpuTrainingKernels } from '../../src/core/model/backends';

const dir = path.resolve(__dirname, '../../public/models/offline-glove');
const read = (f: string) => { const b = fs.readFileSync(path.join(dir, f)); return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength); };
const files = assembleModelFiles({ kind: 'bundled', id: 'offline-glove' },
  new Map(['config.json', 'model.safetensors', 'tokenizer.json', 'tokenizer_config.json', 'vocab.txt'].map((f) => [f, read(f)])),
  'public/models/offline-glove');

describe('bundled offline GloVe model', () => {
  it('holds real GloVe vectors for the bert-uncased vocabulary', () => {
    const { tensors } = parseSafetensors(files.weights);
    const emb = tensors.get('embeddings.word_embeddings.weight')!;
    expect(emb.dtype).toBe('F16');
    expect(emb.shape).toEqual([30522, 100]);
    const row = (id: number) => emb.data!.subarray(id * 100, (id + 1) * 100);
    const cos = (a: number, b: number) => {
      let d = 0, na = 0, nb = 0;
      for (let i = 0; i < 100; i++) { d += row(a)[i] * row(b)[i]; na += row(a)[i] ** 2; nb += row(b)[i] ** 2; }
      return d / Math.sqrt(na * nb);
    };
    // GloVe 6B 100d "hello" starts 0.26688, 0.39632 (f16-rounded here); [PAD] is all zeros.
    expect(row(7592)[0]).toBeCloseTo(0.26688, 3);
    expect(row(7592)[1]).toBeCloseTo(0.39632, 3);
    expect(row(0).every((v) => v === 0)).toBe(true);
    // king(2332) is near queen(3035), far from banana(15212): real semantics, not noise.
    expect(cos(2332, 3035)).toBeGreaterThan(0.7);
    expect(cos(2332, 15212)).toBeLessThan(0.3);
    expect((files.config.glove_coverage as { wholeWordWithVector: number }).wholeWordWithVector).toBe(21763);
  });

  it('loads through the engine registry with a new head, runs forward and trains without leaking tensors', async () => {
    await tf.setBackend('cpu');
    registerCpuTrainingKernels(); // tfjs' own cpu gradient of gather loops over all 30,522 rows
    const tok = await createTokenizer(files);
    const before = tf.memory().numTensors;
    const { model, report } = loadSequenceClassifier({ config: files.config, weights: files.weights, numLabels: 2, seed: 1 });
    expect(report.loaded).toEqual(['embeddings.word_embeddings.weight']);
    expect(report.initialised.sort()).toEqual(['classifier.bias', 'classifier.weight', 'pre_classifier.bias', 'pre_classifier.weight']);
    expect(model.groups.map((g) => [g.name, g.pretrained])).toEqual([['embeddings', true], ['head', false]]);
    expect(model.weights.get('pre_classifier.weight')!.shape).toEqual([100, 200]);

    const texts = ['free prize call now', 'win cash txt now', 'see you at lunch', 'ok i am home'];
    const batch = makeBatch(tok.encodeBatch(texts, undefined, 32), 32, { padId: tok.padId });
    const targets = tf.tensor1d([1, 1, 0, 0], 'int32');
    const logits = tf.tidy(() => model.forward(batch, false));
    expect(logits.shape).toEqual([4, 2]);
    const values = await logits.data();
    expect(values.every(Number.isFinite)).toBe(true);
    logits.dispose();

    const opt = tf.train.adam(0.03);
    const losses: number[] = [];
    for (let step = 0; step < 6; step++) {
      const { value, grads } = tf.variableGrads(() => model.loss(model.forward(batch, true, step), targets));
      opt.applyGradients(grads as Parameters<typeof opt.applyGradients>[0]); // variableGrads returns plain tensors; Adam only reads them
      Object.values(grads).forEach((g) => g.dispose());
      losses.push((await value.data())[0]);
      value.dispose();
    }
    expect(losses[5]).toBeLessThan(losses[0] * 0.5);
    // The embeddings train too (end to end): the row of "prize" moved.
    const prize = tok.encodeBatch(['prize'], undefined, 8)[0].ids[1];
    const moved = tf.tidy(() => model.weights.get('embeddings.word_embeddings.weight')!.slice([prize, 0], [1, 100]));
    const original = parseSafetensors(files.weights).tensors.get('embeddings.word_embeddings.weight')!.data!.subarray(prize * 100, prize * 100 + 100);
    const now = await moved.data();
    moved.dispose();
    expect(now.some((v, i) => Math.abs(v - original[i]) > 1e-4)).toBe(true);

    opt.dispose();
    targets.dispose();
    disposeBatch(batch);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
