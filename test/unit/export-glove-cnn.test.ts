/**
 * A glove-cnn classifier exported as a folder: its config and model card say what it is and what loads it
 * (not transformers), onnxruntime-node runs onnx/model.onnx with the studio's probabilities (and the
 * independent PyTorch reference's), the int8 variant stays close, and the studio re-imports the folder
 * bit-identically (same weights, same bytes when exported again, same predictions).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBundledModel } from '../../src/cli/bundled';
import { buildHfFolder } from '../../src/core/export/hfFolder';
import { importModelFolder } from '../../src/core/export/importFolder';
import { folderInputOf, trainedModelFromImport } from '../../src/core/export/trainedModel';
import { loadSequenceClassifier } from '../../src/core/model/load';
import { createTokenizer } from '../../src/core/model/tokenizer';
import { createPredictor } from '../../src/core/predict/predictor';
import { readWeights } from '../../src/core/train/weightsIO';
import type { FolderFiles } from '../../src/core/export/zip';
import { maxAbsDiff, root, removeFolders, writeFolder } from './export-helpers';
import { ortLogits, type EncodedIds } from './export-runners';

afterAll(removeFolders);

const LABELS = ['ham', 'spam', 'other'];
const MAX_LEN = 64;

/** 40 real SMS (some longer than 64 tokens, so truncated), plus texts shorter than every filter. */
function texts(): string[] {
  const lines = fs.readFileSync(path.join(root, 'public/samples/sms_spam.csv'), 'utf8').split('\n').slice(1, 41)
    .map((l) => l.replace(/,(ham|spam)\s*$/, '').replace(/^"|"$/g, ''));
  return [...lines, 'a', 'ok', 'this message is long and repeats itself '.repeat(12)];
}

function softmaxRows(logits: ArrayLike<number>, k: number): Float32Array {
  const out = new Float32Array(logits.length);
  for (let r = 0; r < logits.length / k; r++) {
    const row = Array.from({ length: k }, (_, j) => logits[r * k + j]);
    const m = Math.max(...row);
    const e = row.map((v) => Math.exp(v - m));
    const s = e.reduce((a, b) => a + b, 0);
    e.forEach((v, j) => { out[r * k + j] = v / s; });
  }
  return out;
}

