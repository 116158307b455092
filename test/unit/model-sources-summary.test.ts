import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { assembleModelFiles } from '../../src/core/model/sources/assemble';
import { previewLoadReport, summarizeModel } from '../../src/core/model/sources/summary';
import { loadSequenceClassifier } from '../../src/core/model/load';
import { readBundledModel } from '../../src/cli/bundled';

function filesOf(dir: string) {
  const read = (f: string) => { const b = fs.readFileSync(path.join(dir, f)); return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength); };
  const names = ['config.json', 'model.safetensors', 'tokenizer.json', 'tokenizer_config.json'];
  return assembleModelFiles({ kind: 'local', name: path.basename(dir) }, new Map(names.map((f) => [f, read(f)])), dir);
}
const fixture = (name: string) => filesOf(path.resolve(__dirname, '../fixtures/hub/ftstudio-fixtures', name));
const bundled = () => filesOf(path.resolve(__dirname, '../../public/models/offline-glove'));

describe('summarizeModel', () => {
  it('reads the architecture, sizes and parameter count from config + header', () => {
    const s = summarizeModel(bundled());
    expect(s).toMatchObject({ modelType: 'glove-pool', supported: true, layers: 0, hidden: 100, vocab: 30522, parameters: 30522 * 100, dtypes: { F16: 1 } });
    expect(s.bytes).toBe(fs.statSync(path.resolve(__dirname, '../../public/models/offline-glove/model.safetensors')).size);
    const bert = summarizeModel(fixture('tiny-bert'));
    expect(bert).toMatchObject({ modelType: 'bert', architecture: 'BERT', layers: 2, vocab: 30522 });
    expect(summarizeModel(fixture('tiny-distilbert')).architecture).toBe('DistilBERT');
  });

  it('describes the bundled CNN: one convolution layer over the same 100-d vectors', async () => {
    const s = summarizeModel(await readBundledModel('offline-glove-cnn'));
    expect(s).toMatchObject({ modelType: 'glove-cnn', architecture: 'GloVe CNN', supported: true, layers: 1, hidden: 100, vocab: 30522, parameters: 30522 * 100 });
    expect(s.structure).toBe('1 convolution layer (filters 3, 4, 5 tokens wide × 100), no attention');
  });
});

describe('previewLoadReport', () => {
  // The preview (header only, no tensors) must say exactly what the engine's real load reports.
  for (const [name, get, numLabels] of [
    ['tiny-bert', () => fixture('tiny-bert'), 2],
    ['tiny-bert-classifier', () => fixture('tiny-bert-classifier'), undefined],
    ['tiny-bert-classifier with another label count', () => fixture('tiny-bert-classifier'), 5],
    ['tiny-distilbert', () => fixture('tiny-distilbert'), 3],
    ['offline-glove', bundled, 2],
    ['offline-glove-cnn', () => readBundledModel('offline-glove-cnn'), 4],
  ] as const) {
    it(`matches loadSequenceClassifier for ${name}`, async () => {
      await tf.setBackend('cpu');
      const files = await get();
      const preview = previewLoadReport(files, numLabels);
      const { model, report } = loadSequenceClassifier({ config: files.config, weights: files.weights, numLabels });
      model.dispose();
      expect(preview).toEqual(report);
      expect(preview.loaded.length).toBeGreaterThan(0);
    });
  }
});
