/**
 * The trained-model record: what the studio keeps of a model once training ends (or a folder is imported),
 * enough to predict, export every format, and continue training. Plain data (Float32Arrays inside), so it
 * goes into IndexedDB and across postMessage as is. The UI stores it with saveTrainedModel
 * (src/storage/modelsStore.ts); the CLI can write it straight out with buildHfFolder.
 */
import type { JobSpec } from '../spec/jobSpec';
import type { TaskKind } from '../model/types';
import type { CheckpointRecord } from '../train/checkpoint';
import type { TrainingSummary } from './modelCard';
import type { HfConfig, NamedTensor, Thresholds } from './types';
import type { TokenizerFiles } from '../predict/predictor';
import type { ImportedModel } from './importFolder';
import type { HfFolderInput } from './hfFolder';

export interface TrainedModelRecord {
  /** Unique id (the job id for a trained model, `import-…` for an imported one). */
  id: string;
  /** For people: the job name or the imported folder's name. */
  name: string;
  /** ISO time it was saved. */
  createdAt: string;
  origin: 'trained' | 'imported';
  /** The base checkpoint, e.g. 'google/bert_uncased_L-2_H-128_A-2' (unknown for some imports). */
  baseModel: string;
  /** The dataset's name (trained models). */
  datasetName?: string;
  /** The classifier's HF config.json (model_type, sizes, id2label …). */
  config: HfConfig;
  weights: Record<string, NamedTensor>;
  tokenizer: TokenizerFiles;
  task: TaskKind;
  labelNames: string[];
  /** The training sequence length: predictions truncate to it. */
  maxLength: number;
  spec?: JobSpec;
  /** Validation/test metrics and best epoch, for the list and the model card. */
  metrics?: TrainingSummary;
  thresholds?: Thresholds;
}

/** What the models list shows, without the weights. */
export type TrainedModelSummary = Omit<TrainedModelRecord, 'weights' | 'tokenizer'> & { bytes: number };

export function weightBytes(weights: Record<string, NamedTensor>): number {
  return Object.values(weights).reduce((n, t) => n + t.data.byteLength, 0);
}

export function summarizeTrainedModel(r: TrainedModelRecord): TrainedModelSummary {
  const { weights, tokenizer, ...rest } = r;
  const tokBytes = JSON.stringify(tokenizer.tokenizerJson).length + Object.values(tokenizer.extraFiles).reduce((n, t) => n + t.length, 0);
  return { ...rest, bytes: weightBytes(weights) + tokBytes };
}

/** A record from the best (or last) checkpoint of a finished job — what train-ui saves. */
export function trainedModelFromCheckpoint(cp: CheckpointRecord, tokenizer: TokenizerFiles, extra: { metrics?: TrainingSummary; thresholds?: Thresholds } = {}): TrainedModelRecord {
  const spec = cp.spec;
  return {
    id: cp.jobId,
    name: spec.name,
    createdAt: new Date().toISOString(),
    origin: 'trained',
    baseModel: spec.model.id,
    datasetName: spec.dataset.name,
    config: cp.modelConfig as HfConfig,
    weights: cp.weights,
    tokenizer,
    task: spec.task.kind,
    labelNames: spec.task.labelNames,
    maxLength: spec.hyperparameters.maxSequenceLength,
    spec,
    metrics: extra.metrics,
    thresholds: extra.thresholds,
  };
}

export function trainedModelFromImport(m: ImportedModel, name: string): TrainedModelRecord {
  return {
    id: `import-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`,
    name, createdAt: new Date().toISOString(), origin: 'imported', baseModel: m.baseModel ?? 'unknown',
    config: m.config, weights: m.weights, tokenizer: m.tokenizer, task: m.task, labelNames: m.labelNames,
    maxLength: m.maxLength, thresholds: m.thresholds,
  };
}

/** The tokenizer files as they are written into the folder. */
export function tokenizerFolderFiles(t: TokenizerFiles): Record<string, string> {
  return { 'tokenizer.json': JSON.stringify(t.tokenizerJson), 'tokenizer_config.json': JSON.stringify(t.tokenizerConfig, null, 2), ...t.extraFiles };
}

/** Everything buildHfFolder needs from a record. */
export function folderInputOf(r: TrainedModelRecord, formats?: HfFolderInput['formats']): HfFolderInput {
  return {
    config: r.config, weights: r.weights, tokenizerFiles: tokenizerFolderFiles(r.tokenizer), labelNames: r.labelNames, task: r.task,
    spec: r.spec, metrics: r.metrics, thresholds: r.thresholds, formats, date: r.createdAt.slice(0, 10),
  };
}
