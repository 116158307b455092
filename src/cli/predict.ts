/**
 * `finetune-studio predict`: a trained model folder + CSV → the CSV with `prediction` and one
 * `score_<label>` column per class (softmax for single-label, sigmoid for multi-label).
 */
import fs from 'node:fs/promises';
import { writeCsv } from '../core/data/csv';
import { readStudioBlock } from '../core/export/hfConfig';
import { loadSequenceClassifier } from '../core/model/load';
import { createTokenizer } from '../core/model/tokenizer';
import { applyThresholds } from '../core/predict/thresholds';
import { predictLogits } from '../core/train/evaluate';
import { numberFlag, requireFlag, threadsFlag, type CliFlags } from './args';
import { startNodeBackend } from './backend';
import { readCsvFile, readModelFolder } from './files';

function softmaxRow(logits: Float32Array, row: number, k: number): number[] {
  const xs = Array.from(logits.subarray(row * k, row * k + k));
  const max = Math.max(...xs);
  const e = xs.map((x) => Math.exp(x - max));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / s);
}

export async function predictCommand(flags: CliFlags, log: (line: string) => void): Promise<number> {
  const modelDir = requireFlag(flags, 'model');
  const dataPath = requireFlag(flags, 'data');
  const textColumn = requireFlag(flags, 'text-column');
  const outPath = requireFlag(flags, 'out');
  const files = await readModelFolder(modelDir);
  const table = await readCsvFile(dataPath);
  const col = table.columns.indexOf(textColumn);
  if (col < 0) throw new Error(`${table.fileName} has no column "${textColumn}" (--text-column); its columns are: ${table.columns.join(', ')}`);
  const pairColumn = flags['text-pair-column'];
  const pairCol = pairColumn ? table.columns.indexOf(pairColumn) : -1;
  if (pairColumn && pairCol < 0) throw new Error(`${table.fileName} has no column "${pairColumn}" (--text-pair-column)`);

  const backend = await startNodeBackend(flags.backend, threadsFlag(flags));
  const { model } = loadSequenceClassifier({ config: files.config, weights: files.weights });
  const tokenizer = await createTokenizer(files);
  const studio = readStudioBlock(files.config);
  const tokMax = (files.tokenizerConfig as { model_max_length?: number }).model_max_length;
  const maxLength = Math.min(studio?.max_length ?? tokMax ?? 128, model.maxLength);
  const thresholds = studio?.thresholds;
  const thresholdNote = thresholds ? `; decision thresholds tuned on validation: ${Object.entries(thresholds.values).map(([l, t]) => `${l} ≥ ${t.toFixed(4)}`).join(', ')}` : '';
  log(`predicting ${table.rows.length} rows with ${modelDir} on ${backend.name} (${backend.reason}; max length ${maxLength}${thresholdNote})`);

  const texts = table.rows.map((r) => r[col] ?? '');
  const pairs = pairCol >= 0 ? table.rows.map((r) => r[pairCol] ?? '') : undefined;
  const encoded = tokenizer.encodeBatch(texts, pairs, maxLength);
  const rows = Int32Array.from({ length: texts.length }, (_, i) => i);
  const logits = await predictLogits(model, encoded, rows, { batchSize: numberFlag(flags, 'batch-size') ?? 64, maxLength });
  const k = model.labels.length;
  const extraColumns = model.task === 'regression' ? ['prediction'] : ['prediction', ...model.labels.map((l) => `score_${l}`)];
  const outRows = table.rows.map((r, i) => {
    if (model.task === 'regression') return [...r, String(logits[i])];
    const scores = model.task === 'single_label_classification'
      ? softmaxRow(logits, i, k)
      : Array.from(logits.subarray(i * k, i * k + k), (x) => 1 / (1 + Math.exp(-x)));
    // The studio's rule (argmax, or a tuned threshold for binary; per-label thresholds for multi-label).
    const prediction = applyThresholds(scores, model.task, model.labels, thresholds).map((j) => model.labels[j]).join(';');
    return [...r, prediction, ...scores.map((s) => s.toFixed(6))];
  });
  await fs.writeFile(outPath, writeCsv([...table.columns, ...extraColumns], outRows, { neutraliseFormulas: true }));
  log(`wrote ${outRows.length} predictions to ${outPath}`);
  model.dispose();
  return 0;
}
