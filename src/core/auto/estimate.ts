/**
 * How long a job will take, before it starts: tokens to process (epochs × the train texts' lengths after
 * the cut, plus one validation pass per epoch at a third of a training step's cost) over a training speed
 * measured on this project's reference machine, a 2-core CPU on wasm:
 *  - BERT-like: bert-tiny 79.8 and bert-mini 14.2 samples/s at 128 tokens (docs/benchmarks.md, bench:engine),
 *    i.e. about 4e8 / (layers × hidden²) tokens/s — the cost of a token grows with layers × hidden².
 *  - word-vector models: ≈ 120 train rows/s of SMS texts (~25 tokens), ≈ 3,000 tokens/s (bench:quality).
 * A GPU or a faster CPU finishes sooner; once training runs, the live ETA replaces this.
 */
import { modelFamily } from '../spec/presets';
import type { Hyperparameters } from '../spec/jobSpec';
import type { AutoModelInfo } from './types';

const TRANSFORMER_TOKEN_RATE = 4e8;
const WORD_VECTOR_TOKENS_PER_SECOND = 3000;
const EVALUATION_COST = 1 / 3;

export function tokensPerSecond(model: AutoModelInfo): number {
  if (modelFamily(model.modelType) !== 'transformer') return WORD_VECTOR_TOKENS_PER_SECOND;
  return TRANSFORMER_TOKEN_RATE / (Math.max(1, model.numLayers) * model.hiddenSize * model.hiddenSize);
}

/**
 * Seconds for a job: `lengths` a sample of train token counts standing for `trainRows` rows, validation
 * rows scored once per epoch.
 */
export function estimateSeconds(o: { model: AutoModelInfo; hp: Hyperparameters; lengths: ArrayLike<number>; trainRows: number; validationRows: number }): number {
  const { hp, lengths } = o;
  let sum = 0;
  for (let i = 0; i < lengths.length; i++) sum += Math.min(lengths[i], hp.maxSequenceLength);
  const meanTokens = lengths.length ? sum / lengths.length : hp.maxSequenceLength;
  const rows = o.trainRows + EVALUATION_COST * o.validationRows;
  return (hp.epochs * rows * meanTokens) / tokensPerSecond(o.model);
}
