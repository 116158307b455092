/**
 * `finetune-studio predict`: a trained model folder + CSV → the CSV with `prediction` and one
 * `score_<label>` column per class (softmax for single-label, sigmoid for multi-label).
 */
import { writeCsv } from '../core/data/csv';
import { readStudioBlock } from '../core/export/hfConfig';
import { loadSequenceClassifier } from '../core/model/load';
import { createTokenizer } from '../core/model/tokenizer';
import { predictLogits } from '../core/train/evaluate';
import { numberFlag, requireFlag, threadsFlag, type CliFlags } from './args';
import { startNodeBackend } from './backend';
import { assertWritable, writeFileAtomically } from './diskWrite';
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
  // Before any work: a missing folder for --out is found now, not after predicting every row.
  await assertWritable(outPath, { flag: '--out', isFile: true });
  const files = await readModelFolder(modelDir);
  const table = await readCsvFile(dataPath);
  const col = table.columns.indexOf(textColumn);
  if (col < 0) throw new Error(`${table.fileName} has no column "${textColumn}" (--text-column); its columns are: ${table.columns.join(', ')}`);
  const pairColumn = flags['text-pair-column'];
  const pairCol = pairColumn ? table.columns.indexOf(pairColumn) : -1;
  if (pairColumn && pairCol < 0) throw new Error(`${table.fileName} has no column "${pairColumn}" (--text-pair-column)`);

  const backend = await startNodeBackend(flags.backend, threadsFlag(flags));
  const { model, report } = loadSequenceClassifier({ config: files.config, weights: files.weights });
  if (report.initialised.length > 0) {
    const what = `${modelDir} has no trained classification head (${report.initialised.join(', ')} ${report.initialised.length > 1 ? 'are' : 'is'} not in its model.safetensors): ` +
      `its predictions would come from random weights, with the labels ${model.labels.join(', ')}`;
    if (!flags.force) {
      model.dispose();
      throw new Error(`${what}. Train it first (finetune-studio train --model ${modelDir} …) and predict with the folder train writes; --force predicts anyway.`);
    }
    log(`warning (--force): ${what}.`);
  }
  const tokenizer = await createTokenizer(files);
  const studio = readStudioBlock(files.config);
  const tokMax = (files.tokenizerConfig as { model_max_length?: number }).model_max_length;
  const maxLength = Math.min(studio?.max_length ?? tokMax ?? 128, model.maxLength);
  log(`predicting ${table.rows.length} rows with ${modelDir} on ${backend.name} (${backend.reason}; max length ${maxLength})`);

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
    const prediction = model.task === 'single_label_classification'
      ? model.labels[scores.indexOf(Math.max(...scores))]
      : model.labels.filter((_, j) => scores[j] >= 0.5).join(';');
    return [...r, prediction, ...scores.map((s) => s.toFixed(6))];
  });
  await writeFileAtomically(outPath, writeCsv([...table.columns, ...extraColumns], outRows, { neutraliseFormulas: true }),
    `the predictions (${outPath})`, 'Nothing was written; free some space and run again.');
  log(`wrote ${outRows.length} predictions to ${outPath}`);
  model.dispose();
  return 0;
}
