/**
 * Weight plumbing: where a parameter may sit in a checkpoint, HF-style initialisation of fresh parameters,
 * and reading every variable back (HF layout, HF names) for export.
 */
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../rng';
import type { WritableTensor } from './safetensors';
import type { ParamSpec, SequenceClassifier } from './types';

/**
 * Names under which a checkpoint may store parameter `name`: the full *ForSequenceClassification name,
 * the base-model name without `basePrefix` (BertModel checkpoints), and TF1-era LayerNorm gamma/beta.
 */
export function checkpointNames(name: string, basePrefix: string): string[] {
  const names = [name];
  if (name.startsWith(basePrefix)) names.push(name.slice(basePrefix.length));
  const legacy = names.flatMap((n) => {
    if (n.endsWith('LayerNorm.weight')) return [n.replace(/LayerNorm\.weight$/, 'LayerNorm.gamma')];
    if (n.endsWith('LayerNorm.bias')) return [n.replace(/LayerNorm\.bias$/, 'LayerNorm.beta')];
    return [];
  });
  return [...names, ...legacy];
}

/** Checkpoint entries that are buffers, not parameters: skipped without being reported as unexpected. */
export function isIgnorableBuffer(name: string): boolean {
  return /(^|\.)position_ids$/.test(name) || /(^|\.)token_type_ids$/.test(name);
}

/** n samples of N(0, std²) from a seeded mulberry32 stream, by Box–Muller. */
export function seededNormal(n: number, std: number, seed: number): Float32Array {
  const rng = createRng(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i += 2) {
    const u1 = 1 - rng.next(); // (0, 1]: log is finite
    const u2 = rng.next();
    const r = Math.sqrt(-2 * Math.log(u1)) * std;
    out[i] = r * Math.cos(2 * Math.PI * u2);
    if (i + 1 < n) out[i + 1] = r * Math.sin(2 * Math.PI * u2);
  }
  return out;
}

/** A stable per-parameter seed, so adding a parameter does not change the others' initial values. */
function nameSeed(seed: number, name: string): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/**
 * Values for a parameter that the checkpoint lacks, as HF's `_init_weights`: Linear/Embedding weights
 * normal(0, initializer_range), biases 0, LayerNorm weight 1; the padding row of word embeddings 0.
 */
export function initialValues(spec: ParamSpec, std: number, seed: number, padTokenId: number): Float32Array {
  const size = spec.shape.reduce((a, b) => a * b, 1);
  if (spec.init === 'zeros') return new Float32Array(size);
  if (spec.init === 'ones') return new Float32Array(size).fill(1);
  const values = seededNormal(size, std, nameSeed(seed, spec.name));
  if (spec.name.endsWith('word_embeddings.weight') && padTokenId < spec.shape[0]) {
    const h = spec.shape[1];
    values.fill(0, padTokenId * h, (padTokenId + 1) * h);
  }
  return values;
}

/**
 * Every weight of `model` as fp32 with its HF name and HF layout, ready for writeSafetensors.
 * One batched read (Promise.all over `data()`), never dataSync.
 */
export async function exportWeights(model: SequenceClassifier): Promise<Record<string, WritableTensor>> {
  const entries = [...model.weights.entries()];
  const values = await Promise.all(entries.map(([, v]) => v.data() as Promise<Float32Array>));
  const out: Record<string, WritableTensor> = {};
  entries.forEach(([name, v], i) => { out[name] = { dtype: 'F32', shape: [...v.shape], data: values[i] }; });
  return out;
}

/** Total number of scalar parameters. */
export function countParameters(weights: ReadonlyMap<string, tf.Tensor>): number {
  let n = 0;
  for (const v of weights.values()) n += v.size;
  return n;
}
