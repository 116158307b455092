/**
 * The glove-cnn model (Kim 2014 CNN over word vectors) against an independent PyTorch implementation
 * (test/reference/glove_cnn_ref.py: conv1d text by text, each text zero-padded on its own), on the same
 * safetensors: logits, loss and every gradient, on cpu and wasm; a tiny model whose batch has texts shorter
 * than the filters and repeated phrases, and the bundled GloVe vectors with real tokenized texts.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { readBundledModel } from '../../src/cli/bundled';
import { setupBackend, type BackendName } from '../../src/core/model/backends';
import { makeBatch, disposeBatch, type EncodedExample } from '../../src/core/model/batching';
import { loadSequenceClassifier } from '../../src/core/model/load';
import { writeSafetensors } from '../../src/core/model/safetensors';
import { createTokenizer } from '../../src/core/model/tokenizer';
import { createRng } from '../../src/core/rng';
import { readWeights } from '../../src/core/train/weightsIO';

const root = path.resolve(__dirname, '../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ftstudio-glove-cnn-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

interface Reference { logits: number[][]; loss: number; grads: Record<string, number[]>; embedding_rows: Record<string, number[]> }

/** Writes the model's weights + config to a folder and runs the PyTorch reference on the batch. */
function torchReference(name: string, config: Record<string, unknown>, weights: Record<string, { shape: number[]; data: Float32Array }>,
  examples: EncodedExample[], labels: number[], padTo: number): Reference {
  const folder = path.join(tmp, name);
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(path.join(folder, 'config.json'), JSON.stringify(config));
  fs.writeFileSync(path.join(folder, 'model.safetensors'), writeSafetensors(Object.fromEntries(
    Object.entries(weights).map(([n, t]) => [n, { dtype: 'F32' as const, ...t }]))));
  const pad = (ids: Int32Array) => [...ids, ...new Array<number>(padTo - ids.length).fill(0)];
  fs.writeFileSync(path.join(folder, 'inputs.json'), JSON.stringify({
    input_ids: examples.map((e) => pad(e.ids)),
    attention_mask: examples.map((e) => pad(e.ids.map(() => 1))),
    labels,
  }));
  const out = execFileSync('/usr/bin/python3', [path.join(root, 'test/reference/glove_cnn_ref.py'), folder, path.join(folder, 'inputs.json')],
    { encoding: 'utf8', maxBuffer: 1 << 28 });
  return JSON.parse(out) as Reference;
}

interface Outcome { logits: Float32Array; loss: number; grads: Map<string, Float32Array>; leaked: number }

/** Logits, loss and every gradient from the engine on `backend`, and whether any tensor was left behind. */
async function engine(backend: BackendName, config: Record<string, unknown>, weights: Uint8Array, examples: EncodedExample[], labels: number[], padTo: number, packed = true): Promise<Outcome> {
  await setupBackend(backend);
  const before = tf.memory().numTensors;
  const { model } = loadSequenceClassifier({ config, weights, numLabels: Math.max(...labels) + 1, seed: 3 });
  const made = makeBatch(examples, padTo, { buckets: [padTo] });
  // Without lengths the model takes its padded path (every position a row, the mask decides).
  const batch = packed ? made : { inputIds: made.inputIds, attentionMask: made.attentionMask };
  const targets = tf.tensor1d(labels, 'int32');
  const names = [...model.weights.keys()];
  const vars = names.map((n) => model.weights.get(n)!);
  const kept: tf.Tensor[] = [];
  const { value, grads } = tf.variableGrads(() => {
    const logits = model.forward(batch, false);
    kept.push(tf.keep(logits));
    return model.loss(logits, targets);
  }, vars);
  const values = await Promise.all([kept[0].data(), value.data(), ...vars.map((v) => grads[v.name].data())]);
  tf.dispose([kept[0], value, ...Object.values(grads), targets]);
  disposeBatch(batch);
  model.dispose();
  return {
    logits: values[0] as Float32Array, loss: (values[1] as Float32Array)[0],
    grads: new Map(names.map((n, i) => [n, values[i + 2] as Float32Array])), leaked: tf.memory().numTensors - before,
  };
}

const maxAbs = (xs: ArrayLike<number>) => Array.from(xs).reduce((m, v) => Math.max(m, Math.abs(v)), 0);
const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);

/** Compares every number; returns the worst relative gradient error (max |Δ| / max |reference| per weight). */
function compare(got: Outcome, ref: Reference, embeddingRows: number, embeddingSize: number): { logit: number; grad: number } {
  expect(got.leaked).toBe(0);
  const logit = maxDiff(got.logits, ref.logits.flat());
  expect(Math.abs(got.loss - ref.loss)).toBeLessThan(1e-5);
  let grad = 0;
  for (const [name, g] of got.grads) {
    if (name === 'embeddings.word_embeddings.weight') {
      const want = new Float32Array(embeddingRows * embeddingSize);
      for (const [row, values] of Object.entries(ref.embedding_rows)) want.set(values, Number(row) * embeddingSize);
      grad = Math.max(grad, maxDiff(g, want) / maxAbs(want));
    } else {
      const want = ref.grads[name];
      expect(want, name).toBeDefined();
      expect(maxAbs(want), `${name} has a gradient`).toBeGreaterThan(0);
      grad = Math.max(grad, maxDiff(g, want) / maxAbs(want));
    }
  }
  return { logit, grad };
}

