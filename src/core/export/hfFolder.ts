/**
 * The exported model folder, in the layout Hugging Face transformers (Python), transformers.js and ONNX
 * Runtime load as is:
 *   config.json, model.safetensors, tokenizer.json, tokenizer_config.json, special_tokens_map.json, vocab.txt,
 *   README.md (model card), onnx/model.onnx, onnx/model_quantized.onnx, tfjs/model.json + shards.
 * Pure: returns path → bytes/text; the UI zips it, the CLI writes it to disk.
 */
import { writeSafetensors, type WritableTensor } from '../model/safetensors';
import type { JobSpec } from '../spec/jobSpec';
import type { TaskKind } from '../model/types';
import { buildHfConfig, usableLength } from './hfConfig';
import { buildModelCard, type TrainingSummary } from './modelCard';
import { buildOnnxModel, onnxSupports } from './onnx';
import { buildTfjsWeights } from './tfjsFormat';
import type { HfConfig, Thresholds, WeightMap } from './types';
import type { FolderFiles } from './zip';

export interface HfFolderInput {
  /** The base model's HF config.json (sizes, model_type); the head fields are rewritten. */
  config: HfConfig;
  weights: WeightMap;
  /** The base model's tokenizer files by name (tokenizer.json is required by transformers.js). */
  tokenizerFiles: Record<string, string | Uint8Array>;
  labelNames: string[];
  task: TaskKind;
  spec?: JobSpec;
  /** Metrics and best epoch, for the model card (named `metrics` in the issue). */
  metrics?: TrainingSummary;
  thresholds?: Thresholds;
  /** Which extra formats to include; all by default (ONNX only where the architecture is supported). */
  formats?: { onnx?: boolean; onnxQuantized?: boolean; tfjs?: boolean };
  /** ISO date for the model card. */
  date?: string;
}

const SPECIAL_TOKEN_KEYS = ['unk_token', 'sep_token', 'pad_token', 'cls_token', 'mask_token', 'bos_token', 'eos_token'];

/** special_tokens_map.json from tokenizer_config.json when the base model did not ship one. */
function specialTokensMap(tokenizerConfig: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of SPECIAL_TOKEN_KEYS) if (typeof tokenizerConfig[k] === 'string') out[k] = tokenizerConfig[k];
  return out;
}

function asText(v: string | Uint8Array): string {
  return typeof v === 'string' ? v : new TextDecoder().decode(v);
}

export function buildHfFolder(input: HfFolderInput): FolderFiles {
  const { config: base, weights, tokenizerFiles, labelNames, task, spec } = input;
  if (!tokenizerFiles['tokenizer.json']) {
    throw new Error('Export: the base model has no tokenizer.json (transformers.js needs it); vocab.txt alone is not enough.');
  }
  const maxLength = spec?.hyperparameters.maxSequenceLength;
  const config = buildHfConfig(base, task, labelNames, { base_model: spec?.model.id, thresholds: input.thresholds, max_length: maxLength });
  const files: FolderFiles = {};
  files['config.json'] = JSON.stringify(config, null, 2);

  const tensors: Record<string, WritableTensor> = {};
  for (const [name, t] of Object.entries(weights)) tensors[name] = { dtype: 'F32', shape: t.shape, data: t.data };
  files['model.safetensors'] = writeSafetensors(tensors, { format: 'pt' });

  for (const [name, content] of Object.entries(tokenizerFiles)) files[name] = content;
  const tokConfig = JSON.parse(asText(tokenizerFiles['tokenizer_config.json'] ?? '{}')) as Record<string, unknown>;
  // Other tools truncate to model_max_length: make it what the studio used (the training length, and
  // never more than the position table), so their predictions match ours on long texts.
  const caps = [tokConfig.model_max_length, usableLength(base), maxLength].filter((v): v is number => typeof v === 'number' && v > 0);
  if (caps.length) tokConfig.model_max_length = Math.min(...caps);
  files['tokenizer_config.json'] = JSON.stringify(tokConfig, null, 2);
  if (!tokenizerFiles['special_tokens_map.json']) files['special_tokens_map.json'] = JSON.stringify(specialTokensMap(tokConfig), null, 2);

  const formats = { onnx: true, onnxQuantized: true, tfjs: true, ...input.formats };
  const hasOnnx = onnxSupports(base.model_type) && formats.onnx;
  files['README.md'] = buildModelCard({
    modelType: base.model_type, task, labelNames: (config.id2label ? Object.values(config.id2label as Record<string, string>) : labelNames),
    spec, summary: input.metrics, thresholds: input.thresholds, date: input.date, hasOnnx,
  });

  if (onnxSupports(base.model_type)) {
    if (formats.onnx) files['onnx/model.onnx'] = buildOnnxModel(config, weights);
    if (formats.onnxQuantized) files['onnx/model_quantized.onnx'] = buildOnnxModel(config, weights, { quantize: true });
  }
  if (formats.tfjs) {
    for (const [name, content] of Object.entries(buildTfjsWeights(config, weights))) files[`tfjs/${name}`] = content;
  }
  return files;
}

/** Total bytes of a folder, for the models list and the download button. */
export function folderBytes(files: FolderFiles): number {
  let n = 0;
  for (const v of Object.values(files)) n += typeof v === 'string' ? new TextEncoder().encode(v).byteLength : v.byteLength;
  return n;
}
