/**
 * AutoInputs from what a job has in hand before training: the model's config.json, the TrainingData and
 * the model's tokenizer. Tokenizing is the only cost: up to LENGTH_SAMPLE train texts, evenly spaced, so a
 * million-row dataset is measured in a second or two.
 */
import { SPLIT_CODE, type TrainingData } from '../data/types';
import { usableLength } from '../export/hfConfig';
import type { TextTokenizer } from '../model/tokenizer';
import type { TaskKind } from '../model/types';
import { modelLimitsFromConfig } from '../search/modelLimits';
import type { AutoInputs, AutoModelInfo } from './types';

/** Train texts tokenized for the length histogram at most. */
export const LENGTH_SAMPLE = 5000;
/** Tokenize far past any model's positions, so the histogram shows what the cut-off removes. */
const NO_TRUNCATION = 1 << 20;

export function autoModelInfo(config: Record<string, unknown>): AutoModelInfo {
  const num = (k: string) => (typeof config[k] === 'number' ? (config[k] as number) : undefined);
  return {
    modelType: String(config.model_type),
    numLayers: modelLimitsFromConfig(config).numLayers,
    hiddenSize: num('hidden_size') ?? num('dim') ?? num('embedding_size') ?? 768,
    maxPositions: usableLength(config),
  };
}

/** Train rows per class (single-label: its class; multi-label: every label it carries). */
export function trainLabelCounts(data: TrainingData): number[] {
  const k = data.labelNames.length;
  const counts = new Array<number>(k).fill(0);
  if (data.labelKind === 'regression') return [];
  for (let i = 0; i < data.split.length; i++) {
    if (data.split[i] !== SPLIT_CODE.train) continue;
    if (data.labelKind === 'single') counts[data.labels[i]]++;
    else for (let j = 0; j < k; j++) counts[j] += data.labels[i * k + j];
  }
  return counts;
}

/** Rows whose exact text (and pair) appeared in an earlier row. */
export function duplicateRowCount(data: TrainingData): number {
  const seen = new Set<string>();
  let dup = 0;
  data.texts.forEach((t, i) => {
    const key = data.pairs ? `${t}\u0000${data.pairs[i]}` : t;
    if (seen.has(key)) dup++;
    else seen.add(key);
  });
  return dup;
}

/** Up to `sample` evenly spaced train rows: the ones whose lengths are measured. */
function lengthSampleRows(data: TrainingData, sample: number): number[] {
  const train: number[] = [];
  for (let i = 0; i < data.split.length; i++) if (data.split[i] === SPLIT_CODE.train) train.push(i);
  const step = Math.max(1, train.length / sample);
  const rows: number[] = [];
  for (let x = 0; Math.floor(x) < train.length; x += step) rows.push(train[Math.floor(x)]);
  return rows;
}

/** Token counts (special tokens included) of up to `sample` evenly spaced train rows. */
export function trainTokenLengths(data: TrainingData, tokenizer: Pick<TextTokenizer, 'encodeBatch'>, sample = LENGTH_SAMPLE): Int32Array {
  const rows = lengthSampleRows(data, sample);
  const encoded = tokenizer.encodeBatch(rows.map((i) => data.texts[i]), data.pairs ? rows.map((i) => data.pairs![i]) : undefined, NO_TRUNCATION);
  return Int32Array.from(encoded, (e) => e.ids.length);
}

/**
 * The same counts, measured `sliceMs` at a time with `pause()` awaited between slices. On a page the
 * whole sample at once is one task of 0.1 s (5,000 SMS) to seconds (long texts) that freezes it.
 */
export async function trainTokenLengthsInSlices(
  data: TrainingData, tokenizer: Pick<TextTokenizer, 'encodeBatch'>, pause: () => Promise<void>,
  { sample = LENGTH_SAMPLE, sliceMs = 8 }: { sample?: number; sliceMs?: number } = {},
): Promise<Int32Array> {
  const rows = lengthSampleRows(data, sample);
  const lengths = new Int32Array(rows.length);
  let sliceStart = performance.now();
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    lengths[i] = tokenizer.encodeBatch([data.texts[r]], data.pairs ? [data.pairs[r]] : undefined, NO_TRUNCATION)[0].ids.length;
    if (performance.now() - sliceStart >= sliceMs && i + 1 < rows.length) {
      await pause();
      sliceStart = performance.now();
    }
  }
  return lengths;
}

/** AutoInputs from token lengths measured already (trainTokenLengths or trainTokenLengthsInSlices). */
export function autoInputsWith(o: { config: Record<string, unknown>; task: TaskKind; data: TrainingData; trainTokenLengths: Int32Array }): AutoInputs {
  const { data } = o;
  let trainRows = 0;
  for (const c of data.split) if (c === SPLIT_CODE.train) trainRows++;
  return {
    model: autoModelInfo(o.config), task: o.task, labelNames: data.labelNames,
    trainLabelCounts: trainLabelCounts(data), trainTokenLengths: o.trainTokenLengths,
    trainRows, duplicateRows: duplicateRowCount(data),
  };
}

export function autoInputsFrom(o: { config: Record<string, unknown>; task: TaskKind; data: TrainingData; tokenizer: Pick<TextTokenizer, 'encodeBatch'> }): AutoInputs {
  return autoInputsWith({ ...o, trainTokenLengths: trainTokenLengths(o.data, o.tokenizer) });
}
