/**
 * Export after real fine-tuning: the tiny BERT fixture is trained for a few steps on SMS texts with the
 * studio's trainer (tfjs wasm), its best checkpoint becomes a trained-model record, and the exported folder
 * gives the studio's probabilities in onnxruntime-node and the PyTorch reference within 1e-4.
 */
import { beforeAll, describe, expect, it, afterAll } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { setupBackend } from '../../src/core/model/backends';
import { loadSequenceClassifier } from '../../src/core/model/load';
import { createTokenizer } from '../../src/core/model/tokenizer';
import { runTraining } from '../../src/core/train/trainer';
import { createTrainerControl } from '../../src/core/train/control';
import { createMemoryCheckpointStore } from '../../src/core/train/checkpoint';
import { JOB_SPEC_VERSION, NO_LIMITS, presetHyperparameters, type JobSpec } from '../../src/core/spec/jobSpec';
import type { TrainingData } from '../../src/core/data/types';
import type { DoneEvent, EvaluationEvent } from '../../src/core/train/events';
import { buildHfFolder } from '../../src/core/export/hfFolder';
import { folderInputOf, trainedModelFromCheckpoint, type TrainedModelRecord } from '../../src/core/export/trainedModel';
import { createPredictor } from '../../src/core/predict/predictor';
import { probabilities } from '../../src/core/predict/batch';
import { smsPath } from './data-fixtures';
import { maxAbsDiff, root, writeFolder, removeFolders } from './export-helpers';
import { ortLogits, torchLogits, type EncodedIds } from './export-runners';
import { PYTORCH_TAG } from './pytorch';

afterAll(removeFolders);

const fixture = path.join(root, 'test/fixtures/hub/ftstudio-fixtures/tiny-bert-classifier');
const read = (f: string) => fs.readFileSync(path.join(fixture, f), 'utf8');

function smsRows(n: number): { texts: string[]; labels: number[] } {
  const parsed = fs.readFileSync(smsPath, 'utf8').split('\n').slice(1, n + 1)
    .map((l) => /^(.*),(ham|spam)\s*$/.exec(l)!).map((m) => ({ text: m[1].replace(/^"|"$/g, ''), label: m[2] === 'spam' ? 1 : 0 }));
  return { texts: parsed.map((p) => p.text), labels: parsed.map((p) => p.label) };
}