describe('glove-cnn against PyTorch', () => {
  // A tiny model: 40 words of 6 dimensions, filters 2/3/4 wide × 5 maps, 3 classes.
  const tinyConfig = { model_type: 'glove-cnn', vocab_size: 40, embedding_size: 6, filter_sizes: [2, 3, 4], num_filters: 5, initializer_range: 0.5 };
  const rng = createRng(9);
  const table = Float32Array.from({ length: 40 * 6 }, (_, i) => (i < 6 ? 0 : (rng.next() - 0.5) * 2));
  const tinyWeights = writeSafetensors({ 'embeddings.word_embeddings.weight': { dtype: 'F32', shape: [40, 6], data: table } });
  const ids = (xs: number[]) => ({ ids: Int32Array.from(xs) });
  // Lengths 1, 2, 3 (shorter than some or all filters), a repeated phrase (tied windows), and longer texts.
  const examples = [ids([5]), ids([7, 8]), ids([9, 10, 11]), ids([12, 13, 12, 13, 12, 13, 12, 13]), ids(Array.from({ length: 14 }, (_, i) => 14 + i)), ids([30, 31, 32, 33, 34])];
  const labels = [0, 1, 2, 0, 1, 2];

  it('tiny model with short texts and repeated phrases: logits within 5e-6, every gradient within 1e-5 relative, on cpu and wasm, packed and padded', async () => {
    await setupBackend('cpu');
    const { model } = loadSequenceClassifier({ config: tinyConfig, weights: tinyWeights, numLabels: 3, seed: 3 });
    const weights = await readWeights(model.weights);
    model.dispose();
    const ref = torchReference('tiny', tinyConfig, weights, examples, labels, 16);
    for (const [backend, packed] of [['cpu', true], ['wasm', true], ['cpu', false], ['wasm', false]] as const) {
      const got = await engine(backend, tinyConfig, tinyWeights, examples, labels, 16, packed);
      const { logit, grad } = compare(got, ref, 40, 6);
      console.log(`glove-cnn tiny on ${backend} (${packed ? 'packed' : 'padded'}): max |Δlogit| ${logit.toExponential(2)}, max relative Δgrad ${grad.toExponential(2)}`);
      // Measured: logits ≤ 1.2e-6 apart, gradients ≤ 1.1e-6 relative (wasm; cpu ≤ 3e-7).
      expect(logit).toBeLessThan(5e-6);
      expect(grad).toBeLessThan(1e-5);
    }
  });

  it('a text gets the same logits alone as in a padded batch, packed or not (padding and batch-mates do not leak in)', async () => {
    await setupBackend('cpu');
    const { model } = loadSequenceClassifier({ config: tinyConfig, weights: tinyWeights, numLabels: 3, seed: 3 });
    const alone = await Promise.all(examples.map(async (e) => {
      const b = makeBatch([e], 32);
      const l = tf.tidy(() => model.forward(b, false));
      disposeBatch(b);
      const v = await l.data();
      l.dispose();
      return Array.from(v);
    }));
    const b = makeBatch(examples, 32, { buckets: [32] });
    const together = tf.tidy(() => model.forward(b, false));
    // The same batch without lengths takes the padded path (every position a row, the mask decides).
    const padded = tf.tidy(() => model.forward({ inputIds: b.inputIds, attentionMask: b.attentionMask }, false));
    disposeBatch(b);
    expect(maxDiff(await together.data(), alone.flat())).toBeLessThan(1e-6);
    expect(maxDiff(await padded.data(), alone.flat())).toBeLessThan(1e-6);
    tf.dispose([together, padded]);
    model.dispose();
  });

  it('the bundled GloVe vectors with real texts: the same numbers as PyTorch on cpu and wasm', async () => {
    const files = await readBundledModel('offline-glove-cnn');
    expect(files.config.model_type).toBe('glove-cnn');
    const tokenizer = await createTokenizer(files);
    const texts = ['Free entry in 2 a wkly comp to win FA Cup final tkts', 'Ok lar... Joking wif u oni...', 'how many?',
      'not good, not good at all', 'U dun say so early hor... U c already then say...', 'Nah I don\'t think he goes to usf, he lives around here though'];
    const encoded = tokenizer.encodeBatch(texts, undefined, 32);
    const weightBytes = new Uint8Array(files.weights);
    await setupBackend('cpu');
    const { model } = loadSequenceClassifier({ config: files.config, weights: weightBytes, numLabels: 3, seed: 3 });
    const weights = await readWeights(model.weights);
    model.dispose();
    const ref = torchReference('bundled', files.config, weights, encoded, labels, 32);
    for (const backend of ['cpu', 'wasm'] as const) {
      const got = await engine(backend, files.config, weightBytes, encoded, labels, 32);
      const { logit, grad } = compare(got, ref, 30522, 100);
      console.log(`glove-cnn bundled on ${backend}: max |Δlogit| ${logit.toExponential(2)}, max relative Δgrad ${grad.toExponential(2)}`);
      // Measured: logits ≤ 1.2e-6 apart, gradients ≤ 1.1e-6 relative (wasm; cpu ≤ 3e-7).
      expect(logit).toBeLessThan(5e-6);
      expect(grad).toBeLessThan(1e-5);
    }
  });
});
