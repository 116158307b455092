/**
 * The model card tells the truth: the best checkpoint's epoch as trained (a 2-epoch run never says "epoch 3"),
 * the Files section lists only the files the folder holds, it says where the model was trained, and a studio-only
 * architecture (the bundled GloVe model) does not claim transformers loads it.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildHfFolder } from '../../src/core/export/hfFolder';
import { loadableByTransformers } from '../../src/core/export/modelCard';
import { checkpointEpoch, createMemoryCheckpointStore } from '../../src/core/train/checkpoint';
import { createTrainerControl } from '../../src/core/train/control';
import { runTraining } from '../../src/core/train/trainer';
import { createRng } from '../../src/core/rng';
import type { NamedTensor } from '../../src/core/export/types';
import { tinyBert, tokenizerFiles } from './export-helpers';
import { syntheticData, tinyModel, tinySpec } from './train-helpers';

const NO_EXTRAS = { onnx: false, onnxQuantized: false, tfjs: false };

describe('the best checkpoint\'s epoch', () => {
  beforeAll(async () => { await tf.setBackend('cpu'); });

  it('is the epoch its step falls in: a 2-epoch run\'s checkpoints are in epochs 1 and 2, never 3', async () => {
    const { data, encoded } = syntheticData(60);
    const store = createMemoryCheckpointStore();
    const model = tinyModel();
    const spec = tinySpec({ epochs: 2, checkpoints: { strategy: 'epoch', everySteps: 100, keepLast: 5 } });
    const done = await runTraining({
      jobId: 'job', spec, data, encoded, model, store, control: createTrainerControl(), emit: () => {}, backend: { name: 'cpu', reason: 'test' }, throttleMs: 0,
    });
    model.dispose();
    const records = [...store.records.values()].sort((a, b) => a.state.globalStep - b.state.globalStep);
    const perEpoch = records[0].state.stepsPerEpoch;
    // 60 rows: 41 train, batch 8 → 6 steps per epoch; a checkpoint at the end of each epoch.
    expect(records.map((r) => r.state.globalStep)).toEqual([perEpoch, 2 * perEpoch]);
    expect(records.map((r) => checkpointEpoch(r.state))).toEqual([1, 2]);
    // What the Use stage wrote before: the epoch counter has already moved on at an epoch's end.
    expect(records.map((r) => r.state.epoch + 1)).toEqual([2, 3]);
    const best = store.records.get(done.bestCheckpointId!)!;
    expect(checkpointEpoch(best.state)).toBe(Math.ceil(best.state.globalStep / perEpoch));
    expect(checkpointEpoch(best.state)).toBeLessThanOrEqual(2);
  });

  it('counts a mid-epoch checkpoint in the epoch in progress', () => {
    expect(checkpointEpoch({ globalStep: 7, stepsPerEpoch: 6 })).toBe(2);
    expect(checkpointEpoch({ globalStep: 6, stepsPerEpoch: 6 })).toBe(1);
    expect(checkpointEpoch({ globalStep: 1, stepsPerEpoch: 6 })).toBe(1);
  });
});

describe('the card\'s Files section and origin', () => {
  const m = tinyBert(2);
  const folder = (formats: typeof NO_EXTRAS, trainedIn?: 'browser' | 'cli') => buildHfFolder({
    config: m.config, weights: m.weights, tokenizerFiles: tokenizerFiles(), labelNames: ['ham', 'spam'], task: 'single_label_classification',
    formats, metrics: trainedIn ? { trainedIn } : undefined,
  });

  it('lists ONNX and tfjs files only when they were written', () => {
    const bare = folder(NO_EXTRAS);
    expect(Object.keys(bare).filter((f) => f.startsWith('onnx/'))).toEqual([]);
    const card = bare['README.md'] as string;
    expect(card).not.toContain('onnx/');
    expect(card).not.toContain('tfjs/');
    expect(card).toContain('`model.safetensors`');

    const all = folder({ onnx: true, onnxQuantized: true, tfjs: true });
    const full = all['README.md'] as string;
    expect(Object.keys(all)).toEqual(expect.arrayContaining(['onnx/model.onnx', 'onnx/model_quantized.onnx', 'tfjs/model.json']));
    expect(full).toContain('`onnx/model.onnx` (float32)');
    expect(full).toContain('`onnx/model_quantized.onnx` (int8 weights)');
    expect(full).toContain('`tfjs/model.json`');

    const floatOnly = folder({ onnx: true, onnxQuantized: false, tfjs: false })['README.md'] as string;
    expect(floatOnly).toContain('`onnx/model.onnx`');
    expect(floatOnly).not.toContain('model_quantized');
  });

  it('says where it was trained: a CLI run is not "fine-tuned in the browser"', () => {
    const cli = folder(NO_EXTRAS, 'cli')['README.md'] as string;
    expect(cli).toContain('fine-tuned with FineTune Studio on the command line (Node).');
    expect(cli).not.toContain('in the browser');
    expect(folder(NO_EXTRAS, 'browser')['README.md']).toContain('fine-tuned with FineTune Studio in the browser.');
    expect(folder(NO_EXTRAS)['README.md']).toContain('fine-tuned with FineTune Studio.');
    expect(folder(NO_EXTRAS)['README.md']).toContain('library_name: transformers');
  });
});

describe('a studio-only architecture\'s card', () => {
  /** The bundled model's layout (glove-pool) with small random weights. */
  function glove() {
    const rng = createRng(5);
    const t = (shape: number[]): NamedTensor => ({ shape, data: Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.next() - 0.5) });
    const config = { model_type: 'glove-pool', vocab_size: 30522, embedding_size: 4, hidden_size: 3, pooling: 'mean-max', pad_token_id: 0 };
    const weights = {
      'embeddings.word_embeddings.weight': t([30522, 4]), 'pre_classifier.weight': t([3, 8]), 'pre_classifier.bias': t([3]),
      'classifier.weight': t([4, 3]), 'classifier.bias': t([4]),
    };
    return { config, weights };
  }

  it('names what loads it instead of library_name: transformers', () => {
    expect(loadableByTransformers('glove-pool')).toBe(false);
    expect(loadableByTransformers('bert')).toBe(true);
    const g = glove();
    const files = buildHfFolder({
      config: g.config, weights: g.weights, tokenizerFiles: tokenizerFiles(), labelNames: ['world', 'sports', 'business', 'sci/tech'],
      task: 'single_label_classification', formats: { onnx: true, onnxQuantized: true, tfjs: false },
    });
    const card = files['README.md'] as string;
    const front = card.slice(0, card.indexOf('\n---', 4));
    expect(front).not.toContain('library_name');
    expect(card).not.toContain('Hugging Face transformers (PyTorch) layout');
    expect(card).toContain('FineTune Studio architecture that Hugging Face transformers and transformers.js cannot load');
    expect(card).toContain('"Import a model"');
    expect(card).toContain('npx finetune-studio predict --model <folder>');
    expect(card).not.toContain('onnx/'); // no ONNX exporter for glove-pool: nothing written, nothing listed
    expect(JSON.parse(files['config.json'] as string).architectures).toEqual(['GlovePoolForSequenceClassification']);
  });
});

describe('a confidence cut-off in the card', () => {
  it('is explained instead of a thresholds table', () => {
    const m = tinyBert(4);
    const files = buildHfFolder({
      config: m.config, weights: m.weights, tokenizerFiles: tokenizerFiles(), labelNames: ['world', 'sports', 'business', 'tech'],
      task: 'single_label_classification', formats: NO_EXTRAS, thresholds: { metric: 'confidence cut-off', values: {}, minConfidence: 0.55 },
    });
    const card = files['README.md'] as string;
    expect(card).toContain('## Confidence cut-off');
    expect(card).toContain('below 0.55 the outcome is "uncertain"');
    expect(card).not.toContain('| label | threshold |');
    expect(JSON.parse(files['config.json'] as string).finetune_studio.thresholds.minConfidence).toBe(0.55);
  });
});
