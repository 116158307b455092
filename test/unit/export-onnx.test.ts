/**
 * The exported folder runs elsewhere with the same numbers: ONNX Runtime (onnxruntime-node) and
 * transformers.js' text-classification pipeline load onnx/model.onnx, and an independent PyTorch reference
 * reads config.json + model.safetensors; all agree within 1e-4 on 50 real texts. The int8 variant agrees
 * within a looser, reported bound.
 */
import { describe, expect, it, beforeAll, afterAll, inject } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import onnxProto from 'onnx-proto';
import { AutoTokenizer, env, pipeline } from '@huggingface/transformers';
import { buildHfFolder } from '../../src/core/export/hfFolder';
import { maxAbsDiff, sampleTexts, tinyBert, tinyDistilBert, tokenizerFiles, writeFolder, removeFolders } from './export-helpers';
import { ortLogits, torchLogits, type EncodedIds } from './export-runners';
import { PYTORCH_TAG } from './pytorch';

afterAll(removeFolders);

async function encode(folder: string, texts: string[]): Promise<EncodedIds> {
  env.allowRemoteModels = false;
  env.localModelPath = path.dirname(folder) + '/';
  const tok = await AutoTokenizer.from_pretrained(path.basename(folder));
  const enc = tok(texts, { padding: true, truncation: true, max_length: 64 }) as Record<string, { tolist(): bigint[][] }>;
  const list = (k: string) => enc[k].tolist().map((r) => r.map(Number));
  return { input_ids: list('input_ids'), attention_mask: list('attention_mask'), token_type_ids: list('token_type_ids') };
}

function softmaxRows(logits: Float32Array, k: number): Float32Array {
  const out = new Float32Array(logits.length);
  for (let r = 0; r < logits.length / k; r++) {
    const row = logits.subarray(r * k, r * k + k);
    const m = Math.max(...row);
    const e = row.map((v) => Math.exp(v - m));
    const s = e.reduce((a, b) => a + b, 0);
    e.forEach((v, j) => { out[r * k + j] = v / s; });
  }
  return out;
}

const texts = sampleTexts();

for (const arch of ['bert', 'distilbert'] as const) {
  describe(`ONNX export of a tiny ${arch} classifier`, () => {
    const labels = ['ham', 'spam', 'other'];
    const model = arch === 'bert' ? tinyBert(3) : tinyDistilBert(3);
    let folder = '';
    let enc: EncodedIds;
    let reference: Float32Array;

    beforeAll(async () => {
      const files = buildHfFolder({ config: model.config, weights: model.weights, tokenizerFiles: tokenizerFiles(), labelNames: labels, task: 'single_label_classification' });
      folder = writeFolder(files);
      enc = await encode(folder, texts);
      if (inject('pytorchMissing') === null) reference = torchLogits(folder, enc);
    });

    it('has the transformers.js layout and a config other tools read', () => {
      for (const f of ['config.json', 'model.safetensors', 'tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json', 'vocab.txt', 'README.md', 'onnx/model.onnx', 'onnx/model_quantized.onnx', 'tfjs/model.json']) {
        expect(fs.existsSync(path.join(folder, f)), f).toBe(true);
      }
      const config = JSON.parse(fs.readFileSync(path.join(folder, 'config.json'), 'utf8'));
      expect(config.architectures).toEqual([arch === 'bert' ? 'BertForSequenceClassification' : 'DistilBertForSequenceClassification']);
      expect(config.id2label).toEqual({ 0: 'ham', 1: 'spam', 2: 'other' });
      expect(config.label2id).toEqual({ ham: 0, spam: 1, other: 2 });
      expect(config.problem_type).toBe('single_label_classification');
      expect(enc.input_ids.length).toBe(50);
      expect(enc.input_ids[0].length).toBe(64); // some texts are truncated to the 64 positions
    });

    it('declares int64 inputs with dynamic batch_size/sequence_length, float logits, opset 17, default-domain ops only', () => {
      const model = onnxProto.onnx.ModelProto.decode(fs.readFileSync(path.join(folder, 'onnx/model.onnx')));
      expect(model.opsetImport.map((o) => [o.domain, Number(o.version)])).toEqual([['', 17]]);
      const graph = model.graph!;
      const dims = (v: onnxProto.onnx.IValueInfoProto) => v.type!.tensorType!.shape!.dim!.map((d) => d.dimParam || Number(d.dimValue));
      expect(graph.input!.map((i) => i.name)).toEqual(arch === 'bert' ? ['input_ids', 'attention_mask', 'token_type_ids'] : ['input_ids', 'attention_mask']);
      for (const i of graph.input!) {
        expect(i.type!.tensorType!.elemType).toBe(7); // int64
        expect(dims(i)).toEqual(['batch_size', 'sequence_length']);
      }
      expect(graph.output!.map((o) => [o.name, o.type!.tensorType!.elemType, dims(o)])).toEqual([['logits', 1, ['batch_size', 3]]]);
      expect(graph.node!.every((n) => !n.domain)).toBe(true);
    });

    it('onnxruntime-node gives the PyTorch reference logits within 1e-4', { tags: [PYTORCH_TAG] }, async () => {
      const logits = await ortLogits(path.join(folder, 'onnx/model.onnx'), enc, arch === 'bert');
      expect(logits.length).toBe(50 * 3);
      // The logits are not trivially equal: the rows differ from each other.
      expect(maxAbsDiff(logits.subarray(0, 3), logits.subarray(3, 6))).toBeGreaterThan(1e-3);
      expect(maxAbsDiff(logits, reference)).toBeLessThan(1e-4);
    });

    it('the int8 variant runs and stays close to the PyTorch reference (bound reported)', { tags: [PYTORCH_TAG] }, async () => {
      const q = await ortLogits(path.join(folder, 'onnx/model_quantized.onnx'), enc, arch === 'bert');
      const dLogits = maxAbsDiff(q, reference);
      const dProbs = maxAbsDiff(softmaxRows(q, 3), softmaxRows(reference, 3));
      console.log(`${arch} int8 ONNX vs float reference: max |Δlogit| ${dLogits.toExponential(2)}, max |Δprob| ${dProbs.toExponential(2)}`);
      expect(dLogits).toBeGreaterThan(0); // it really is quantised
      expect(dProbs).toBeLessThan(0.01);
      const sizeF = fs.statSync(path.join(folder, 'onnx/model.onnx')).size;
      const sizeQ = fs.statSync(path.join(folder, 'onnx/model_quantized.onnx')).size;
      expect(sizeQ).toBeLessThan(sizeF * 0.3);
    });

    it("transformers.js pipeline('text-classification') loads the folder offline and gives the PyTorch reference probabilities", { tags: [PYTORCH_TAG] }, async () => {
      env.allowRemoteModels = false;
      env.localModelPath = path.dirname(folder) + '/';
      const classify = await pipeline('text-classification', path.basename(folder), { dtype: 'fp32' });
      const out = (await classify(texts, { top_k: null })) as unknown as { label: string; score: number }[][];
      const probs = softmaxRows(reference, 3);
      let worst = 0;
      out.forEach((row, i) => {
        expect(row.length).toBe(3);
        for (const { label, score } of row) worst = Math.max(worst, Math.abs(score - probs[i * 3 + labels.indexOf(label)]));
      });
      await classify.dispose();
      expect(worst).toBeLessThan(1e-4);
    });
  });
}