describe('a glove-cnn classifier exported as a folder', () => {
  let files: FolderFiles;
  let folder = '';
  let ids: EncodedIds;
  let studioLogits: Float32Array;
  const sample = texts();

  beforeAll(async () => {
    await tf.setBackend('cpu');
    const bundled = await readBundledModel('offline-glove-cnn');
    // Wider random filters than the default init, so that a wrong op would show in the probabilities.
    const config = { ...bundled.config, initializer_range: 0.1 };
    const { model } = loadSequenceClassifier({ config, weights: bundled.weights, labels: LABELS, seed: 4 });
    const weights = await readWeights(model.weights);
    model.dispose();
    const tok = await createTokenizer(bundled);
    const t = tok.files();
    files = buildHfFolder({
      config: model.config as Parameters<typeof buildHfFolder>[0]['config'], weights, labelNames: LABELS, task: 'single_label_classification',
      tokenizerFiles: { 'tokenizer.json': JSON.stringify(t.tokenizerJson), 'tokenizer_config.json': JSON.stringify(t.tokenizerConfig), ...t.extraFiles },
    });
    folder = writeFolder(files);
    const enc = tok.encodeBatch(sample, undefined, MAX_LEN);
    const len = Math.max(...enc.map((e) => e.ids.length));
    const pad = (a: ArrayLike<number>) => [...Array.from(a), ...new Array<number>(len - a.length).fill(0)];
    ids = { input_ids: enc.map((e) => pad(e.ids)), attention_mask: enc.map((e) => pad(new Array<number>(e.ids.length).fill(1))), token_type_ids: [] };
    const predictor = await createPredictor({ ...importModelFolder(files), maxLength: MAX_LEN });
    studioLogits = (await predictor.predict(sample, undefined, 16)).logits;
    predictor.dispose();
  });

  it('says what it is: GloveCnnForSequenceClassification, and a card that names FineTune Studio and ONNX Runtime, not transformers', () => {
    const config = JSON.parse(files['config.json'] as string);
    expect(config.model_type).toBe('glove-cnn');
    expect(config.architectures).toEqual(['GloveCnnForSequenceClassification']);
    expect(config.id2label).toEqual({ 0: 'ham', 1: 'spam', 2: 'other' });
    const card = files['README.md'] as string;
    const front = card.split('---')[1];
    expect(front).toMatch(/^library_name: onnx$/m);
    expect(card).not.toMatch(/library_name: transformers/);
    expect(card).toMatch(/## Files/);
    expect(card).toMatch(/Hugging Face transformers and transformers\.js cannot load/);
    expect(card).toMatch(/ONNX inputs: `input_ids` and `attention_mask`/);
    expect(card).toMatch(/Import a model/);
    expect(card).toMatch(/onnx\/model\.onnx/);
    for (const f of ['model.safetensors', 'tokenizer.json', 'onnx/model.onnx', 'onnx/model_quantized.onnx', 'tfjs/model.json']) expect(files[f], f).toBeDefined();
  });

  it('onnxruntime-node gives the studio probabilities within 1e-4, and the PyTorch reference agrees', async () => {
    const onnx = await ortLogits(path.join(folder, 'onnx/model.onnx'), ids, false);
    const inputs = path.join(folder, 'inputs.json');
    fs.writeFileSync(inputs, JSON.stringify({ ...ids, labels: sample.map(() => 0) }));
    const torch = (JSON.parse(execFileSync('/usr/bin/python3', [path.join(root, 'test/reference/glove_cnn_ref.py'), folder, inputs],
      { encoding: 'utf8', maxBuffer: 1 << 28 })) as { logits: number[][] }).logits.flat();
    const probs = softmaxRows(studioLogits, 3);
    const dOnnx = maxAbsDiff(softmaxRows(onnx, 3), probs);
    const dTorch = maxAbsDiff(softmaxRows(torch, 3), probs);
    console.log(`glove-cnn export: ONNX vs studio max |Δprob| ${dOnnx.toExponential(2)}, PyTorch vs studio ${dTorch.toExponential(2)}, max |Δlogit| ONNX ${maxAbsDiff(onnx, studioLogits).toExponential(2)}`);
    expect(maxAbsDiff(probs.subarray(0, 3), probs.subarray(3, 6))).toBeGreaterThan(1e-3); // varied, not trivially equal
    expect(dOnnx).toBeLessThan(1e-4);
    expect(dTorch).toBeLessThan(1e-4);
  });

  it('the int8 ONNX variant runs and stays close (bound reported)', async () => {
    const q = await ortLogits(path.join(folder, 'onnx/model_quantized.onnx'), ids, false);
    const d = maxAbsDiff(softmaxRows(q, 3), softmaxRows(studioLogits, 3));
    console.log(`glove-cnn int8 ONNX vs studio: max |Δprob| ${d.toExponential(2)}`);
    expect(d).toBeGreaterThan(0);
    expect(d).toBeLessThan(0.02);
    expect((files['onnx/model_quantized.onnx'] as Uint8Array).byteLength).toBeLessThan((files['onnx/model.onnx'] as Uint8Array).byteLength * 0.3);
  });

  it('re-imports bit-identically: the same weights, the same bytes when exported again, the same predictions', async () => {
    const imported = importModelFolder(files, 'glove-cnn-export');
    const again = buildHfFolder(folderInputOf(trainedModelFromImport(imported, 'again'), { onnx: false, onnxQuantized: false, tfjs: false }));
    expect(Buffer.from(again['model.safetensors'] as Uint8Array).equals(Buffer.from(files['model.safetensors'] as Uint8Array))).toBe(true);
    expect(JSON.parse(again['config.json'] as string)).toEqual(JSON.parse(files['config.json'] as string));
    const predictor = await createPredictor({ ...importModelFolder(again), maxLength: MAX_LEN });
    const logits = (await predictor.predict(sample, undefined, 16)).logits;
    predictor.dispose();
    expect(maxAbsDiff(logits, studioLogits)).toBe(0);
  });
});
