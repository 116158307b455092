/** safetensors, configs, the registry, checkpoint loading (LoadReport), head initialisation, batching, export. */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { parseSafetensors, writeSafetensors, SafetensorsError } from '../../src/core/model/safetensors';
import { loadSequenceClassifier, LoadError, pytorchBinOnlyMessage } from '../../src/core/model/load';
import { architectureFor, supportedModelTypes } from '../../src/core/model/registry';
import { bucketLength, makeBatch, disposeBatch } from '../../src/core/model/batching';
import { exportWeights } from '../../src/core/model/weights';
import { setupBackend } from '../../src/core/model/backends';
import { ensureFixtures, exampleBatch, maxAbsDiff, readFixture } from './engine-helpers';

beforeAll(async () => {
  ensureFixtures();
  await setupBackend('cpu');
});

function rawSafetensors(header: Record<string, unknown>, data: Uint8Array): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setUint32(0, json.length, true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

describe('safetensors', () => {
  it('round-trips fp32 tensors with metadata and an 8-byte aligned header', () => {
    const bytes = writeSafetensors({
      'b.weight': { dtype: 'F32', shape: [2, 3], data: Float32Array.from([1, 2, 3, 4, 5, -6.5]) },
      'a.bias': { dtype: 'F32', shape: [1], data: Float32Array.from([0.25]) },
    }, { format: 'pt' });
    const headerLen = new DataView(bytes.buffer).getUint32(0, true);
    expect((8 + headerLen) % 8).toBe(0);
    const parsed = parseSafetensors(bytes);
    expect(parsed.metadata).toEqual({ format: 'pt' });
    expect([...parsed.tensors.keys()]).toEqual(['a.bias', 'b.weight']);
    expect(parsed.tensors.get('b.weight')!.shape).toEqual([2, 3]);
    expect(Array.from(parsed.tensors.get('b.weight')!.data!)).toEqual([1, 2, 3, 4, 5, -6.5]);
    expect(Array.from(parsed.tensors.get('a.bias')!.data!)).toEqual([0.25]);
  });

  it('decodes F16 (incl. subnormal, max, -inf) and BF16 to fp32, and keeps integer buffers undecoded', () => {
    const f16 = Uint16Array.from([0x3c00, 0xc000, 0x3800, 0x7bff, 0x0001, 0xfc00]);
    const bf16 = Uint16Array.from([0x3f80, 0xc040]); // 1, -3
    const i64 = new BigInt64Array([0n, 1n]);
    const data = new Uint8Array(12 + 4 + 16);
    data.set(new Uint8Array(f16.buffer), 0);
    data.set(new Uint8Array(bf16.buffer), 12);
    data.set(new Uint8Array(i64.buffer), 16);
    const parsed = parseSafetensors(rawSafetensors({
      h: { dtype: 'F16', shape: [6], data_offsets: [0, 12] },
      b: { dtype: 'BF16', shape: [2], data_offsets: [12, 16] },
      ids: { dtype: 'I64', shape: [1, 2], data_offsets: [16, 32] },
    }, data));
    expect(Array.from(parsed.tensors.get('h')!.data!)).toEqual([1, -2, 0.5, 65504, 2 ** -24, -Infinity]);
    expect(Array.from(parsed.tensors.get('b')!.data!)).toEqual([1, -3]);
    expect(parsed.tensors.get('ids')!.data).toBeNull();
  });

  it('names the tensor at fault in a corrupt file', () => {
    expect(() => parseSafetensors(new Uint8Array(4))).toThrow(/too short/);
    expect(() => parseSafetensors(rawSafetensors({ w: { dtype: 'F32', shape: [4], data_offsets: [0, 16] } }, new Uint8Array(8))))
      .toThrow(/"w".*outside the data/);
    expect(() => parseSafetensors(rawSafetensors({ w: { dtype: 'F32', shape: [3], data_offsets: [0, 8] } }, new Uint8Array(8))))
      .toThrow(/"w": 8 bytes for shape \[3\]/);
    expect(() => parseSafetensors(rawSafetensors({ w: { dtype: 'Q4', shape: [1], data_offsets: [0, 1] } }, new Uint8Array(1))))
      .toThrow(SafetensorsError);
  });

  it('the F16 fixture holds tiny-bert\'s weights to half precision', () => {
    const f32 = parseSafetensors(readFixture('tiny-bert').weights).tensors;
    const f16 = parseSafetensors(readFixture('tiny-bert-f16').weights).tensors;
    const name = 'encoder.layer.0.attention.self.query.weight';
    expect(f16.get(name)!.dtype).toBe('F16');
    const a = f32.get(name)!.data!;
    const b = f16.get(name)!.data!;
    let exact = 0;
    for (let i = 0; i < a.length; i++) {
      expect(Math.abs(a[i] - b[i])).toBeLessThanOrEqual(Math.abs(a[i]) * 2 ** -11 + 2 ** -25);
      if (a[i] === b[i]) exact++;
    }
    expect(exact).toBeLessThan(a.length / 10); // really rounded, not a copy
  });
});

describe('registry and configs', () => {
  it('rejects an unknown model_type listing the supported ones', () => {
    expect(supportedModelTypes()).toEqual(expect.arrayContaining(['bert', 'distilbert']));
    expect(() => architectureFor({ model_type: 'gpt2' })).toThrow('model_type "gpt2" is not supported (supported: bert, distilbert');
    expect(() => architectureFor({})).toThrow(/no "model_type"/);
  });

  it('names the bad config field', () => {
    const config = { ...readFixture('tiny-bert').config, num_attention_heads: 5 };
    expect(() => loadSequenceClassifier({ config })).toThrow('"hidden_size" (32) must be a multiple of "num_attention_heads" (5)');
    expect(() => loadSequenceClassifier({ config: { ...config, num_attention_heads: 4, hidden_size: 'big' } })).toThrow(/"hidden_size" must be/);
  });

  it('has a message for repositories with only pytorch_model.bin', () => {
    expect(pytorchBinOnlyMessage('ftstudio-fixtures/tiny-bert-bin-only')).toMatch(/only pytorch_model\.bin.*model\.safetensors/);
  });
});

describe('loading checkpoints', () => {
  it('a base BertModel checkpoint: encoder + pooler loaded, new seeded head, position_ids ignored', async () => {
    const fx = readFixture('tiny-bert');
    const { model, report } = loadSequenceClassifier({ config: fx.config, weights: fx.weights, labels: ['neg', 'pos', 'neutral'], seed: 9 });
    expect(report.missing).toEqual([{ name: 'classifier.weight', shape: [3, 32] }, { name: 'classifier.bias', shape: [3] }]);
    expect(report.ignored).toEqual(['embeddings.position_ids']);
    expect(report.unexpected).toEqual([]);
    expect(report.loaded).toContain('bert.pooler.dense.weight');
    expect(report.loaded).toContain('bert.encoder.layer.1.output.LayerNorm.bias');
    expect(report.sourceDtypes).toEqual({ F32: report.loaded.length });
    expect(model.groups.map((g) => [g.name, g.pretrained])).toEqual([
      ['embeddings', true], ['layer.0', true], ['layer.1', true], ['pooler', true], ['head', false],
    ]);
    expect(model.config).toMatchObject({
      architectures: ['BertForSequenceClassification'], num_labels: 3, id2label: { 0: 'neg', 1: 'pos', 2: 'neutral' },
      label2id: { neg: 0, pos: 1, neutral: 2 }, problem_type: 'single_label_classification', hidden_size: 32,
    });
    const [w, b] = await Promise.all([model.weights.get('classifier.weight')!.data(), model.weights.get('classifier.bias')!.data()]);
    const std = Math.sqrt(Array.from(w).reduce((s, v) => s + v * v, 0) / w.length);
    expect(std).toBeGreaterThan(0.01); // normal(0, initializer_range = 0.02), 96 samples
    expect(std).toBeLessThan(0.03);
    expect(Array.from(b)).toEqual([0, 0, 0]);
    const again = loadSequenceClassifier({ config: fx.config, weights: fx.weights, numLabels: 3, seed: 9 }).model;
    const other = loadSequenceClassifier({ config: fx.config, weights: fx.weights, numLabels: 3, seed: 10 }).model;
    expect(Array.from(await again.weights.get('classifier.weight')!.data())).toEqual(Array.from(w));
    expect(maxAbsDiff(await other.weights.get('classifier.weight')!.data(), w)).toBeGreaterThan(1e-3);
    [model, again, other].forEach((m) => m.dispose());
  });

  it('a classifier checkpoint with another label count: head re-initialised and reported', () => {
    const fx = readFixture('tiny-bert-classifier');
    const same = loadSequenceClassifier({ config: fx.config, weights: fx.weights });
    expect(same.report.missing).toEqual([]);
    expect(same.report.mismatched).toEqual([]);
    expect(same.model.labels).toEqual(['ham', 'spam']);
    expect(same.model.groups.every((g) => g.pretrained)).toBe(true);
    const three = loadSequenceClassifier({ config: fx.config, weights: fx.weights, numLabels: 3 });
    expect(three.report.mismatched.map((m) => [m.name, m.got, m.expected])).toEqual([
      ['classifier.weight', [2, 32], [3, 32]], ['classifier.bias', [2], [3]],
    ]);
    expect(three.model.labels).toEqual(['LABEL_0', 'LABEL_1', 'LABEL_2']);
    same.model.dispose();
    three.model.dispose();
  });

  it('DistilBERT checkpoints with and without the distilbert. prefix', () => {
    const cls = readFixture('tiny-distilbert-classifier');
    const a = loadSequenceClassifier({ config: cls.config, weights: cls.weights });
    expect(a.report.initialised).toEqual([]);
    expect(a.model.config.architectures).toEqual(['DistilBertForSequenceClassification']);
    expect([...a.model.weights.keys()]).toContain('distilbert.transformer.layer.1.ffn.lin2.weight');
    const base = readFixture('tiny-distilbert');
    const b = loadSequenceClassifier({ config: base.config, weights: base.weights, task: 'regression', numLabels: 1 });
    expect(b.report.missing.map((m) => m.name)).toEqual(['pre_classifier.weight', 'pre_classifier.bias', 'classifier.weight', 'classifier.bias']);
    expect(b.model.task).toBe('regression');
    a.model.dispose();
    b.model.dispose();
  });

  it('TF1-era LayerNorm gamma/beta names load; a mis-shaped encoder tensor fails naming it', () => {
    const fx = readFixture('tiny-bert');
    const { tensors } = parseSafetensors(fx.weights);
    const renamed: Record<string, { dtype: 'F32'; shape: number[]; data: Float32Array }> = {};
    for (const [k, v] of tensors) {
      if (!v.data) continue;
      renamed[k.replace('LayerNorm.weight', 'LayerNorm.gamma').replace('LayerNorm.bias', 'LayerNorm.beta')] = { dtype: 'F32', shape: v.shape, data: v.data };
    }
    const legacy = loadSequenceClassifier({ config: fx.config, weights: writeSafetensors(renamed) });
    expect(legacy.report.loaded).toContain('bert.embeddings.LayerNorm.weight');
    expect(legacy.report.unexpected).toEqual([]);
    legacy.model.dispose();
    const bad = { ...renamed, 'encoder.layer.0.intermediate.dense.weight': { dtype: 'F32' as const, shape: [8, 32], data: new Float32Array(256) } };
    expect(() => loadSequenceClassifier({ config: fx.config, weights: writeSafetensors(bad) }))
      .toThrow('encoder.layer.0.intermediate.dense.weight is [8, 32] F32, expected [64, 32]');
    expect(() => loadSequenceClassifier({ config: fx.config, weights: readFixture('tiny-distilbert').weights }))
      .toThrow(LoadError);
    expect(() => loadSequenceClassifier({ config: fx.config, weights: readFixture('tiny-distilbert').weights }))
      .toThrow(/lacks 3[0-9] of the 39 BERT encoder weights.*Is it a BERT checkpoint/);
  });

  it('exports HF names and layout that load back to the same logits', async () => {
    const fx = readFixture('tiny-bert-classifier');
    const { model } = loadSequenceClassifier({ config: fx.config, weights: fx.weights });
    const exported = await exportWeights(model);
    const original = parseSafetensors(fx.weights).tensors;
    expect(Object.keys(exported).sort()).toEqual([...original.keys()].sort());
    for (const [k, v] of original) expect(exported[k].shape).toEqual(v.shape);
    const reloaded = loadSequenceClassifier({ config: model.config, weights: writeSafetensors(exported) }).model;
    const { batch } = exampleBatch(1, 3, true);
    const [x, y] = tf.tidy(() => [model.forward(batch, false), reloaded.forward(batch, false)]);
    expect(maxAbsDiff(await x.data(), await y.data())).toBe(0);
    tf.dispose([x, y]);
    disposeBatch(batch);
    model.dispose();
    reloaded.dispose();
  });
});

describe('batching', () => {
  it('pads to the bucket above the longest sequence, capped at maxLen', () => {
    expect(bucketLength(5, 512)).toBe(16);
    expect(bucketLength(16, 512)).toBe(16);
    expect(bucketLength(17, 512)).toBe(32);
    expect(bucketLength(300, 512)).toBe(512);
    expect(bucketLength(300, 128)).toBe(128);
    expect(bucketLength(40, 48, [16, 64])).toBe(48);
  });

  it('builds ids, mask and type ids from typed arrays, truncating at maxLen', async () => {
    const batch = makeBatch([
      { ids: Int32Array.from([101, 7, 102, 8, 102]), typeIds: Int32Array.from([0, 0, 0, 1, 1]) },
      { ids: Int32Array.from([101, 9, 102]) },
    ], 4, { padId: 0, buckets: [2, 4] });
    expect(batch.inputIds.shape).toEqual([2, 4]);
    expect(Array.from(await batch.inputIds.data())).toEqual([101, 7, 102, 8, 101, 9, 102, 0]);
    expect(Array.from(await batch.attentionMask.data())).toEqual([1, 1, 1, 1, 1, 1, 1, 0]);
    expect(Array.from(await batch.tokenTypeIds!.data())).toEqual([0, 0, 0, 1, 0, 0, 0, 0]);
    disposeBatch(batch);
    const single = makeBatch([{ ids: Int32Array.from([1, 2]) }], 512);
    expect(single.tokenTypeIds).toBeUndefined();
    expect(single.inputIds.shape).toEqual([1, 16]);
    disposeBatch(single);
    expect(() => makeBatch([], 16)).toThrow(/empty batch/);
    expect(tf.memory().numTensors).toBe(0);
  });
});

describe('backends', () => {
  it('the added UnsortedSegmentSum kernels scatter-add rows on cpu and wasm, dropping out-of-range ids', async () => {
    const expected = [1 + 5, 2 + 6, 0, 0, 3, 4]; // rows 0 and 2 → segment 0, row 1 → segment 2, row 3 (id 7) dropped
    for (const backend of ['cpu', 'wasm'] as const) {
      await setupBackend(backend);
      const x = tf.tensor2d([[1, 2], [3, 4], [5, 6], [7, 8]]);
      const ids = tf.tensor1d([0, 2, 0, 7], 'int32');
      const out = tf.unsortedSegmentSum(x, ids, 3);
      expect(out.shape).toEqual([3, 2]);
      expect(Array.from(await out.data())).toEqual(expected);
      tf.dispose([x, ids, out]);
    }
    await setupBackend('cpu');
  });

  it('refuses a backend it cannot start with a message saying why', async () => {
    await expect(setupBackend('webgpu')).rejects.toThrow('webgpu: this environment has no WebGPU (navigator.gpu is missing)');
    await expect(setupBackend('tpu' as never)).rejects.toThrow('unknown backend "tpu" (supported: webgpu, wasm, webgl, cpu)');
  });
});
