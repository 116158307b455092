/**
 * The studio's side of "does Python transformers load our exported folder and agree with us?": for each
 * exported model folder, the studio's own token ids and class probabilities (tokenizer + engine on wasm,
 * exactly as `finetune-studio predict` computes them, in full float32) for a list of texts, written as
 * <folder>/studio.json. bench/gpu/hf_check.py loads the folder with AutoModelForSequenceClassification and
 * AutoTokenizer and compares. Run by bench/gpu/build-kit.mjs.
 *
 * Usage: npx tsx bench/gpu/hf-check-data.ts <texts.json> <folder>...
 */
import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { readStudioBlock } from '../../src/core/export/hfConfig';
import { loadSequenceClassifier } from '../../src/core/model/load';
import { createTokenizer } from '../../src/core/model/tokenizer';
import { predictLogits } from '../../src/core/train/evaluate';
import { setupBackend } from '../../src/core/model/backends';
import { readModelFolder } from '../../src/cli/files';

function softmax(row: Float32Array): number[] {
  const max = Math.max(...row);
  const e = Array.from(row, (x) => Math.exp(x - max));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / s);
}

async function studioPredictions(dir: string, texts: string[]) {
  const files = await readModelFolder(dir);
  const { model } = loadSequenceClassifier({ config: files.config, weights: files.weights });
  try {
    if (model.task !== 'single_label_classification') throw new Error(`${dir}: only single-label folders are checked`);
    const tokenizer = await createTokenizer(files);
    const maxLength = Math.min(readStudioBlock(files.config)?.max_length ?? 128, model.maxLength);
    const encoded = tokenizer.encodeBatch(texts, undefined, maxLength);
    const logits = await predictLogits(model, encoded, Int32Array.from(texts, (_, i) => i), { batchSize: 16, maxLength });
    const k = model.labels.length;
    const width = Math.max(...encoded.map((e) => e.ids.length));
    const pad = (xs: Int32Array | undefined, value: number) => Array.from({ length: width }, (_, j) => (xs && j < xs.length ? xs[j] : value));
    return {
      model_type: model.config.model_type, labels: model.labels, max_length: maxLength, texts,
      input_ids: encoded.map((e) => pad(e.ids, model.padTokenId)),
      attention_mask: encoded.map((e) => pad(new Int32Array(e.ids.length).fill(1), 0)),
      token_type_ids: encoded.map((e) => pad(e.typeIds, 0)),
      probabilities: texts.map((_, i) => softmax(logits.subarray(i * k, i * k + k))),
    };
  } finally {
    model.dispose();
  }
}

const [textsFile, ...folders] = process.argv.slice(2);
const texts = JSON.parse(fs.readFileSync(textsFile, 'utf8')) as string[];
await setupBackend('wasm');
for (const dir of folders) {
  const out = await studioPredictions(dir, texts);
  fs.writeFileSync(path.join(dir, 'studio.json'), JSON.stringify(out));
  console.log(`${dir}: ${texts.length} texts, ${out.labels.length} classes, max length ${out.max_length}, backend ${tf.getBackend()}`);
}