describe('export of a fine-tuned model', () => {
  let record: TrainedModelRecord;
  let folder = '';
  let done: DoneEvent;
  let changed = 0;
  const { texts, labels } = smsRows(60);

  beforeAll(async () => {
    // wasm: the cpu backend's gradient of the 30k-row embedding lookup takes over a minute per step.
    await setupBackend('wasm');
    const tokenizerFiles = { tokenizerJson: JSON.parse(read('tokenizer.json')), tokenizerConfig: JSON.parse(read('tokenizer_config.json')), extraFiles: { 'vocab.txt': read('vocab.txt') } };
    const config = JSON.parse(read('config.json'));
    const base = new Uint8Array(fs.readFileSync(path.join(fixture, 'model.safetensors')));
    const { model } = loadSequenceClassifier({ config, weights: base, labels: ['ham', 'spam'], task: 'single_label_classification' });
    const before = await model.weights.get('bert.encoder.layer.0.attention.self.query.weight')!.data();
    const tokenizer = await createTokenizer(tokenizerFiles);
    const data: TrainingData = {
      labelKind: 'single', labelNames: ['ham', 'spam'], texts, labels: Float32Array.from(labels),
      split: Uint8Array.from(texts.map((_, i) => (i % 5 === 4 ? 1 : 0))), rowNumbers: Int32Array.from(texts.map((_, i) => i + 1)),
    };
    const spec: JobSpec = {
      version: JOB_SPEC_VERSION, name: 'sms few steps',
      dataset: { id: 'sms', name: 'sms_spam.csv', textColumn: 'text', labelColumn: 'label', labelKind: 'single', splitCounts: { train: 48, validation: 12, test: 0 }, splitMethod: 'every 5th row validation', limits: NO_LIMITS },
      model: { source: 'local', id: 'tiny-bert-classifier' },
      task: { kind: 'single_label_classification', labelNames: ['ham', 'spam'] },
      hyperparameters: { ...presetHyperparameters('standard'), epochs: 1, batchSize: 8, learningRate: 5e-3, maxSequenceLength: 48, warmup: { mode: 'ratio', value: 0 } },
    };
    const store = createMemoryCheckpointStore();
    const events: (DoneEvent | EvaluationEvent)[] = [];
    done = await runTraining({
      jobId: 'job-1', spec, data, model, encoded: tokenizer.encodeBatch(texts, undefined, 48), store, control: createTrainerControl(),
      emit: (e) => { if (e.type === 'evaluation' || e.type === 'done') events.push(e); }, backend: { name: 'cpu', reason: 'test' }, throttleMs: 0,
    });
    const cp = await store.load(done.bestCheckpointId!);
    const after = cp!.weights['bert.encoder.layer.0.attention.self.query.weight'].data;
    changed = maxAbsDiff(before, after);
    const validation = events.find((e): e is EvaluationEvent => e.type === 'evaluation')?.metrics;
    record = trainedModelFromCheckpoint(cp!, tokenizerFiles, { metrics: { validation, bestStep: cp!.state.globalStep, bestEpoch: 1 } });
    folder = writeFolder(buildHfFolder(folderInputOf(record)));
    model.dispose();
  });

  it('trained for real and exported the trained weights with a model card', () => {
    expect(done.reason).toBe('completed');
    expect(done.step).toBe(6);
    expect(changed).toBeGreaterThan(1e-4);
    const card = fs.readFileSync(path.join(folder, 'README.md'), 'utf8');
    expect(card).toContain('## Validation results');
    expect(card).toContain('| examples | 12 |');
    expect(JSON.parse(fs.readFileSync(path.join(folder, 'config.json'), 'utf8')).finetune_studio.max_length).toBe(48);
  });

  /** The studio's own predictions on the texts, and the padded ids it tokenized them to. */
  async function studioPredictions(): Promise<{ studio: { logits: Float32Array; probs: Float32Array }; ids: EncodedIds }> {
    const predictor = await createPredictor(record);
    const studio = await predictor.predict(texts);
    predictor.dispose();
    const tok = await createTokenizer(record.tokenizer);
    const enc = tok.encodeBatch(texts, undefined, 48);
    const len = Math.max(...enc.map((e) => e.ids.length));
    const pad = (a: ArrayLike<number>, v = 0) => [...Array.from(a), ...new Array<number>(len - a.length).fill(v)];
    return { studio, ids: { input_ids: enc.map((e) => pad(e.ids)), attention_mask: enc.map((e) => pad(new Array<number>(e.ids.length).fill(1))), token_type_ids: enc.map((e) => pad(e.typeIds)) } };
  }

  it('ONNX Runtime gives the studio probabilities within 1e-4', async () => {
    const { studio, ids } = await studioPredictions();
    const ortProbs = probabilities(await ortLogits(path.join(folder, 'onnx/model.onnx'), ids, true), 2, 'single_label_classification');
    console.log(`fine-tuned: ORT vs studio max |Δprob| ${maxAbsDiff(ortProbs, studio.probs).toExponential(2)}`);
    expect(maxAbsDiff(ortProbs, studio.probs)).toBeLessThan(1e-4);
  });

  it('the PyTorch reference gives the studio logits within 1e-4', { tags: [PYTORCH_TAG] }, async () => {
    const { studio, ids } = await studioPredictions();
    const d = maxAbsDiff(torchLogits(folder, ids), studio.logits);
    console.log(`fine-tuned: PyTorch vs studio max |Δlogit| ${d.toExponential(2)}`);
    expect(d).toBeLessThan(1e-4);
  });
});
