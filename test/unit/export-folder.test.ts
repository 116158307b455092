import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { buildHfFolder } from '../../src/core/export/hfFolder';
import { unzipFolder, zipFolder } from '../../src/core/export/zip';
import { buildTfjsWeights, parseTfjsWeights } from '../../src/core/export/tfjsFormat';
import { importModelFolder } from '../../src/core/export/importFolder';
import { predictionsCsv } from '../../src/core/predict/batch';
import { JOB_SPEC_VERSION, NO_LIMITS, presetHyperparameters, type JobSpec } from '../../src/core/spec/jobSpec';
import type { SingleLabelMetrics } from '../../src/core/train/metrics';
import { tinyBert, tinyDistilBert, tokenizerFiles } from './export-helpers';

const spec: JobSpec = {
  version: JOB_SPEC_VERSION, name: 'sms spam, tiny bert',
  dataset: { id: 'd1', name: 'sms_spam.csv', textColumn: 'text', labelColumn: 'label', labelKind: 'single', splitCounts: { train: 4459, validation: 557, test: 558 }, splitMethod: 'random 80/10/10, seed 42', limits: NO_LIMITS },
  model: { source: 'hub', id: 'google/bert_uncased_L-2_H-128_A-2' },
  task: { kind: 'single_label_classification', labelNames: ['ham', 'spam'] },
  hyperparameters: presetHyperparameters('standard'),
};
const validation: SingleLabelMetrics = {
  kind: 'single', loss: 0.0812, accuracy: 0.9785, macro_f1: 0.9521, count: 557, confusion: [[480, 3], [9, 65]],
  perClass: [{ label: 'ham', precision: 0.9816, recall: 0.9938, f1: 0.9877, support: 483 }, { label: 'spam', precision: 0.9559, recall: 0.8784, f1: 0.9155, support: 74 }],
};

