/**
 * The studio's own predictions (tfjs, cpu backend) equal those of the exported folder in other tools:
 * onnxruntime-node on onnx/model.onnx, transformers.js' pipeline on the folder (offline), and an
 * independent PyTorch reference on config.json + model.safetensors — within 1e-4 on 50 texts. Re-importing
 * the exported folder gives identical predictions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { env, pipeline } from '@huggingface/transformers';
import { buildHfFolder } from '../../src/core/export/hfFolder';
import { importModelFolder, type ImportedModel } from '../../src/core/export/importFolder';
import { usableLength } from '../../src/core/export/hfConfig';
import { createPredictor, type Predictor } from '../../src/core/predict/predictor';
import { createTokenizer } from '../../src/core/model/tokenizer';
import { probabilities } from '../../src/core/predict/batch';
import { maxAbsDiff, root, sampleTexts, tinyBert, tinyRoberta, tokenizerFiles, writeFolder, removeFolders } from './export-helpers';
import { ortLogits, torchLogits, type EncodedIds } from './export-runners';
import { PYTORCH_TAG } from './pytorch';

afterAll(removeFolders);

const MAX_LEN = 128;
const texts = sampleTexts();

function readFolder(dir: string): Record<string, Uint8Array | string> {
  const out: Record<string, Uint8Array | string> = {};
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(r);
      else out[r] = /\.(json|txt|md)$/.test(e.name) ? fs.readFileSync(path.join(dir, r), 'utf8') : new Uint8Array(fs.readFileSync(path.join(dir, r)));
    }
  };
  walk('');
  return out;
}

function exportFolder(m: ImportedModel): string {
  const tokenizer: Record<string, string> = {
    'tokenizer.json': JSON.stringify(m.tokenizer.tokenizerJson), 'tokenizer_config.json': JSON.stringify(m.tokenizer.tokenizerConfig), ...m.tokenizer.extraFiles,
  };
  return writeFolder(buildHfFolder({ config: m.config, weights: m.weights, tokenizerFiles: tokenizer, labelNames: m.labelNames, task: m.task, formats: { onnxQuantized: false } }));
}

/** The studio tokenizer's ids, padded to the longest: the same ids go to ORT and PyTorch. */
async function studioIds(m: ImportedModel): Promise<EncodedIds> {
  const tok = await createTokenizer(m.tokenizer);
  const enc = tok.encodeBatch(texts, undefined, Math.min(MAX_LEN, usableLength(m.config)));
  const len = Math.max(...enc.map((e) => e.ids.length));
  const pad = (a: Int32Array, v: number) => [...a, ...new Array<number>(len - a.length).fill(v)];
  return {
    input_ids: enc.map((e) => pad(e.ids, tok.padId)),
    attention_mask: enc.map((e) => pad(new Int32Array(e.ids.length).fill(1), 0)),
    token_type_ids: enc.map((e) => pad(e.typeIds, 0)),
  };
}

const fixtureDir = (name: string) => path.join(root, 'test/fixtures/hub/ftstudio-fixtures', name);

const CASES: { name: string; load: () => ImportedModel; pipeline: boolean }[] = [
  { name: 'tiny-bert-classifier (fixture)', load: () => importModelFolder(readFolder(fixtureDir('tiny-bert-classifier'))), pipeline: true },
  { name: 'tiny-distilbert-classifier (fixture)', load: () => importModelFolder(readFolder(fixtureDir('tiny-distilbert-classifier'))), pipeline: true },
  {
    // Larger random weights, three labels: differences between implementations would show.
    name: 'random 3-label bert', pipeline: false,
    load: () => {
      const m = tinyBert(3, 7);
      const folder = writeFolder(buildHfFolder({ config: m.config, weights: m.weights, tokenizerFiles: tokenizerFiles(), labelNames: ['a', 'b', 'c'], task: 'single_label_classification', formats: { onnx: false, onnxQuantized: false, tfjs: false } }));
      return importModelFolder(readFolder(folder));
    },
  },
  {
    // RoBERTa: positions counted over non-padding tokens, no pooler, dense → tanh → out_proj head.
    name: 'random 2-label roberta', pipeline: true,
    load: () => {
      const m = tinyRoberta(2);
      const folder = writeFolder(buildHfFolder({ config: m.config, weights: m.weights, tokenizerFiles: tokenizerFiles(), labelNames: ['neg', 'pos'], task: 'single_label_classification', formats: { onnx: false, onnxQuantized: false, tfjs: false } }));
      return importModelFolder(readFolder(folder));
    },
  },
];

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

