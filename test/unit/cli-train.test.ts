import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import { afterAll, describe, expect, it } from 'vitest';
import { parseSafetensors } from '../../src/core/model/safetensors';
import { validateJobSpec } from '../../src/core/spec/validate';
import { createFileCheckpointStore } from '../../src/cli/files';
import type { CheckpointRecord } from '../../src/core/train/checkpoint';
import { CLI_TEST_OPTIONS, root, runCli as cli } from './cli-helpers';
import { smsPath } from './data-fixtures';

const tinyBert = path.join(root, 'test/fixtures/hub/ftstudio-fixtures/tiny-bert');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ftstudio-cli-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('finetune-studio CLI', () => {
  it('trains the random-init tiny BERT on SMS Spam to test macro-F1 ≥ 0.90, writes an HF folder, then predicts', CLI_TEST_OPTIONS, async () => {
    const out = path.join(tmp, 'model');
    const r = await cli([
      'train', '--data', smsPath, '--text-column', 'text', '--label-column', 'label', '--model', tinyBert, '--out', out,
      '--epochs', '1', '--batch-size', '32', '--lr', '1e-3', '--max-length', '64', '--backend', 'wasm',
    ]);
    expect(r.err, r.out).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/started on wasm/);
    const test = /test @ step \d+: loss ([\d.]+) accuracy ([\d.]+) macro-F1 ([\d.]+)/.exec(r.out);
    expect(test, r.out).not.toBeNull();
    expect(Number(test![3])).toBeGreaterThanOrEqual(0.9);

    const config = JSON.parse(fs.readFileSync(path.join(out, 'config.json'), 'utf8'));
    expect(config).toMatchObject({
      architectures: ['BertForSequenceClassification'], model_type: 'bert', problem_type: 'single_label_classification',
      id2label: { 0: 'ham', 1: 'spam' }, label2id: { ham: 0, spam: 1 },
    });
    const weights = parseSafetensors(fs.readFileSync(path.join(out, 'model.safetensors')));
    expect(weights.tensors.get('classifier.weight')?.shape).toEqual([2, 32]);
    expect(weights.tensors.has('bert.encoder.layer.1.output.LayerNorm.weight')).toBe(true);
    for (const f of ['tokenizer.json', 'tokenizer_config.json', 'vocab.txt', 'README.md']) expect(fs.existsSync(path.join(out, f)), f).toBe(true);
    const spec = JSON.parse(fs.readFileSync(path.join(out, 'job.json'), 'utf8'));
    expect(validateJobSpec(spec)).toEqual([]);
    expect(spec.hyperparameters).toMatchObject({ epochs: 1, batchSize: 32, learningRate: 1e-3, maxSequenceLength: 64 });
    const card = fs.readFileSync(path.join(out, 'README.md'), 'utf8');
    expect(card).toMatch(/spam/);
    // The card says where it was trained, and lists only the files written (no --all-formats: no ONNX, no tfjs).
    expect(card).toContain('fine-tuned with FineTune Studio on the command line (Node).');
    expect(card).not.toContain('in the browser');
    expect(card).not.toContain('onnx/');
    expect(fs.existsSync(path.join(out, 'onnx'))).toBe(false);

    // predict on 40 rows: the input columns, the prediction and a score per class that sum to 1
    const rows = Papa.parse<string[]>(fs.readFileSync(smsPath, 'utf8'), { skipEmptyLines: true }).data.slice(0, 41);
    const input = path.join(tmp, 'in.csv');
    fs.writeFileSync(input, Papa.unparse(rows));
    const preds = path.join(tmp, 'preds.csv');
    const p = await cli(['predict', '--model', out, '--data', input, '--text-column', 'text', '--out', preds]);
    expect(p.code, p.err).toBe(0);
    const table = Papa.parse<Record<string, string>>(fs.readFileSync(preds, 'utf8'), { header: true, skipEmptyLines: true });
    expect(table.meta.fields).toEqual(['text', 'label', 'prediction', 'score_ham', 'score_spam']);
    expect(table.data).toHaveLength(40);
    // No --preset: Auto saw a rare class (13 % spam) and tuned the decision threshold; predict applies it.
    const threshold = config.finetune_studio.thresholds.values.spam as number;
    for (const row of table.data) {
      expect(Number(row.score_ham) + Number(row.score_spam)).toBeCloseTo(1, 5);
      expect(row.prediction).toBe(Number(row.score_spam) >= threshold ? 'spam' : 'ham');
    }
    const correct = table.data.filter((row) => row.prediction === row.label).length;
    expect(correct).toBeGreaterThanOrEqual(36);
  });

  it('names the file and the column when a column is missing, every bad --spec field, and exits 1', CLI_TEST_OPTIONS, async () => {
    const r = await cli(['train', '--data', smsPath, '--text-column', 'message', '--label-column', 'label', '--model', tinyBert, '--out', path.join(tmp, 'x')]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/sms_spam\.csv has no column "message" \(--text-column\); its columns are: text, label/);
    const spec = path.join(tmp, 'bad-job.json');
    fs.writeFileSync(spec, JSON.stringify({ hyperparameters: { batchSize: 0, schedule: 'exponential' } }));
    const bad = await cli(['train', '--data', smsPath, '--text-column', 'text', '--label-column', 'label', '--model', tinyBert, '--out', path.join(tmp, 'y'), '--spec', spec]);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/invalid job spec:\n {2}hyperparameters\.batchSize: must be a whole number from 1 to 4096, got 0\n {2}hyperparameters\.schedule: must be linear, cosine or constant/);
    const u = await cli(['train', '--data', smsPath]);
    expect(u.code).toBe(1);
    expect(u.err).toMatch(/missing --out/);
  });

  it('file checkpoint store round-trips a record and lists it', async () => {
    const store = createFileCheckpointStore(path.join(tmp, 'ckpt'));
    const record = {
      format: 'ftstudio-checkpoint', version: 1, id: 'job/step-3', jobId: 'job', createdAt: 'now',
      spec: JSON.parse('{"hyperparameters":{"earlyStopping":{"metric":"loss"}}}'), modelConfig: { model_type: 'bert' },
      state: { globalStep: 3, epoch: 0 }, weights: { 'a.weight': { shape: [2, 2], data: Float32Array.from([1, 2, 3, 4]) } },
      optimizer: { step: 3, moments: { 'a.weight': { m: Float32Array.from([0.1, 0.2, 0.3, 0.4]), v: Float32Array.from([1, 1, 1, 2]) } } },
      history: { steps: [{ step: 1, loss: 0.5, lr: 0 }], evaluations: [] }, rng: { dropout: 7 },
    } as unknown as CheckpointRecord;
    await store.save(record);
    expect((await store.list('job')).map((s) => [s.id, s.step, s.bytes])).toEqual([['job/step-3', 3, 48]]);
    const back = await store.load('job/step-3');
    expect(back!.weights['a.weight']).toEqual(record.weights['a.weight']);
    expect(Array.from(back!.optimizer.moments['a.weight'].v)).toEqual([1, 1, 1, 2]);
    expect(back!.history).toEqual(record.history);
    await store.delete('job/step-3');
    expect(await store.list('job')).toEqual([]);
    expect(await store.load('job/step-3')).toBeNull();
  });
});
