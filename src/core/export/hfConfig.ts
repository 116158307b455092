/**
 * config.json for an exported *ForSequenceClassification model: the base model's fields, plus what
 * transformers (Python) and transformers.js read back — architectures, id2label/label2id, problem_type —
 * and our own `finetune_studio` block (thresholds, base model), which HF keeps as an extra attribute.
 */
import type { TaskKind } from '../model/types';
import type { HfConfig, Thresholds } from './types';

const ARCHITECTURE_CLASS: Record<string, string> = {
  bert: 'BertForSequenceClassification',
  distilbert: 'DistilBertForSequenceClassification',
  roberta: 'RobertaForSequenceClassification',
  electra: 'ElectraForSequenceClassification',
  albert: 'AlbertForSequenceClassification',
  deberta: 'DebertaForSequenceClassification',
  'deberta-v2': 'DebertaV2ForSequenceClassification',
  xlm_roberta: 'XLMRobertaForSequenceClassification',
  // The studio's own offline models (not transformers classes; the studio re-imports them).
  'glove-pool': 'GlovePoolForSequenceClassification',
  'glove-cnn': 'GloveCnnForSequenceClassification',
};

/** Fields of the base checkpoint that describe its old head or its origin, not the exported model. */
const STALE_FIELDS = ['architectures', 'id2label', 'label2id', 'problem_type', 'num_labels', '_name_or_path', 'finetuning_task', 'finetune_studio'];

export interface StudioConfigBlock {
  /** The base checkpoint's name, e.g. 'google/bert_uncased_L-2_H-128_A-2'. */
  base_model?: string;
  task: TaskKind;
  thresholds?: Thresholds;
  /** Sequence length the model was trained with (the tokenizer's truncation length at inference). */
  max_length?: number;
}

/** The transformers class name; for a type we do not know, the base config's own classifier class if it names one. */
export function architectureClass(modelType: string, base: Record<string, unknown> = {}): string {
  const known = ARCHITECTURE_CLASS[modelType];
  if (known) return known;
  const own = Array.isArray(base.architectures) ? base.architectures.find((a) => String(a).endsWith('ForSequenceClassification')) : undefined;
  if (own) return String(own);
  throw new Error(`Export: no *ForSequenceClassification class known for model_type "${modelType}".`);
}

/** Label names for config.json: the given ones, or LABEL_0 for regression (HF's default). */
export function exportLabelNames(task: TaskKind, labelNames: string[]): string[] {
  if (task === 'regression') return labelNames.length === 1 ? labelNames : ['LABEL_0'];
  if (labelNames.length < 2 && task === 'single_label_classification') {
    throw new Error(`Export: a single-label classifier needs at least 2 label names (got ${labelNames.length}).`);
  }
  if (new Set(labelNames).size !== labelNames.length) throw new Error(`Export: label names must be unique (got ${labelNames.join(', ')}).`);
  return labelNames;
}

export function buildHfConfig(base: HfConfig, task: TaskKind, labelNames: string[], studio: Omit<StudioConfigBlock, 'task'> = {}): HfConfig {
  const names = exportLabelNames(task, labelNames);
  const config: HfConfig = { ...base };
  for (const k of STALE_FIELDS) delete config[k];
  const id2label: Record<string, string> = {};
  const label2id: Record<string, number> = {};
  names.forEach((n, i) => { id2label[String(i)] = n; label2id[n] = i; });
  const block: StudioConfigBlock = { task, ...studio };
  return {
    architectures: [architectureClass(base.model_type, base)],
    ...config,
    id2label,
    label2id,
    problem_type: task,
    torch_dtype: 'float32',
    finetune_studio: block,
  };
}

/**
 * The longest input (tokens, specials included) the position table allows. RoBERTa-style models number
 * positions from pad_token_id + 1, so they lose pad + 1 rows (514 positions → 512 tokens).
 */
export function usableLength(config: Record<string, unknown>): number {
  const positions = typeof config.max_position_embeddings === 'number' ? config.max_position_embeddings : 512;
  if (config.model_type === 'roberta' || config.model_type === 'xlm-roberta' || config.model_type === 'xlm_roberta') {
    const pad = typeof config.pad_token_id === 'number' ? config.pad_token_id : 1;
    return positions - pad - 1;
  }
  return positions;
}

/** Reads our block back from an imported config.json (absent for a folder another tool wrote). */
export function readStudioBlock(config: Record<string, unknown>): StudioConfigBlock | undefined {
  const b = config.finetune_studio;
  return typeof b === 'object' && b !== null ? (b as StudioConfigBlock) : undefined;
}

/** The task of an imported config: problem_type when present, else HF's rule (1 label → regression). */
export function taskOfConfig(config: Record<string, unknown>): TaskKind {
  const p = config.problem_type;
  if (p === 'single_label_classification' || p === 'multi_label_classification' || p === 'regression') return p;
  const n = labelNamesOfConfig(config).length;
  return n === 1 ? 'regression' : 'single_label_classification';
}

/** Label names by id from id2label (keys are strings "0", "1", … in HF configs). */
export function labelNamesOfConfig(config: Record<string, unknown>): string[] {
  const map = config.id2label as Record<string, string> | undefined;
  if (!map || typeof map !== 'object') {
    const n = typeof config.num_labels === 'number' ? config.num_labels : 2;
    return Array.from({ length: n }, (_, i) => `LABEL_${i}`);
  }
  const ids = Object.keys(map).map(Number).sort((a, b) => a - b);
  return ids.map((i) => String(map[String(i)]));
}
