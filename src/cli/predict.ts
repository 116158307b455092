/**
 * `finetune-studio predict`: a trained model folder + CSV → the CSV with `prediction` and one
 * `score_<label>` column per class (softmax for single-label, sigmoid for multi-label), written by the same
 * core function as the studio's download, with the thresholds tuned in the studio applied.
 */
import { predictionsCsv, predictRow, probabilities } from '../core/predict/batch';
import { readStudioBlock } from '../core/export/hfConfig';
import { loadSequenceClassifier } from '../core/model/load';
import { createTokenizer } from '../core/model/tokenizer';
import { predictLogits } from '../core/train/evaluate';
import { numberFlag, requireFlag, threadsFlag, type CliFlags } from './args';
import { startNodeBackend } from './backend';
import { assertWritable, writeFileAtomically } from './diskWrite';
import { readCsvFile, readModelFolder } from './files';

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
  const thresholds = studio?.thresholds;
  const thresholdNote = thresholds ? `; decision thresholds tuned on validation: ${Object.entries(thresholds.values).map(([l, t]) => `${l} ≥ ${t.toFixed(4)}`).join(', ')}` : '';
  log(`predicting ${table.rows.length} rows with ${modelDir} on ${backend.name} (${backend.reason}; max length ${maxLength}${thresholdNote})`);

  const texts = table.rows.map((r) => r[col] ?? '');
  const pairs = pairCol >= 0 ? table.rows.map((r) => r[pairCol] ?? '') : undefined;
  const encoded = tokenizer.encodeBatch(texts, pairs, maxLength);
  const rows = Int32Array.from({ length: texts.length }, (_, i) => i);
  const logits = await predictLogits(model, encoded, rows, { batchSize: numberFlag(flags, 'batch-size') ?? 64, maxLength });
  const k = model.task === 'regression' ? 1 : model.labels.length;
  // The same rows and columns as the studio's download (thresholds tuned in the studio apply here too).
  const probs = probabilities(logits, k, model.task);
  const predictions = table.rows.map((_, i) => predictRow(probs.subarray(i * k, i * k + k), model.task, model.labels, studio?.thresholds));
  await writeFileAtomically(outPath, predictionsCsv(table.columns, table.rows, predictions, model.task, model.labels, studio?.thresholds),
    `the predictions (${outPath})`, 'Nothing was written; free some space and run again.');
  log(`wrote ${predictions.length} predictions to ${outPath}`);
  model.dispose();
  return 0;
}
