/**
 * Import back: a folder we exported, or any Hugging Face *ForSequenceClassification folder of a supported
 * architecture, as plain data ready for the predictor, the models list and further training.
 * The caller gathers the files (a dropped folder, a zip, a directory handle); this checks and parses them.
 */
import { parseSafetensors } from '../model/safetensors';
import { supportedModelTypes } from '../model/registry';
import { pytorchBinOnlyMessage } from '../model/load';
import type { TaskKind } from '../model/types';
import { labelNamesOfConfig, readStudioBlock, taskOfConfig, usableLength } from './hfConfig';
import type { HfConfig, NamedTensor, Thresholds } from './types';
import type { FolderFiles } from './zip';
import type { TokenizerFiles } from '../predict/predictor';

export interface ImportedModel {
  config: HfConfig;
  weights: Record<string, NamedTensor>;
  tokenizer: TokenizerFiles;
  task: TaskKind;
  labelNames: string[];
  thresholds?: Thresholds;
  baseModel?: string;
  maxLength: number;
}

const EXTRA_TEXT_FILES = ['vocab.txt', 'special_tokens_map.json', 'merges.txt', 'vocab.json'];

function text(files: FolderFiles, name: string): string | undefined {
  const v = files[name];
  if (v === undefined) return undefined;
  return typeof v === 'string' ? v : new TextDecoder().decode(v);
}

function json(files: FolderFiles, name: string, folder: string): Record<string, unknown> {
  const t = text(files, name);
  if (t === undefined) throw new Error(`${folder}: ${name} is missing.`);
  try {
    return JSON.parse(t) as Record<string, unknown>;
  } catch (e) {
    throw new Error(`${folder}: ${name} is not valid JSON (${(e as Error).message}).`, { cause: e });
  }
}

/** Strips one leading folder shared by every path (a dropped folder or a zip with a root directory). */
export function stripCommonRoot(files: FolderFiles): FolderFiles {
  const paths = Object.keys(files);
  const first = paths[0]?.split('/')[0];
  if (!first || paths.some((p) => !p.startsWith(`${first}/`))) return files;
  return Object.fromEntries(paths.map((p) => [p.slice(first.length + 1), files[p]]));
}

export function importModelFolder(input: FolderFiles, folder = 'the model folder'): ImportedModel {
  const files = input['config.json'] === undefined ? stripCommonRoot(input) : input;
  const config = json(files, 'config.json', folder);
  if (typeof config.model_type !== 'string' || !supportedModelTypes().includes(config.model_type)) {
    throw new Error(`${folder}: config.json model_type ${JSON.stringify(config.model_type)} is not supported (supported: ${supportedModelTypes().join(', ')}).`);
  }
  const archs = config.architectures;
  if (Array.isArray(archs) && archs.length > 0 && !archs.some((a) => String(a).endsWith('ForSequenceClassification'))) {
    throw new Error(`${folder}: config.json says ${archs.join(', ')}, not a *ForSequenceClassification model; fine-tune it in the studio first.`);
  }
  const st = files['model.safetensors'];
  if (!(st instanceof Uint8Array)) {
    if (files['pytorch_model.bin']) throw new Error(pytorchBinOnlyMessage(folder));
    throw new Error(`${folder}: model.safetensors is missing.`);
  }
  const parsed = parseSafetensors(st);
  const weights: Record<string, NamedTensor> = {};
  for (const [name, t] of parsed.tensors) if (t.data) weights[name] = { shape: t.shape, data: t.data };
  const tokenizerJson = json(files, 'tokenizer.json', folder);
  const tokenizerConfig = files['tokenizer_config.json'] === undefined ? {} : json(files, 'tokenizer_config.json', folder);
  const extraFiles: Record<string, string> = {};
  for (const f of EXTRA_TEXT_FILES) { const t = text(files, f); if (t !== undefined) extraFiles[f] = t; }
  const studio = readStudioBlock(config);
  const positions = usableLength(config);
  const tokMax = (tokenizerConfig as { model_max_length?: unknown }).model_max_length;
  const maxLength = Math.min(positions, studio?.max_length ?? (typeof tokMax === 'number' ? tokMax : 512));
  return {
    config: config as HfConfig,
    weights,
    tokenizer: { tokenizerJson, tokenizerConfig, extraFiles },
    task: taskOfConfig(config),
    labelNames: labelNamesOfConfig(config),
    thresholds: studio?.thresholds,
    baseModel: studio?.base_model ?? (typeof config._name_or_path === 'string' ? config._name_or_path : undefined),
    maxLength,
  };
}