describe('exported folder contents', () => {
  const m = tinyBert(2);
  const files = buildHfFolder({
    config: { ...m.config, id2label: { 0: 'NEG', 1: 'POS' }, _name_or_path: 'old' }, weights: m.weights, tokenizerFiles: tokenizerFiles(),
    labelNames: ['ham', 'spam'], task: 'single_label_classification', spec,
    metrics: { validation, test: { ...validation, count: 558 }, bestEpoch: 2, bestStep: 558 },
    thresholds: { metric: 'f1', values: { spam: 0.3125 }, tunedScore: 0.93, defaultScore: 0.9155 },
    formats: { onnx: false, onnxQuantized: false },
  });

  it('writes config.json with the new head, thresholds and base fields', () => {
    const config = JSON.parse(files['config.json'] as string);
    expect(config).toMatchObject({
      architectures: ['BertForSequenceClassification'], model_type: 'bert', hidden_size: 32, num_hidden_layers: 2, vocab_size: 30522,
      id2label: { 0: 'ham', 1: 'spam' }, label2id: { ham: 0, spam: 1 }, problem_type: 'single_label_classification',
      finetune_studio: { base_model: 'google/bert_uncased_L-2_H-128_A-2', max_length: 128, thresholds: { values: { spam: 0.3125 } } },
    });
    expect(config._name_or_path).toBeUndefined();
    expect(JSON.parse(files['tokenizer_config.json'] as string).model_max_length).toBe(64); // capped at the 64 positions
    expect(JSON.parse(files['special_tokens_map.json'] as string)).toEqual({ unk_token: '[UNK]', sep_token: '[SEP]', pad_token: '[PAD]', cls_token: '[CLS]', mask_token: '[MASK]' });
  });

  it('writes a model card with data, hyperparameters, metrics, confusion matrix and thresholds', () => {
    const card = files['README.md'] as string;
    expect(card).toContain('base_model: google/bert_uncased_L-2_H-128_A-2');
    expect(card).toContain('Splits: train 4459, validation 557, test 558 (random 80/10/10, seed 42)');
    expect(card).toContain('| learning rate | 0.00002 (head: 10× body) |'.replace('0.00002', String(2e-5)));
    expect(card).toContain('Best checkpoint: epoch 2, step 558.');
    expect(card).toContain('| accuracy | 0.9785 |');
    expect(card).toContain('| **spam** | 9 | 65 |');
    expect(card).toContain('| spam | 0.3125 |');
    expect(card).toContain('## Intended use and limits');
  });

  it('zips and unzips to the same files; the tfjs shards read back to the same weights', () => {
    const back = unzipFolder(zipFolder(files, 'my-model'));
    expect(Object.keys(back).sort()).toEqual(Object.keys(files).sort());
    expect(Buffer.compare(back['model.safetensors'] as Uint8Array, files['model.safetensors'] as Uint8Array)).toBe(0);
    const tfjsFiles = Object.fromEntries(Object.entries(back).filter(([p]) => p.startsWith('tfjs/')).map(([p, v]) => [p.slice(5), v]));
    expect(Object.keys(tfjsFiles)).toContain('group1-shard1of1.bin');
    const { weights, config } = parseTfjsWeights(tfjsFiles);
    expect(config.model_type).toBe('bert');
    expect(Object.keys(weights).length).toBe(Object.keys(m.weights).length);
    expect(weights['bert.encoder.layer.1.output.dense.weight'].data).toEqual(m.weights['bert.encoder.layer.1.output.dense.weight'].data);
  });

  it('imports back the same weights, labels and thresholds', () => {
    const imp = importModelFolder(unzipFolder(zipFolder(files, 'root')));
    expect(imp.labelNames).toEqual(['ham', 'spam']);
    expect(imp.thresholds?.values.spam).toBe(0.3125);
    expect(imp.maxLength).toBe(64);
    expect(imp.weights['classifier.weight'].data).toEqual(m.weights['classifier.weight'].data);
  });

  it('writes multi-label and regression configs as HF expects', () => {
    const d = tinyDistilBert(3);
    const multi = JSON.parse(buildHfFolder({ config: d.config, weights: d.weights, tokenizerFiles: tokenizerFiles(), labelNames: ['a', 'b', 'c'], task: 'multi_label_classification', formats: { onnx: false, onnxQuantized: false, tfjs: false } })['config.json'] as string);
    expect(multi).toMatchObject({ architectures: ['DistilBertForSequenceClassification'], problem_type: 'multi_label_classification', id2label: { 0: 'a', 1: 'b', 2: 'c' }, dim: 32 });
    const r = tinyBert(1);
    const reg = JSON.parse(buildHfFolder({ config: r.config, weights: r.weights, tokenizerFiles: tokenizerFiles(), labelNames: [], task: 'regression', formats: { onnx: false, onnxQuantized: false, tfjs: false } })['config.json'] as string);
    expect(reg).toMatchObject({ problem_type: 'regression', id2label: { 0: 'LABEL_0' } });
  });

  it('refuses folders it cannot use, naming the file', () => {
    expect(() => importModelFolder({ 'config.json': '{"model_type":"gpt2"}' })).toThrow(/model_type "gpt2" is not supported/);
    expect(() => importModelFolder({ 'config.json': JSON.stringify({ ...m.config, architectures: ['BertForMaskedLM'] }) })).toThrow(/not a \*ForSequenceClassification/);
    expect(() => importModelFolder({ 'config.json': JSON.stringify(m.config), 'pytorch_model.bin': new Uint8Array(4) }, 'my-folder')).toThrow(/pytorch_model.bin/);
    expect(() => importModelFolder({ 'config.json': '{oops' }, 'my-folder')).toThrow('my-folder: config.json is not valid JSON');
  });
});

