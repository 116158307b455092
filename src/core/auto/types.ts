/**
 * Auto: the hyperparameters a job gets when nobody chooses them, decided from what is known before
 * training (the model's family and size, the task, the train split's classes, lengths and duplicates),
 * each decision with the reason a person reads in the studio, the CLI and the model card.
 */
import type { TaskKind } from '../model/types';
import type { AutoDecision, Hyperparameters } from '../spec/jobSpec';

export type { AutoDecision };

/** The model as far as Auto needs it: read from config.json, no weights. */
export interface AutoModelInfo {
  /** config.json's model_type, e.g. 'bert', 'glove-cnn'. */
  modelType: string;
  /** Encoder layers (0 for word-vector models). */
  numLayers: number;
  /** Hidden size (BERT's hidden_size; a word-vector model's embedding size). */
  hiddenSize: number;
  /** Longest input the model accepts, in tokens. */
  maxPositions: number;
}

export interface AutoInputs {
  model: AutoModelInfo;
  task: TaskKind;
  labelNames: string[];
  /** Train rows per class, in labelNames order (multi-label: rows carrying each label). Empty for regression. */
  trainLabelCounts: number[];
  /** Tokens per train text (special tokens included), all of them or a sample. */
  trainTokenLengths: ArrayLike<number>;
  trainRows: number;
  /** Rows whose exact text appeared in an earlier row (the data core keeps each group in one split). */
  duplicateRows: number;
}


export interface LengthBin {
  /** Lower edge (inclusive) and upper edge (exclusive), in tokens. */
  from: number;
  to: number;
  count: number;
}

export interface LengthSummary {
  bins: LengthBin[];
  /** The 95th percentile of the lengths. */
  p95: number;
  longest: number;
  /** The max sequence length Auto proposes: the 95th percentile rounded up to a multiple of 8, capped by the model. */
  proposed: number;
  /** How many of the lengths given exceed `proposed` (texts that will be cut), and of how many. */
  cut: number;
  total: number;
}

export interface AutoPlan {
  hyperparameters: Hyperparameters;
  decisions: AutoDecision[];
  lengths: LengthSummary;
}