for (const c of CASES) {
  describe(`studio vs exported folder: ${c.name}`, () => {
    let model: ImportedModel;
    let predictor: Predictor;
    let studio: { logits: Float32Array; probs: Float32Array };
    let folder: string;
    let ids: EncodedIds;

    beforeAll(async () => {
      model = c.load();
      predictor = await createPredictor({ ...model, maxLength: MAX_LEN });
      const before = tf.memory().numTensors;
      studio = await predictor.predict(texts, undefined, 16);
      expect(tf.memory().numTensors).toBe(before); // inference leaks no tensors
      folder = exportFolder(model);
      ids = await studioIds(model);
    });
    afterAll(() => predictor?.dispose());

    it('the studio gives varied, valid probabilities', () => {
      const k = predictor.numLabels;
      expect(studio.probs.length).toBe(50 * k);
      for (let r = 0; r < 50; r++) expect(studio.probs.subarray(r * k, r * k + k).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      expect(Math.max(...studio.logits) - Math.min(...studio.logits)).toBeGreaterThan(0.05);
    });

    it('onnxruntime-node on onnx/model.onnx: probabilities within 1e-4', async () => {
      const logits = await ortLogits(path.join(folder, 'onnx/model.onnx'), ids, model.config.model_type === 'bert');
      const d = maxAbsDiff(probabilities(logits, predictor.numLabels, predictor.task), studio.probs);
      console.log(`${c.name}: ORT vs studio max |Δprob| ${d.toExponential(2)}, max |Δlogit| ${maxAbsDiff(logits, studio.logits).toExponential(2)}`);
      expect(d).toBeLessThan(1e-4);
    });

    it('the PyTorch reference reproduces the studio logits within 1e-4', { tags: [PYTORCH_TAG] }, () => {
      const d = maxAbsDiff(torchLogits(folder, ids), studio.logits);
      console.log(`${c.name}: PyTorch vs studio max |Δlogit| ${d.toExponential(2)}`);
      expect(d).toBeLessThan(1e-4);
    });

    if (c.pipeline) it("transformers.js pipeline('text-classification') on the folder: probabilities within 1e-4", async () => {
      env.allowRemoteModels = false;
      env.localModelPath = path.dirname(folder) + '/';
      const classify = await pipeline('text-classification', path.basename(folder), { dtype: 'fp32' });
      const out = (await classify(texts, { top_k: null })) as unknown as { label: string; score: number }[][];
      await classify.dispose();
      const k = predictor.numLabels;
      // transformers.js truncates after adding special tokens (it drops the final [SEP]); compare the texts
      // that fit, where both tokenize identically.
      const cap = Math.min(MAX_LEN, usableLength(model.config));
      const fits = ids.attention_mask.map((r) => r.reduce((a, b) => a + b, 0) < cap);
      expect(fits.filter(Boolean).length).toBeGreaterThanOrEqual(49);
      let worst = 0;
      out.forEach((row, i) => row.forEach(({ label, score }) => {
        if (fits[i]) worst = Math.max(worst, Math.abs(score - studio.probs[i * k + predictor.labelNames.indexOf(label)]));
      }));
      console.log(`${c.name}: transformers.js vs studio max |Δprob| ${worst.toExponential(2)}`);
      expect(worst).toBeLessThan(1e-4);
    });

    it('re-importing the exported folder gives identical predictions', async () => {
      const again = importModelFolder(readFolder(folder));
      expect(again.labelNames).toEqual(predictor.labelNames);
      expect(again.task).toBe(predictor.task);
      const p2 = await createPredictor({ ...again, maxLength: MAX_LEN });
      const r2 = await p2.predict(texts, undefined, 16);
      p2.dispose();
      expect(maxAbsDiff(r2.logits, studio.logits)).toBe(0);
    });
  });
}

describe('studio vs ONNX on sentence pairs (token_type_ids = 1 on the second text)', () => {
  it('agrees within 1e-4', async () => {
    const m = tinyBert(2, 13);
    const folder = writeFolder(buildHfFolder({ config: m.config, weights: m.weights, tokenizerFiles: tokenizerFiles(), labelNames: ['no', 'yes'], task: 'single_label_classification', formats: { onnxQuantized: false, tfjs: false } }));
    const model = importModelFolder(readFolder(folder));
    const a = texts.slice(0, 20);
    const b = texts.slice(20, 40);
    const predictor = await createPredictor({ ...model, maxLength: 64 });
    const studio = await predictor.predict(a, b, 8);
    predictor.dispose();
    const tok = await createTokenizer(model.tokenizer);
    const enc = tok.encodeBatch(a, b, 64);
    expect(enc.some((e) => e.typeIds.includes(1))).toBe(true);
    const len = Math.max(...enc.map((e) => e.ids.length));
    const pad = (x: ArrayLike<number>) => [...Array.from(x), ...new Array<number>(len - x.length).fill(0)];
    const ids: EncodedIds = { input_ids: enc.map((e) => pad(e.ids)), attention_mask: enc.map((e) => pad(new Array<number>(e.ids.length).fill(1))), token_type_ids: enc.map((e) => pad(e.typeIds)) };
    const logits = await ortLogits(path.join(folder, 'onnx/model.onnx'), ids, true);
    expect(maxAbsDiff(logits, studio.logits)).toBeLessThan(1e-4);
    // Without the type ids the logits change: the pair information really flows through.
    const noTypes = await ortLogits(path.join(folder, 'onnx/model.onnx'), { ...ids, token_type_ids: ids.token_type_ids.map((r) => r.map(() => 0)) }, true);
    expect(maxAbsDiff(noTypes, studio.logits)).toBeGreaterThan(1e-3);
  });
});