describe('TensorFlow.js weights format', () => {
  it('splits more than 4 MiB into shards that read back exactly, a weight spanning two shards included', () => {
    const big = Float32Array.from({ length: 1_200_000 }, (_, i) => Math.sin(i));
    const small = Float32Array.of(1, 2, 3);
    const files = buildTfjsWeights({ model_type: 'bert' }, { 'a.weight': { shape: [1000, 1200], data: big }, 'b.bias': { shape: [3], data: small } });
    const manifest = JSON.parse(files['model.json'] as string).weightsManifest[0];
    expect(manifest.paths).toEqual(['group1-shard1of2.bin', 'group1-shard2of2.bin']);
    expect((files['group1-shard1of2.bin'] as Uint8Array).byteLength).toBe(4 * 1024 * 1024);
    expect((files['group1-shard2of2.bin'] as Uint8Array).byteLength).toBe(4_800_012 - 4 * 1024 * 1024);
    const back = parseTfjsWeights(files);
    expect(Buffer.compare(Buffer.from(back.weights['a.weight'].data.buffer), Buffer.from(big.buffer))).toBe(0);
    expect(Array.from(back.weights['b.bias'].data)).toEqual([1, 2, 3]);
  });
});

describe('batch prediction CSV', () => {
  it('neutralises formula cells (= + - @ tab CR) in inputs and keeps the rest, with prediction and probability columns', () => {
    const rows = [['=HYPERLINK("http://x","click")', '1'], ['+cmd', '2'], ['-2+3', '3'], ['@SUM(A1)', '4'], ['\tx', '5'], ['\rx', '6'], ['plain, "quoted"', '7']];
    const preds = rows.map((_, i) => ({ labels: [i % 2 ? 'spam' : 'ham'], probs: i % 2 ? [0.25, 0.75] : [0.9, 0.1] }));
    const csv = predictionsCsv(['text', 'id'], rows, preds, 'single_label_classification', ['ham', 'spam']);
    const parsed = Papa.parse<string[]>(csv.trim(), { skipEmptyLines: false }).data;
    expect(parsed[0]).toEqual(['text', 'id', 'prediction', 'p_ham', 'p_spam']);
    expect(parsed.slice(1).map((r) => r[0])).toEqual(["'=HYPERLINK(\"http://x\",\"click\")", "'+cmd", "'-2+3", "'@SUM(A1)", "'\tx", "'\rx", 'plain, "quoted"']);
    expect(parsed[2].slice(2)).toEqual(['spam', '0.250000', '0.750000']);
    expect(() => predictionsCsv(['text'], [['a']], [], 'single_label_classification', ['x', 'y'])).toThrow(/1 rows but 0 predictions/);
  });

  it('writes multi-label (labels joined by ;) and regression (the value) predictions', () => {
    const multi = predictionsCsv(['text'], [['a'], ['b']], [{ labels: ['x', 'z'], probs: [0.9, 0.1, 0.7] }, { labels: [], probs: [0.1, 0.2, 0.3] }], 'multi_label_classification', ['x', 'y', 'z']);
    expect(Papa.parse<string[]>(multi.trim()).data).toEqual([['text', 'prediction', 'p_x', 'p_y', 'p_z'], ['a', 'x;z', '0.900000', '0.100000', '0.700000'], ['b', '', '0.100000', '0.200000', '0.300000']]);
    const reg = predictionsCsv(['text'], [['a'], ['-b']], [{ labels: [], probs: [3.25] }, { labels: [], probs: [-0.5] }], 'regression', []);
    expect(Papa.parse<string[]>(reg.trim()).data).toEqual([['text', 'prediction'], ['a', '3.25'], ["'-b", '-0.5']]);
    // A label name that looks like a formula is neutralised in the header and in the prediction cell.
    const odd = predictionsCsv(['text'], [['a']], [{ labels: ['=x'], probs: [0.8, 0.2] }], 'single_label_classification', ['=x', 'y']);
    expect(Papa.parse<string[]>(odd.trim()).data).toEqual([['text', 'prediction', 'p_=x', 'p_y'], ['a', "'=x", '0.800000', '0.200000']]);
  });
});
